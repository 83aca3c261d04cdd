// The form that creates a schedule or changes one: every rule is stated under its field
// and checked before submitting (the latest allowed end is computed from the creation);
// the gateway's typed errors land next to the field their path names.
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Alert, TextField, useErrorText } from "../app/ui.tsx";
import { placeErrors, type TypedError } from "../errors.ts";
import {
  checkSchedule,
  DEFAULT_TIME_ZONE,
  everyDay,
  fromInput,
  isEveryDay,
  isIanaZone,
  latestEnd,
  SCHEDULE_CODE_MAX,
  SCHEDULE_DESCRIPTION_MAX,
  SCHEDULE_FIELDS,
  toggleDay,
  toInput,
  WEEKDAYS,
  type ScheduleField,
  type ScheduleRuleBreak,
  type ScheduleValues,
} from "./rules.ts";

/** What a submit answered: null when it worked, else the typed error (or a request error's text). */
export type SubmitOutcome = null | TypedError | string;

interface Props {
  title: string;
  submitLabel: string;
  initial: ScheduleValues;
  /** The schedule's creation (the 6-month bound counts from it); null for a new schedule. */
  createdAt: string | null;
  resetOnSuccess?: boolean;
  onSubmit(values: ScheduleValues): Promise<SubmitOutcome>;
}

type Errors = Partial<Record<ScheduleField, string>>;

function LocalField(props: {
  label: string;
  hint: string;
  error: string | undefined;
  value: string;
  onChange(value: string): void;
}) {
  const id = useId();
  const describedBy = [`${id}-hint`, props.error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div className={props.error ? "field field-invalid" : "field"}>
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type="datetime-local"
        value={toInput(props.value)}
        aria-describedby={describedBy}
        aria-invalid={props.error ? true : undefined}
        onChange={(e) => props.onChange(fromInput(e.target.value))}
      />
      <p id={`${id}-hint`} className="hint">
        {props.hint}
      </p>
      {props.error && (
        <p id={`${id}-error`} className="field-error">
          {props.error}
        </p>
      )}
    </div>
  );
}

function WeekdayField(props: {
  value: ScheduleValues["weekdays"];
  error: string | undefined;
  onChange(days: ScheduleValues["weekdays"]): void;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <fieldset
      className={props.error ? "weekdays field-invalid" : "weekdays"}
      aria-describedby={`${id}-hint${props.error ? ` ${id}-error` : ""}`}
    >
      <legend>{t("schedules.fields.weekdays")}</legend>
      <label className="every-day">
        <input
          type="checkbox"
          checked={isEveryDay(props.value)}
          onChange={(e) => props.onChange(everyDay(e.target.checked))}
        />{" "}
        {t("schedules.fields.everyDay")}
      </label>
      {WEEKDAYS.map((day) => (
        <label key={day}>
          <input
            type="checkbox"
            checked={props.value.includes(day)}
            onChange={() => props.onChange(toggleDay(props.value, day))}
          />{" "}
          {t(`schedules.weekdays.${day}`)}
        </label>
      ))}
      <p id={`${id}-hint`} className="hint">
        {t("schedules.fields.weekdaysHint")}
      </p>
      {props.error && (
        <p id={`${id}-error`} className="field-error">
          {props.error}
        </p>
      )}
    </fieldset>
  );
}

/** The browser's IANA zone names, offered as suggestions (typing any other name still works). */
const ZONES: readonly string[] =
  typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];

function ZoneField(props: { value: string; error: string | undefined; onChange(v: string): void }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className={props.error ? "field field-invalid" : "field"}>
      <label htmlFor={id}>{t("schedules.fields.timeZone")}</label>
      <input
        id={id}
        list={`${id}-zones`}
        value={props.value}
        required
        spellCheck={false}
        autoComplete="off"
        aria-describedby={`${id}-hint${props.error ? ` ${id}-error` : ""}`}
        aria-invalid={props.error ? true : undefined}
        onChange={(e) => props.onChange(e.target.value)}
      />
      <datalist id={`${id}-zones`}>
        {ZONES.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      <p id={`${id}-hint`} className="hint">
        {t("schedules.fields.timeZoneHint")}
      </p>
      {props.error && (
        <p id={`${id}-error`} className="field-error">
          {props.error}
        </p>
      )}
    </div>
  );
}

