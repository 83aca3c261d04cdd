// Labelled controls of the Send form whose hints and errors are announced with them
// (aria-describedby): selects, radio groups, check boxes, and the errors under a field.
import { useId, type ReactNode } from "react";

export interface Described {
  /** Id of the hint and error block, for aria-describedby. */
  describedBy: string | undefined;
  invalid: true | undefined;
}

/** The hint and errors under a control, with the ids the control names in aria-describedby. */
export function useDescribed(
  hint: ReactNode,
  errors: readonly string[] | undefined,
): [Described, ReactNode] {
  const id = useId();
  const has = errors && errors.length > 0;
  const ids = [hint ? `${id}-hint` : null, has ? `${id}-error` : null].filter(Boolean);
  const block = (
    <>
      {hint ? (
        <div id={`${id}-hint`} className="hint">
          {hint}
        </div>
      ) : null}
      {has ? (
        <ul id={`${id}-error`} className="field-error">
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : null}
    </>
  );
  return [{ describedBy: ids.join(" ") || undefined, invalid: has ? true : undefined }, block];
}

interface SelectProps {
  label: string;
  value: string;
  onChange(value: string): void;
  options: readonly { value: string; label: string }[];
  placeholder?: string;
  hint?: ReactNode;
  errors?: readonly string[] | undefined;
}

export function SelectField({
  label,
  value,
  onChange,
  options,
  placeholder,
  hint,
  errors,
}: SelectProps) {
  const id = useId();
  const [described, block] = useDescribed(hint, errors);
  return (
    <div className={described.invalid ? "field field-invalid" : "field"}>
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={described.describedBy}
        aria-invalid={described.invalid}
      >
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {block}
    </div>
  );
}

interface RadioProps<V extends string> {
  legend: string;
  name: string;
  value: V;
  onChange(value: V): void;
  options: readonly { value: V; label: string }[];
  hint?: ReactNode;
  errors?: readonly string[] | undefined;
  children?: ReactNode;
}

export function RadioGroup<V extends string>({
  legend,
  name,
  value,
  onChange,
  options,
  hint,
  errors,
  children,
}: RadioProps<V>) {
  const [described, block] = useDescribed(hint, errors);
  return (
    <fieldset
      className={described.invalid ? "field field-invalid" : "field"}
      aria-describedby={described.describedBy}
      aria-invalid={described.invalid}
    >
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.value} className="choice">
          <input
            type="radio"
            name={name}
            value={o.value}
            checked={value === o.value}
            onChange={() => onChange(o.value)}
          />{" "}
          {o.label}
        </label>
      ))}
      {children}
      {block}
    </fieldset>
  );
}

export function Checkbox({
  label,
  checked,
  onChange,
  hint,
}: {
  label: string;
  checked: boolean;
  onChange(checked: boolean): void;
  hint?: ReactNode;
}) {
  const id = useId();
  const [described, block] = useDescribed(hint, undefined);
  return (
    <div className="field">
      <label className="choice" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          checked={checked}
          onChange={(e) => onChange(e.target.checked)}
          aria-describedby={described.describedBy}
        />{" "}
        {label}
      </label>
      {block}
    </div>
  );
}

/** A text input or textarea with its hint (a byte counter, say) and errors. */
export function TextInput({
  label,
  value,
  onChange,
  hint,
  errors,
  multiline,
  type = "text",
  onEnter,
}: {
  label: string;
  value: string;
  onChange(value: string): void;
  hint?: ReactNode;
  errors?: readonly string[] | undefined;
  multiline?: boolean;
  type?: "text" | "tel" | "datetime-local";
  onEnter?: () => void;
}) {
  const id = useId();
  const [described, block] = useDescribed(hint, errors);
  const common = {
    id,
    value,
    "aria-describedby": described.describedBy,
    "aria-invalid": described.invalid,
    spellCheck: false,
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
      onChange(e.target.value),
  };
  return (
    <div className={described.invalid ? "field field-invalid" : "field"}>
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea rows={5} {...common} />
      ) : (
        <input
          type={type}
          {...common}
          onKeyDown={(e) => {
            if (onEnter && e.key === "Enter") {
              e.preventDefault();
              onEnter();
            }
          }}
        />
      )}
      {block}
    </div>
  );
}

/** A file picker; the chosen files are handed over and the input is emptied for the next pick. */
export function FileInput({
  label,
  hint,
  errors,
  accept,
  multiple,
  onFiles,
}: {
  label: string;
  hint?: ReactNode;
  errors?: readonly string[] | undefined;
  accept: string;
  multiple?: boolean;
  onFiles(files: File[]): void;
}) {
  const id = useId();
  const [described, block] = useDescribed(hint, errors);
  return (
    <div className={described.invalid ? "field field-invalid" : "field"}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="file"
        accept={accept}
        multiple={multiple}
        aria-describedby={described.describedBy}
        aria-invalid={described.invalid}
        onChange={(e) => {
          onFiles([...(e.target.files ?? [])]);
          e.target.value = "";
        }}
      />
      {block}
    </div>
  );
}
