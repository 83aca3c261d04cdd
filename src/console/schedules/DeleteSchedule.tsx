// Deleting a schedule: a modal dialog that says what goes (the schedule, its attached
// messages and occurrence records; sent messages stay in the history) and asks for the
// code to be typed again — the gateway checks the same `confirmCode`.
import { useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useClient } from "urql";
import { Alert, useErrorText, useRequestErrorText } from "../app/ui.tsx";
import { DeleteScheduleMutation } from "./operations.ts";

/** The delete request; resolves to the problem to show, or null once deleted. */
function useDeleteRequest(id: string) {
  const { t } = useTranslation();
  const client = useClient();
  const errorText = useErrorText();
  const requestError = useRequestErrorText();
  return async (confirmCode: string): Promise<string | null> => {
    const result = await client.mutation(DeleteScheduleMutation, { id, confirmCode }).toPromise();
    const answer = result.data?.deleteSchedule;
    if (!answer) return result.error ? requestError(result.error) : t("errors.network");
    if (answer.__typename === "MutationDeleteScheduleSuccess") return null;
    if (answer.__typename === "NotFoundError") return t("schedules.detail.notFound");
    return answer.issues[0]?.message ?? errorText(answer);
  };
}

export function DeleteSchedule({
  id,
  code,
  onDeleted,
}: {
  id: string;
  code: string;
  onDeleted(message: string): void;
}) {
  const { t } = useTranslation();
  const request = useDeleteRequest(id);
  const dialog = useRef<HTMLDialogElement>(null);
  const fieldId = useId();
  const [typed, setTyped] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const matches = typed === code;

  async function confirm() {
    setBusy(true);
    setError(null);
    const problem = await request(typed);
    setBusy(false);
    if (problem) return setError(problem);
    dialog.current?.close();
    onDeleted(t("schedules.delete.done", { code }));
  }

  return (
    <section className="card danger-zone">
      <button type="button" className="danger" onClick={() => dialog.current?.showModal()}>
        {t("schedules.delete.open")}
      </button>
      <dialog
        ref={dialog}
        aria-labelledby={`${fieldId}-title`}
        aria-describedby={`${fieldId}-intro`}
      >
        <h2 id={`${fieldId}-title`}>{t("schedules.delete.title", { code })}</h2>
        <p id={`${fieldId}-intro`}>{t("schedules.delete.intro")}</p>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (matches) void confirm();
          }}
        >
          <div className="field">
            <label htmlFor={fieldId}>{t("schedules.delete.confirmLabel", { code })}</label>
            <input
              id={fieldId}
              value={typed}
              autoComplete="off"
              spellCheck={false}
              aria-describedby={`${fieldId}-hint`}
              onChange={(e) => setTyped(e.target.value)}
            />
            <p id={`${fieldId}-hint`} className="hint">
              {matches ? "✓" : t("schedules.delete.mismatch")}
            </p>
          </div>
          {error && <Alert>{error}</Alert>}
          <div className="actions">
            <button type="submit" className="danger" disabled={busy || !matches}>
              {busy ? t("schedules.delete.deleting") : t("schedules.delete.confirm")}
            </button>
            <button type="button" onClick={() => dialog.current?.close()}>
              {t("common.cancel")}
            </button>
          </div>
        </form>
      </dialog>
    </section>
  );
}
