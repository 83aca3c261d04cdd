// Deleting an endpoint, after a dialog that says what it does: nothing more is sent (not
// even the events it has not received yet), its log and secret go, the project's events stay.
import { useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useClient } from "urql";
import { navigate } from "../app/router.ts";
import { Alert } from "../app/ui.tsx";
import { returnToList } from "./memory.ts";
import { DeleteEndpointMutation } from "./operations.ts";
import { useFailureText } from "./shared.tsx";

interface Props {
  endpoint: { id: string; url: string; lag: number; project: { id: string } };
}

export function DeleteEndpoint({ endpoint }: Props) {
  const { t } = useTranslation();
  const client = useClient();
  const failure = useFailureText();
  const ids = { title: useId(), intro: useId() };
  const dialog = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function remove() {
    setBusy(true);
    setError(null);
    const result = await client.mutation(DeleteEndpointMutation, { id: endpoint.id }).toPromise();
    setBusy(false);
    const answer = result.data?.deleteWebhookEndpoint;
    if (answer?.__typename === "MutationDeleteWebhookEndpointSuccess") {
      dialog.current?.close();
      returnToList(endpoint.project.id, t("webhooks.delete.done", { url: endpoint.url }));
      return navigate("/webhooks");
    }
    setError(failure(answer, result.error));
  }

  return (
    <section className="card">
      <button type="button" className="danger" onClick={() => dialog.current?.showModal()}>
        {t("webhooks.delete.open")}
      </button>
      <dialog ref={dialog} aria-labelledby={ids.title} aria-describedby={ids.intro}>
        <h2 id={ids.title} className="webhook-url">
          {t("webhooks.delete.title", { url: endpoint.url })}
        </h2>
        <p id={ids.intro}>{t("webhooks.delete.intro")}</p>
        <ul>
          <li>{t("webhooks.delete.effects.stop", { lag: endpoint.lag })}</li>
          <li>{t("webhooks.delete.effects.log")}</li>
          <li>{t("webhooks.delete.effects.secret")}</li>
          <li>{t("webhooks.delete.effects.events")}</li>
        </ul>
        {error && <Alert>{error}</Alert>}
        <div className="actions">
          <button type="button" className="danger" disabled={busy} onClick={() => void remove()}>
            {busy ? t("webhooks.delete.deleting") : t("webhooks.delete.confirm")}
          </button>
          <button type="button" onClick={() => dialog.current?.close()}>
            {t("common.cancel")}
          </button>
        </div>
      </dialog>
    </section>
  );
}
