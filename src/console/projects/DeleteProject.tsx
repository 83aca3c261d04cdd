// Deleting a project: a modal dialog that says everything the cascade ends (README,
// "Deleting a project") before the user confirms, then what it actually ended.
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useClient } from "urql";
import { Alert, useErrorText, useRequestErrorText } from "../app/ui.tsx";
import { DeleteProjectMutation } from "./operations.ts";

const EFFECTS = ["hidden", "reservations", "schedules", "optOut", "accessKeys"] as const;

export function DeleteProject({
  id,
  name,
  onDeleted,
}: {
  id: string;
  name: string;
  onDeleted(message: string): void;
}) {
  const { t } = useTranslation();
  const client = useClient();
  const errorText = useErrorText();
  const requestError = useRequestErrorText();
  const dialog = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function confirm() {
    setBusy(true);
    setError(null);
    const result = await client.mutation(DeleteProjectMutation, { id }).toPromise();
    setBusy(false);
    const answer = result.data?.deleteProject;
    if (!answer) return setError(result.error ? requestError(result.error) : t("errors.network"));
    if (answer.__typename !== "MutationDeleteProjectSuccess")
      return setError(
        answer.__typename === "NotFoundError" ? t("errors.projectGone") : errorText(answer),
      );
    dialog.current?.close();
    const ended = answer.data;
    onDeleted(
      t("projects.delete.done", {
        name,
        reservations: ended.skippedReservations,
        schedules: ended.deactivatedSchedules,
        optOut: ended.stoppedOptOutServices,
      }),
    );
  }

  return (
    <section className="card danger-zone">
      <button type="button" className="danger" onClick={() => dialog.current?.showModal()}>
        {t("projects.delete.open")}
      </button>
      {/* <dialog> with showModal(): focus moves in, Escape closes it, the page behind is inert. */}
      <dialog ref={dialog} aria-labelledby="delete-title" aria-describedby="delete-intro">
        <h2 id="delete-title">{t("projects.delete.title", { name })}</h2>
        <p id="delete-intro">{t("projects.delete.intro")}</p>
        <ul>
          {EFFECTS.map((effect) => (
            <li key={effect}>{t(`projects.delete.effects.${effect}`)}</li>
          ))}
        </ul>
        {error && <Alert>{error}</Alert>}
        <div className="actions">
          <button type="button" className="danger" disabled={busy} onClick={() => void confirm()}>
            {busy ? t("projects.delete.deleting") : t("projects.delete.confirm")}
          </button>
          <button type="button" onClick={() => dialog.current?.close()}>
            {t("common.cancel")}
          </button>
        </div>
      </dialog>
    </section>
  );
}