type Setter = <F extends ScheduleField>(field: F) => (value: ScheduleValues[F]) => void;

/** The form's fields, each with its rule as hint and its error. */
function Fields({
  values,
  errors,
  set,
  latest,
}: {
  values: ScheduleValues;
  errors: Errors;
  set: Setter;
  /** The latest allowed end, as shown: local time and zone. */
  latest: string;
}) {
  const { t } = useTranslation();
  return (
    <>
      <TextField
        label={t("schedules.fields.code")}
        hint={t("schedules.fields.codeHint")}
        error={errors.code}
        value={values.code}
        onChange={set("code")}
        max={SCHEDULE_CODE_MAX}
        trimmed
        required
      />
      <WeekdayField value={values.weekdays} error={errors.weekdays} onChange={set("weekdays")} />
      <TextField
        label={t("schedules.fields.time")}
        hint={t("schedules.fields.timeHint")}
        error={errors.time}
        value={values.time}
        onChange={set("time")}
        required
      />
      <ZoneField value={values.timeZone} error={errors.timeZone} onChange={set("timeZone")} />
      <LocalField
        label={t("schedules.fields.startsAt")}
        hint={t("schedules.fields.startsAtHint")}
        error={errors.startsAt}
        value={values.startsAt}
        onChange={set("startsAt")}
      />
      <LocalField
        label={t("schedules.fields.endsAt")}
        hint={t("schedules.fields.endsAtHint", { latest })}
        error={errors.endsAt}
        value={values.endsAt}
        onChange={set("endsAt")}
      />
      <TextField
        label={t("schedules.fields.description")}
        hint={t("schedules.fields.descriptionHint")}
        error={errors.description}
        value={values.description}
        onChange={set("description")}
        max={SCHEDULE_DESCRIPTION_MAX}
        multiline
      />
    </>
  );
}

export function ScheduleForm(props: Props) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [values, setValues] = useState(props.initial);
  const [fieldErrors, setFieldErrors] = useState<Errors>({});
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const titleId = useId();
  const zone = isIanaZone(values.timeZone.trim()) ? values.timeZone.trim() : DEFAULT_TIME_ZONE;
  const created = () => (props.createdAt ? new Date(props.createdAt) : new Date());
  const check = () => checkSchedule(values, { now: new Date(), createdAt: created() });

  const ruleText = (b: ScheduleRuleBreak) => {
    if (b.rule === "endsTooLate") return t("schedules.rules.endsTooLate", { latest: b.latest });
    if (b.rule === "descriptionTooLong")
      return t("schedules.rules.descriptionTooLong", { count: b.count });
    return t(`schedules.rules.${b.rule}`);
  };

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const broken = check();
    setFieldErrors(Object.fromEntries(broken.map((b) => [b.field, ruleText(b)])));
    setFormErrors([]);
    if (broken.length) return;
    setBusy(true);
    const outcome = await props.onSubmit({ ...values, code: values.code.trim() });
    setBusy(false);
    if (outcome === null) {
      if (props.resetOnSuccess) setValues(props.initial);
      return;
    }
    if (typeof outcome === "string") return setFormErrors([outcome]);
    if (outcome.__typename === "ConflictError")
      return setFieldErrors({ code: t("schedules.rules.conflict") });
    const placed = placeErrors(outcome, SCHEDULE_FIELDS);
    setFieldErrors(
      Object.fromEntries(
        SCHEDULE_FIELDS.flatMap((f) => (placed.fields[f] ? [[f, placed.fields[f].message]] : [])),
      ),
    );
    setFormErrors(placed.form.map(errorText));
  }

  const set: Setter = (field) => (value) => setValues((v) => ({ ...v, [field]: value }));

  return (
    <form onSubmit={submit} aria-labelledby={titleId} noValidate className="card schedule-form">
      <h3 id={titleId}>{props.title}</h3>
      <Fields
        values={values}
        errors={fieldErrors}
        set={set}
        latest={`${latestEnd(created(), zone)} (${zone})`}
      />
      {formErrors.map((e) => (
        <Alert key={e}>{e}</Alert>
      ))}
      <button type="submit" disabled={busy}>
        {busy ? t("common.saving") : props.submitLabel}
      </button>
    </form>
  );
}
