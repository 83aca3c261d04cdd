// Manual changes to the opt-out list: numbers pasted one per line (up to 1,000 per call),
// checked line by line before sending, then added or deleted with what happened to each.
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { useClient } from "urql";
import { Alert, Notice, useErrorText, useRequestErrorText } from "../app/ui.tsx";
import { AddNumbersMutation, DeleteNumbersMutation } from "./operations.ts";
import { checkNumberLines, NUMBERS_PER_CALL, parseNumberLines } from "./rules.ts";

export function NumberEditor({ projectId, onChanged }: { projectId: string; onChanged(): void }) {
  const { t } = useTranslation();
  const client = useClient();
  const errorText = useErrorText();
  const requestError = useRequestErrorText();
  const id = useId();
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [report, setReport] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const parsed = parseNumberLines(text);

  function ruleError(): string | null {
    const broken = checkNumberLines(parsed);
    if (!broken) return null;
    if (broken !== "numbersInvalid")
      return t(`optout.edit.rules.${broken}`, {
        count: parsed.values.length,
        max: NUMBERS_PER_CALL,
      });
    return parsed.invalid
      .map((i) =>
        t("optout.edit.invalidLine", {
          line: i.line,
          value: i.value,
          reason: t(`optout.invalid.${i.code}`),
        }),
      )
      .join(" ");
  }

  async function run(action: "add" | "delete") {
    const broken = ruleError();
    setError(broken);
    setReport(null);
    if (broken) return;
    setBusy(true);
    const variables = { projectId, numbers: parsed.values };
    let message: string | null = null;
    if (action === "add") {
      const result = await client.mutation(AddNumbersMutation, variables).toPromise();
      const answer = result.data?.addOptOutNumbers;
      if (answer?.__typename === "MutationAddOptOutNumbersSuccess")
        message = t("optout.edit.added", {
          added: answer.data.added.length,
          present: answer.data.alreadyPresent.length,
          duplicates: answer.data.duplicates,
        });
      else
        setError(
          answer
            ? errorText(answer)
            : result.error
              ? requestError(result.error)
              : t("errors.network"),
        );
    } else {
      const result = await client.mutation(DeleteNumbersMutation, variables).toPromise();
      const answer = result.data?.deleteOptOutNumbers;
      if (answer?.__typename === "MutationDeleteOptOutNumbersSuccess")
        message = t("optout.edit.deleted", {
          deleted: answer.data.deleted.length,
          notFound: answer.data.notFound.length,
          duplicates: answer.data.duplicates,
        });
      else
        setError(
          answer
            ? errorText(answer)
            : result.error
              ? requestError(result.error)
              : t("errors.network"),
        );
    }
    setBusy(false);
    if (message) {
      setReport(message);
      setText("");
      onChanged();
    }
  }

  const over = parsed.values.length > NUMBERS_PER_CALL;
  return (
    <section aria-labelledby={`${id}-title`} className="card">
      <h3 id={`${id}-title`}>{t("optout.edit.title")}</h3>
      <div className={error ? "field field-invalid" : "field"}>
        <label htmlFor={id}>{t("optout.edit.label")}</label>
        <textarea
          id={id}
          rows={6}
          value={text}
          spellCheck={false}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
          aria-invalid={error ? true : undefined}
          onChange={(e) => setText(e.target.value)}
        />
        <p id={`${id}-hint`} className="hint">
          {t("optout.edit.hint")}{" "}
          <span className={over ? "counter over" : "counter"}>
            {t("optout.edit.counter", { count: parsed.values.length, max: NUMBERS_PER_CALL })}
          </span>
        </p>
        {error && (
          <p id={`${id}-error`} className="field-error">
            {error}
          </p>
        )}
      </div>
      {report && <Notice>{report}</Notice>}
      <div className="actions">
        <button type="button" disabled={busy} onClick={() => void run("add")}>
          {t("optout.edit.add")}
        </button>
        <button type="button" disabled={busy} onClick={() => void run("delete")}>
          {t("optout.edit.delete")}
        </button>
      </div>
      {error && <Alert>{t("optout.edit.nothingSent")}</Alert>}
    </section>
  );
}
