// Parts several webhook views share: the event types read from the schema (labels from the
// catalogs, else from the schema's own description), the secret shown once, the text of a
// typed error, labels for status and outcome values with a fallback.
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery, type CombinedError } from "urql";
import { useErrorText, useFormatDate, useRequestErrorText } from "../app/ui.tsx";
import type { TypedError } from "../errors.ts";
import type { WebhookEventType } from "../gql/graphql.ts";
import { EventTypesQuery } from "./operations.ts";
import { describeEventType } from "./rules.ts";

export interface EventTypeOption {
  name: WebhookEventType;
  label: string;
  help: string;
}

/** A catalog text under `webhooks.<group>.<value>`, or `fallback` for a value it lacks. */
export function useValueLabel(): (group: string, value: string, fallback?: string) => string {
  const { t, i18n } = useTranslation();
  return (group, value, fallback) => {
    const key = `webhooks.${group}.${value}`;
    return i18n.exists(key) ? t(key as "webhooks.nav") : (fallback ?? value);
  };
}

/** The schema's WebhookEventType values, in schema order; null while loading. */
export function useEventTypes(): { options: EventTypeOption[] | null; error?: CombinedError } {
  const { t, i18n } = useTranslation();
  const [{ data, error }] = useQuery({ query: EventTypesQuery });
  const options =
    data?.__type?.enumValues?.map((v) => {
      const key = `webhooks.eventTypes.${v.name}`;
      const fallback = describeEventType(v.name, v.description);
      return i18n.exists(key)
        ? { name: v.name as WebhookEventType, label: t(key as "webhooks.nav"), help: "" }
        : { name: v.name as WebhookEventType, ...fallback };
    }) ?? null;
  return error ? { options, error } : { options };
}

/** The labels of event types, as the checkboxes show them. */
export function useEventTypeLabels(): (names: readonly string[]) => string {
  const { options } = useEventTypes();
  const label = useValueLabel();
  return (names) =>
    names
      .map((n) => options?.find((o) => o.name === n)?.label ?? label("eventTypes", n))
      .join(", ");
}

interface EventTypeFieldProps {
  value: readonly string[];
  onChange(value: string[]): void;
  error?: string | undefined;
}

export function EventTypeField({ value, onChange, error }: EventTypeFieldProps) {
  const { t } = useTranslation();
  const requestError = useRequestErrorText();
  const id = useId();
  const { options, error: loadError } = useEventTypes();
  const toggle = (name: string) =>
    onChange(value.includes(name) ? value.filter((x) => x !== name) : [...value, name]);
  return (
    <fieldset
      className={error ? "field field-invalid event-types" : "field event-types"}
      aria-describedby={[`${id}-hint`, error ? `${id}-error` : ""].join(" ").trim()}
    >
      <legend>{t("webhooks.eventTypes.legend")}</legend>
      {!options && !loadError && <p>{t("webhooks.eventTypes.loading")}</p>}
      {loadError && <p className="field-error">{requestError(loadError)}</p>}
      {options?.map((o) => (
        <label key={o.name} title={o.help || undefined}>
          <input type="checkbox" checked={value.includes(o.name)} onChange={() => toggle(o.name)} />{" "}
          {o.label}
        </label>
      ))}
      <p id={`${id}-hint`} className="hint">
        {t("webhooks.eventTypes.hint")}
      </p>
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}

interface SecretProps {
  title: string;
  secret: string;
  /** After a rotation: until when the previous secret still signs. */
  previousValidUntil?: string;
  onDone(): void;
}

export function SecretOnce({ title, secret, previousValidUntil, onDone }: SecretProps) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const id = useId();
  const [copied, setCopied] = useState(false);
  return (
    <section aria-labelledby={`${id}-title`} className="secret">
      <h3 id={`${id}-title`}>{title}</h3>
      <p id={`${id}-once`}>
        <strong>{t("webhooks.secret.once")}</strong>
      </p>
      <label>
        {t("webhooks.secret.label")}
        <input
          readOnly
          value={secret}
          aria-describedby={`${id}-once`}
          onFocus={(e) => e.target.select()}
        />
      </label>
      {previousValidUntil && (
        <p>{t("webhooks.secret.overlap", { date: formatDate(previousValidUntil) })}</p>
      )}
      <div className="actions">
        <button
          type="button"
          onClick={() => {
            void navigator.clipboard?.writeText(secret).then(() => setCopied(true));
          }}
        >
          {copied ? t("common.copied") : t("common.copy")}
        </button>
        <button type="button" onClick={onDone}>
          {t("webhooks.secret.done")}
        </button>
      </div>
    </section>
  );
}

/** The text of a failed request or of a typed error that is not about a field. */
export function useFailureText() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const requestError = useRequestErrorText();
  return (
    answer: (TypedError & { limit?: number; current?: number }) | undefined,
    error: CombinedError | undefined,
  ) => {
    if (!answer) return error ? requestError(error) : t("errors.network");
    if (answer.__typename === "NotFoundError") return t("webhooks.errors.gone");
    if (answer.__typename === "LimitExceededError")
      return t("webhooks.errors.limit", { limit: answer.limit ?? 0, current: answer.current ?? 0 });
    return errorText(answer);
  };
}
