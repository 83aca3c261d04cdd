// The seed's "More" view: one message's result as pretty JSON, in a modal dialog (the
// shape of SENS's GET /messages/{messageId}), read when it opens.
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { Alert, useRequestErrorText } from "../app/ui.tsx";
import { MessageJsonQuery } from "./operations.ts";
import { messageJson } from "./rules.ts";

export function MessageJsonDialog({
  id,
  to,
  onClose,
}: {
  /** Relay `Message.id`. */
  id: string;
  to: string;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const requestError = useRequestErrorText();
  const dialog = useRef<HTMLDialogElement>(null);
  const [{ data, error }] = useQuery({
    query: MessageJsonQuery,
    variables: { id },
    requestPolicy: "network-only",
  });
  // showModal(): focus moves in, Escape closes, the page behind is inert.
  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
  }, []);
  const node = data?.node;

  return (
    <dialog
      ref={dialog}
      className="results-json"
      aria-labelledby="results-json-title"
      aria-describedby="results-json-intro"
      onClose={onClose}
    >
      <h2 id="results-json-title">
        {t("results.more.title")} <span className="muted">{to}</span>
      </h2>
      <p id="results-json-intro" className="hint">
        {t("results.more.intro")}
      </p>
      {error && <Alert>{requestError(error)}</Alert>}
      {!data && !error && <p>{t("results.more.loading")}</p>}
      {data && node?.__typename !== "Message" && <Alert>{t("results.more.gone")}</Alert>}
      {node?.__typename === "Message" && (
        <figure aria-label={t("results.more.title")}>
          <pre>{JSON.stringify(messageJson(node), null, 2)}</pre>
        </figure>
      )}
      <div className="actions">
        <button type="button" onClick={() => dialog.current?.close()}>
          {t("common.close")}
        </button>
      </div>
    </dialog>
  );
}
