// The endpoint form, for adding and for editing: URL (with the gateway's URL rules shown
// before submitting), event types from the schema, description, batch size and — when
// editing — enabled. The console's own checks run first; the gateway's typed errors are then
// placed next to the field their path names, the rest above the submit button.
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type { CombinedError } from "urql";
import { Alert, TextField, useErrorText } from "../app/ui.tsx";
import { placeErrors, type TypedError } from "../errors.ts";
import {
  BATCH_MAX,
  checkDescription,
  checkEventTypes,
  checkUrl,
  DESCRIPTION_MAX,
  ENDPOINT_FIELDS,
  type EndpointField,
  parseBatchSize,
} from "./rules.ts";
import { EventTypeField, useFailureText } from "./shared.tsx";

export interface EndpointValues {
  url: string;
  eventTypes: string[];
  description: string;
  batchSize: number;
  enabled: boolean;
}

/** What a submit answered: nothing (done) or messages per field and for the form. */
export interface SubmitProblems {
  fields?: Partial<Record<EndpointField, string>>;
  form?: string;
}

interface Props {
  title: string;
  submitLabel: string;
  initial: EndpointValues;
  /** Editing shows the enabled checkbox. */
  editing?: boolean;
  onSubmit(values: EndpointValues): Promise<SubmitProblems | null>;
}

function UrlRules() {
  const { t } = useTranslation();
  return (
    <>
      <span className="rule">{t("webhooks.urlRules.title")}</span>
      <span className="rule">• {t("webhooks.urlRules.https")}</span>
      <span className="rule">• {t("webhooks.urlRules.public")}</span>
      <span className="rule">• {t("webhooks.urlRules.form")}</span>
    </>
  );
}

function useLocalChecks() {
  const { t } = useTranslation();
  return (url: string, types: string[], description: string, batch: string) => {
    const fields: Partial<Record<EndpointField, string>> = {};
    const urlRule = checkUrl(url);
    if (urlRule) fields.url = t(`webhooks.rules.${urlRule}`);
    const typesRule = checkEventTypes(types);
    if (typesRule) fields.eventTypes = t(`webhooks.rules.${typesRule}`);
    if (checkDescription(description))
      fields.description = t("webhooks.rules.descriptionTooLong", { count: description.length });
    if (parseBatchSize(batch) === null) fields.batchSize = t("webhooks.rules.batchSize");
    return fields;
  };
}

function EnabledField({ checked, onChange }: { checked: boolean; onChange(v: boolean): void }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="field">
      <label>
        <input
          type="checkbox"
          checked={checked}
          aria-describedby={id}
          onChange={(e) => onChange(e.target.checked)}
        />{" "}
        {t("webhooks.fields.enabled")}
      </label>
      <p id={id} className="hint">
        {t("webhooks.fields.enabledHint")}
      </p>
    </div>
  );
}

export function EndpointForm({ title, submitLabel, initial, editing, onSubmit }: Props) {
  const { t } = useTranslation();
  const titleId = useId();
  const check = useLocalChecks();
  const [url, setUrl] = useState(initial.url);
  const [types, setTypes] = useState<string[]>(initial.eventTypes);
  const [description, setDescription] = useState(initial.description);
  const [batch, setBatch] = useState(String(initial.batchSize));
  const [enabled, setEnabled] = useState(initial.enabled);
  const [problems, setProblems] = useState<SubmitProblems>({});
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const fields = check(url, types, description, batch);
    setProblems({ fields });
    if (Object.keys(fields).length) return;
    setBusy(true);
    const answer = await onSubmit({
      url: url.trim(),
      eventTypes: types,
      description,
      batchSize: parseBatchSize(batch)!,
      enabled,
    });
    setBusy(false);
    setProblems(answer ?? {});
  }

  const error = (f: EndpointField) => problems.fields?.[f];
  return (
    <form onSubmit={submit} aria-labelledby={titleId} noValidate className="card">
      <h3 id={titleId}>{title}</h3>
      <TextField
        label={t("webhooks.fields.url")}
        hint={<UrlRules />}
        error={error("url")}
        value={url}
        onChange={setUrl}
        required
      />
      <EventTypeField value={types} onChange={setTypes} error={error("eventTypes")} />
      <TextField
        label={t("webhooks.fields.description")}
        hint={t("webhooks.fields.descriptionHint")}
        error={error("description")}
        value={description}
        onChange={setDescription}
        max={DESCRIPTION_MAX}
        multiline
      />
      <TextField
        label={t("webhooks.fields.batchSize")}
        hint={t("webhooks.fields.batchSizeHint", { max: BATCH_MAX })}
        error={error("batchSize")}
        value={batch}
        onChange={setBatch}
      />
      {editing && <EnabledField checked={enabled} onChange={setEnabled} />}
      {problems.form && <Alert>{problems.form}</Alert>}
      <button type="submit" disabled={busy}>
        {submitLabel}
      </button>
    </form>
  );
}

/** A mutation's typed error as SubmitProblems: issues on their fields, the rest for the form. */
export function useSubmitProblems() {
  const failure = useFailureText();
  const errorText = useErrorText();
  return (answer: TypedError | undefined, error: CombinedError | undefined): SubmitProblems => {
    if (answer?.__typename !== "ValidationError") return { form: failure(answer, error) };
    const placed = placeErrors(answer, ENDPOINT_FIELDS);
    const fields: Partial<Record<EndpointField, string>> = {};
    for (const f of ENDPOINT_FIELDS) if (placed.fields[f]) fields[f] = placed.fields[f].message;
    const form = placed.form.map((e) => errorText(e)).join(" ");
    return form ? { fields, form } : { fields };
  };
}
