// Shared building blocks: labelled fields whose hint and error are announced with them
// (aria-describedby), alerts, dates in the chosen language, and readable error texts.
import { useId, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { CombinedError } from "urql";
import type { FieldIssue, TypedError } from "../errors.ts";
import type { ErrorCode } from "../gql/graphql.ts";

interface FieldProps {
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
  value: string;
  onChange(value: string): void;
  multiline?: boolean;
  /** Shows "n / max characters" under the field; the rule itself is enforced on submit. */
  max?: number;
  /** Count the characters after trimming surrounding whitespace, as the gateway does for this field. */
  trimmed?: boolean;
  type?: "text" | "password";
  autoComplete?: string;
  required?: boolean;
}

export function TextField({
  label,
  hint,
  error,
  value,
  onChange,
  multiline,
  max,
  trimmed,
  type = "text",
  autoComplete,
  required,
}: FieldProps) {
  const { t } = useTranslation();
  const id = useId();
  const length = trimmed ? value.trim().length : value.length;
  const describedBy =
    [hint || max ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") ||
    undefined;
  const common = {
    id,
    value,
    "aria-describedby": describedBy,
    "aria-invalid": error ? true : undefined,
    required,
    autoComplete,
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
      onChange(e.target.value),
  };
  return (
    <div className={error ? "field field-invalid" : "field"}>
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea rows={3} {...common} />
      ) : (
        <input type={type} spellCheck={false} {...common} />
      )}
      {(hint || max) && (
        <p id={`${id}-hint`} className="hint">
          {hint}
          {max !== undefined && (
            <span className={length > max ? "counter over" : "counter"}>
              {" "}
              {t("common.characters", { count: length, max })}
            </span>
          )}
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

export function Alert({ children }: { children: ReactNode }) {
  return (
    <div role="alert" className="alert">
      {children}
    </div>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <div role="status" className="notice">
      {children}
    </div>
  );
}

export function useFormatDate(): (iso: string | null | undefined) => string {
  const { t, i18n } = useTranslation();
  const format = new Intl.DateTimeFormat(i18n.language, {
    dateStyle: "medium",
    timeStyle: "short",
  });
  return (iso) => (iso ? format.format(new Date(iso)) : t("common.never"));
}

/** Text for a typed error of the schema: our own words for the codes we know, else the gateway's. */
export function useErrorText(): (error: TypedError | FieldIssue) => string {
  const { t } = useTranslation();
  return (error) => {
    if (!("code" in error)) return error.message;
    // Typed against the schema's ErrorCode: a code that is not (or no longer) one fails typecheck.
    const code = error.code as ErrorCode;
    switch (code) {
      case "DATABASE_UNAVAILABLE":
      case "FORBIDDEN":
      case "INTERNAL_SERVER_ERROR":
      case "SECRET_KEY_REQUIRED":
        return t(`errors.${code}`);
      default:
        return t("errors.generic", { message: error.message, code: error.code });
    }
  };
}

/** Text for a failed request (network, or a GraphQL error rather than a typed result). */
export function useRequestErrorText(): (error: CombinedError) => string {
  const { t } = useTranslation();
  const text = useErrorText();
  return (error) => {
    const first = error.graphQLErrors[0];
    if (first) {
      const code =
        typeof first.extensions?.code === "string"
          ? first.extensions.code
          : "INTERNAL_SERVER_ERROR";
      return text({ __typename: "GraphQLError", code, message: first.message });
    }
    return t("errors.network");
  };
}
