// Form parts the shared TextField does not cover — a labelled select and a file picker, each
// with its hint and error announced with it — and the text of a broken rule.
import { useId, type ReactNode } from "react";

function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  return (
    [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") ||
    undefined
  );
}

function Below({ id, hint, error }: { id: string; hint?: ReactNode; error?: string | undefined }) {
  return (
    <>
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
    </>
  );
}

interface SelectProps {
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
  value: string;
  onChange(value: string): void;
  options: readonly { value: string; label: string }[];
  /** The first, empty choice ("choose one"); omit when a value is always chosen. */
  placeholder?: string;
}

export function SelectField({
  label,
  hint,
  error,
  value,
  onChange,
  options,
  placeholder,
}: SelectProps) {
  const id = useId();
  return (
    <div className={error ? "field field-invalid" : "field"}>
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? true : undefined}
        onChange={(e) => onChange(e.target.value)}
      >
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Below id={id} hint={hint} error={error} />
    </div>
  );
}

interface FileProps {
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
  accept: string;
  onChange(file: File | null): void;
}

export function FileField({ label, hint, error, accept, onChange }: FileProps) {
  const id = useId();
  return (
    <div className={error ? "field field-invalid" : "field"}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="file"
        accept={accept}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? true : undefined}
        onChange={(e) => onChange(e.target.files?.[0] ?? null)}
      />
      <Below id={id} hint={hint} error={error} />
    </div>
  );
}
