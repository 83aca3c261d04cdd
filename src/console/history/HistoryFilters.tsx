// The History screen's filter form: request-time range, type, content type, status, result,
// sender and recipient, each labelled with its rule; a rule broken is shown next to its
// field before anything is sent (rules.ts).
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  CONTENT_TYPES,
  EMPTY_FORM,
  type HistoryFilter,
  type HistoryForm,
  type HistoryIssue,
  oldestKept,
  RESULTS,
  STATUSES,
  TYPES,
  toFilter,
} from "./rules.ts";

type Issues = Partial<Record<keyof HistoryForm, HistoryIssue>>;

function Field({
  label,
  hint,
  error,
  children,
}: {
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  children(props: {
    id: string;
    "aria-describedby"?: string;
    "aria-invalid"?: true;
  }): React.ReactNode;
}) {
  const id = useId();
  const describedBy =
    [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") ||
    undefined;
  return (
    <div className={error ? "field field-invalid" : "field"}>
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        ...(describedBy ? { "aria-describedby": describedBy } : {}),
        ...(error ? { "aria-invalid": true as const } : {}),
      })}
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

/** The form's values, the issues found in them, and search / reset. */
function useHistoryForm(onSearch: (filter: HistoryFilter) => void) {
  const { t, i18n } = useTranslation();
  const [form, setForm] = useState<HistoryForm>(EMPTY_FORM);
  const [issues, setIssues] = useState<Issues>({});
  const oldest = oldestKept(new Date()).toLocaleString(i18n.language, {
    dateStyle: "medium",
    timeStyle: "short",
  });
  const set = <K extends keyof HistoryForm>(key: K, value: HistoryForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const issueText = (key: keyof HistoryForm) =>
    issues[key] ? t(`history.issues.${issues[key]}`, { date: oldest }) : undefined;

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const checked = toFilter(form, new Date());
    if ("issues" in checked) return setIssues(checked.issues);
    setIssues({});
    onSearch(checked.filter);
  };
  const reset = () => {
    setForm(EMPTY_FORM);
    setIssues({});
    onSearch({});
  };
  return { form, set, issueText, oldest, submit, reset };
}

type FormState = ReturnType<typeof useHistoryForm>;

function Choice<K extends "type" | "contentType" | "status" | "result">({
  state,
  name: key,
  options,
  hint,
}: {
  state: FormState;
  name: K;
  options: readonly string[];
  hint?: string;
}) {
  const { t } = useTranslation();
  return (
    <Field label={t(`history.filters.${key}`)} hint={hint} error={state.issueText(key)}>
      {(props) => (
        <select
          {...props}
          value={state.form[key]}
          onChange={(e) => state.set(key, e.target.value as HistoryForm[K])}
        >
          <option value="">{t("history.filters.any")}</option>
          {options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

function Text({
  state,
  name: key,
  type,
  hint,
}: {
  state: FormState;
  name: "requestedFrom" | "requestedTo" | "from" | "to";
  type: string;
  hint: string;
}) {
  const { t } = useTranslation();
  return (
    <Field label={t(`history.filters.${key}`)} hint={hint} error={state.issueText(key)}>
      {(props) => (
        <input
          {...props}
          type={type}
          value={state.form[key]}
          inputMode={type === "text" ? "tel" : undefined}
          onChange={(e) => state.set(key, e.target.value)}
        />
      )}
    </Field>
  );
}

export function HistoryFilters({ onSearch }: { onSearch(filter: HistoryFilter): void }) {
  const { t } = useTranslation();
  const state = useHistoryForm(onSearch);
  const timeHint = t("history.filters.timeHint", { date: state.oldest });
  const numberHint = t("history.filters.numberHint");

  return (
    <form
      aria-labelledby="history-filters-title"
      className="card history-filters"
      onSubmit={state.submit}
      noValidate
    >
      <h2 id="history-filters-title">{t("history.filters.title")}</h2>
      <div className="history-grid">
        <Text state={state} name="requestedFrom" type="datetime-local" hint={timeHint} />
        <Text state={state} name="requestedTo" type="datetime-local" hint={timeHint} />
        <Choice state={state} name="type" options={TYPES} />
        <Choice state={state} name="contentType" options={CONTENT_TYPES} />
        <Choice state={state} name="status" options={STATUSES} />
        <Choice
          state={state}
          name="result"
          options={RESULTS}
          hint={t("history.filters.resultHint")}
        />
        <Text state={state} name="from" type="text" hint={numberHint} />
        <Text state={state} name="to" type="text" hint={numberHint} />
      </div>
      <div className="actions">
        <button type="submit">{t("history.filters.search")}</button>
        <button type="button" onClick={state.reset}>
          {t("history.filters.reset")}
        </button>
      </div>
    </form>
  );
}
