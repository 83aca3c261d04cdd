// The form that creates a project or changes its name and description: the rules are
// shown under each field and checked before submitting; the gateway's typed errors land
// next to the field their path names.
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Alert, TextField, useErrorText } from "../app/ui.tsx";
import { placeErrors, type FieldIssue, type TypedError } from "../errors.ts";
import {
  checkProject,
  PROJECT_DESCRIPTION_MAX,
  PROJECT_FIELDS,
  PROJECT_NAME_MAX,
  type ProjectField,
  type ProjectRuleBreak,
} from "./rules.ts";

export interface ProjectValues {
  name: string;
  description: string;
}

/** What a submit answered: null when it worked, else the typed error (or a request error's text). */
export type SubmitOutcome = null | TypedError | string;

interface Props {
  title: string;
  submitLabel: string;
  initial: ProjectValues;
  /** Empty the fields after a successful submit (the create form). */
  resetOnSuccess?: boolean;
  onSubmit(values: ProjectValues): Promise<SubmitOutcome>;
}

export function ProjectForm({ title, submitLabel, initial, resetOnSuccess, onSubmit }: Props) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [values, setValues] = useState(initial);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<ProjectField, string>>>({});
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const titleId = useId();

  const ruleText = (broken: ProjectRuleBreak) =>
    "count" in broken
      ? t(`projects.rules.${broken.rule}`, { count: broken.count })
      : t(`projects.rules.${broken.rule}`);
  /** A gateway issue about a field we check is a rule we can say in the user's language. */
  const issueText = (field: ProjectField, issue: FieldIssue) => {
    const broken = checkProject(values).find((b) => b.field === field);
    return broken ? ruleText(broken) : issue.message;
  };

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const broken = checkProject(values);
    setFieldErrors(Object.fromEntries(broken.map((b) => [b.field, ruleText(b)])));
    setFormErrors([]);
    if (broken.length) return;
    setBusy(true);
    const outcome = await onSubmit({ name: values.name.trim(), description: values.description });
    setBusy(false);
    if (outcome === null) {
      if (resetOnSuccess) setValues(initial);
      return;
    }
    if (typeof outcome === "string") return setFormErrors([outcome]);
    const placed = placeErrors(outcome, PROJECT_FIELDS);
    setFieldErrors(
      Object.fromEntries(
        PROJECT_FIELDS.flatMap((f) =>
          placed.fields[f] ? [[f, issueText(f, placed.fields[f])]] : [],
        ),
      ),
    );
    setFormErrors(placed.form.map(errorText));
  }

  const set = (field: ProjectField) => (value: string) =>
    setValues((v) => ({ ...v, [field]: value }));

  return (
    <form onSubmit={submit} aria-labelledby={titleId} noValidate className="card">
      <h3 id={titleId}>{title}</h3>
      <TextField
        label={t("projects.fields.name")}
        hint={t("projects.fields.nameHint")}
        error={fieldErrors.name}
        value={values.name}
        onChange={set("name")}
        max={PROJECT_NAME_MAX}
        trimmed
        required
      />
      <TextField
        label={t("projects.fields.description")}
        hint={t("projects.fields.descriptionHint")}
        error={fieldErrors.description}
        value={values.description}
        onChange={set("description")}
        max={PROJECT_DESCRIPTION_MAX}
        multiline
      />
      {formErrors.map((e) => (
        <Alert key={e}>{e}</Alert>
      ))}
      <button type="submit" disabled={busy}>
        {busy ? t("common.saving") : submitLabel}
      </button>
    </form>
  );
}
