// The opt-out list of a COMPLETE service: searchable by number prefix, time range and source,
// newest first, paged by cursor.
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { Pager, useCursors } from "../app/paging.tsx";
import { Alert, TextField, useErrorText, useFormatDate, useRequestErrorText } from "../app/ui.tsx";
import { placeErrors } from "../errors.ts";
import { SelectField } from "../senders/fields.tsx";
import { OptOutNumbersQuery } from "./operations.ts";
import { checkSearch, searchFilter, type SearchValues } from "./rules.ts";
import { useRefetchOn } from "../app/refetch.ts";

const PAGE_SIZE = 50;
const EMPTY: SearchValues = { number: "", from: "", to: "", source: "" };
type SearchField = "number" | "from" | "to";

function DateTimeField({
  label,
  hint,
  error,
  value,
  onChange,
}: {
  label: string;
  hint: string;
  error?: string | undefined;
  value: string;
  onChange(value: string): void;
}) {
  const id = useId();
  return (
    <div className={error ? "field field-invalid" : "field"}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="datetime-local"
        value={value}
        aria-describedby={[`${id}-hint`, error ? `${id}-error` : ""].join(" ").trim()}
        aria-invalid={error ? true : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      <p id={`${id}-hint`} className="hint">
        {hint}
      </p>
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

type Errors = Partial<Record<SearchField, string>>;

/** The search form's draft, the filter applied, the page and the gateway's answer. */
function useNumberSearch(projectId: string, refresh: number) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(EMPTY);
  const [applied, setApplied] = useState(EMPTY);
  const [errors, setErrors] = useState<Errors>({});
  const paging = useCursors();
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: OptOutNumbersQuery,
    variables: {
      projectId,
      filter: searchFilter(applied),
      first: PAGE_SIZE,
      after: paging.after,
    },
  });
  useRefetchOn(refresh, reexecute);

  const answer = data?.optOutNumbers;
  // The gateway's issues about the filter, next to the field they name.
  const placed =
    answer && answer.__typename !== "QueryOptOutNumbersSuccess"
      ? placeErrors(answer, ["number", "from", "to"] as const)
      : null;
  const shownErrors: Errors = {
    ...errors,
    ...Object.fromEntries(Object.entries(placed?.fields ?? {}).map(([f, i]) => [f, i.message])),
  };

  function search(event: React.FormEvent) {
    event.preventDefault();
    const broken = checkSearch(draft);
    setErrors(Object.fromEntries(broken.map((b) => [b.field, t(`optout.search.rules.${b.rule}`)])));
    if (broken.length) return;
    setApplied(draft);
    paging.reset();
    reexecute({ requestPolicy: "network-only" });
  }
  function clear() {
    setDraft(EMPTY);
    setApplied(EMPTY);
    setErrors({});
    paging.reset();
  }
  const set = (field: keyof SearchValues) => (value: string) =>
    setDraft((d) => ({ ...d, [field]: value }));
  const page = answer?.__typename === "QueryOptOutNumbersSuccess" ? answer.data : null;
  return { draft, set, shownErrors, search, clear, paging, answer, page, placed, error, fetching };
}

function SearchForm({ search }: { search: ReturnType<typeof useNumberSearch> }) {
  const { t } = useTranslation();
  const { draft, set, shownErrors } = search;
  return (
    <form
      onSubmit={search.search}
      aria-label={t("optout.search.title")}
      noValidate
      className="optout-search"
    >
      <TextField
        label={t("optout.search.number")}
        hint={t("optout.search.numberHint")}
        error={shownErrors.number}
        value={draft.number}
        onChange={set("number")}
      />
      <DateTimeField
        label={t("optout.search.from")}
        hint={t("optout.search.fromHint")}
        error={shownErrors.from}
        value={draft.from}
        onChange={set("from")}
      />
      <DateTimeField
        label={t("optout.search.to")}
        hint={t("optout.search.toHint")}
        error={shownErrors.to}
        value={draft.to}
        onChange={set("to")}
      />
      <SelectField
        label={t("optout.search.source")}
        value={draft.source}
        onChange={set("source")}
        placeholder={t("optout.search.anySource")}
        options={[
          { value: "ARS", label: t("optout.sources.ARS") },
          { value: "MANUAL", label: t("optout.sources.MANUAL") },
        ]}
      />
      <div className="actions">
        <button type="submit">{t("optout.search.submit")}</button>
        <button type="button" onClick={search.clear}>
          {t("optout.search.clear")}
        </button>
      </div>
    </form>
  );
}

type Page = NonNullable<ReturnType<typeof useNumberSearch>["page"]>;

function NumberTable({ edges }: { edges: Page["edges"] }) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  return (
    <table aria-labelledby="optout-list-title">
      <thead>
        <tr>
          <th scope="col">{t("optout.list.number")}</th>
          <th scope="col">{t("optout.list.source")}</th>
          <th scope="col">{t("optout.list.added")}</th>
        </tr>
      </thead>
      <tbody>
        {edges.map(({ node }) => (
          <tr key={node.id}>
            <th scope="row">
              <code>{node.number}</code>
            </th>
            <td>{t(`optout.sources.${node.source}`)}</td>
            <td>{formatDate(node.createdAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function NumberList({ projectId, refresh }: { projectId: string; refresh: number }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const requestError = useRequestErrorText();
  const search = useNumberSearch(projectId, refresh);
  const { answer, page, placed, error, fetching, paging } = search;

  return (
    <section aria-labelledby="optout-list-title" className="card">
      <h2 id="optout-list-title">{t("optout.list.title")}</h2>
      <SearchForm search={search} />
      {error && <Alert>{requestError(error)}</Alert>}
      {placed?.form.map((e) => (
        <Alert key={e.message}>{errorText(e)}</Alert>
      ))}
      {!answer && fetching && <p>{t("common.loading")}</p>}
      {page && (
        <>
          <p className="muted" role="status">
            {t("optout.list.total", { count: page.totalCount })}
          </p>
          {page.edges.length > 0 && <NumberTable edges={page.edges} />}
          <Pager cursors={paging.cursors} setCursors={paging.setCursors} pageInfo={page.pageInfo} />
        </>
      )}
    </section>
  );
}
