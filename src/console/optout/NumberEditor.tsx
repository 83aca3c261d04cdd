// Manual changes to the opt-out list: numbers pasted one per line (up to 1,000 per call),
// checked line by line before sending, then added or deleted with what happened to each.
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { type CombinedError, useClient } from "urql";
import { Alert, Notice, useErrorText, useRequestErrorText } from "../app/ui.tsx";
import { AddNumbersMutation, DeleteNumbersMutation } from "./operations.ts";
import { checkNumberLines, NUMBERS_PER_CALL, parseNumberLines } from "./rules.ts";

type Parsed = ReturnType<typeof parseNumberLines>;

/** What is wrong with the pasted lines, as one message, or null. */
function useRuleError() {
  const { t } = useTranslation();
  return (parsed: Parsed): string | null => {
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
  };
}

/** Adds or deletes the numbers; resolves to the report of what happened, or the error. */
function useSendNumbers() {
  const { t } = useTranslation();
  const client = useClient();
  const errorText = useErrorText();
  const requestError = useRequestErrorText();
  const failure = (
    answer: Parameters<typeof errorText>[0] | null | undefined,
    error?: CombinedError,
  ) => ({
    error: answer ? errorText(answer) : error ? requestError(error) : t("errors.network"),
  });
  return async (action: "add" | "delete", variables: { projectId: string; numbers: string[] }) => {
    if (action === "add") {
      const result = await client.mutation(AddNumbersMutation, variables).toPromise();
      const answer = result.data?.addOptOutNumbers;
      if (answer?.__typename !== "MutationAddOptOutNumbersSuccess")
        return failure(answer, result.error);
      return {
        report: t("optout.edit.added", {
          added: answer.data.added.length,
          present: answer.data.alreadyPresent.length,
          duplicates: answer.data.duplicates,
        }),
      };
    }
    const result = await client.mutation(DeleteNumbersMutation, variables).toPromise();
    const answer = result.data?.deleteOptOutNumbers;
    if (answer?.__typename !== "MutationDeleteOptOutNumbersSuccess")
      return failure(answer, result.error);
    return {
      report: t("optout.edit.deleted", {
        deleted: answer.data.deleted.length,
        notFound: answer.data.notFound.length,
        duplicates: answer.data.duplicates,
      }),
    };
  };
}

function useNumberEditor(projectId: string, onChanged: () => void) {
  const ruleError = useRuleError();
  const send = useSendNumbers();
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [report, setReport] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const parsed = parseNumberLines(text);

  async function run(action: "add" | "delete") {
    const broken = ruleError(parsed);
    setError(broken);
    setReport(null);
    if (broken) return;
    setBusy(true);
    const outcome = await send(action, { projectId, numbers: parsed.values });
    setBusy(false);
    if ("error" in outcome) return setError(outcome.error);
    setReport(outcome.report);
    setText("");
    onChanged();
  }
  return { text, setText, error, report, busy, parsed, run };
}

export function NumberEditor({ projectId, onChanged }: { projectId: string; onChanged(): void }) {
  const { t } = useTranslation();
  const id = useId();
  const { text, setText, error, report, busy, parsed, run } = useNumberEditor(projectId, onChanged);
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
