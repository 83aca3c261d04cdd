// The 080 opt-out rules the console checks before submitting, the same as the gateway's
// (src/domain/optOut.ts; test/console-senders-rules.test.ts fails when they drift apart).
export const COMPANY_NAME_MAX = 20;
export const NUMBERS_PER_CALL = 1000;
export const NUMBER_MIN_DIGITS = 8;
export const NUMBER_MAX_DIGITS = 12;

/** Characters as a reader sees them: NFC-normalised, trimmed, counted by code point. */
export function companyNameLength(raw: string): number {
  return [...raw.normalize("NFC").trim()].length;
}

export type CompanyNameRule = "companyEmpty" | "companyTooLong";

export function checkCompanyName(raw: string): CompanyNameRule | null {
  const length = companyNameLength(raw);
  if (length === 0) return "companyEmpty";
  return length > COMPANY_NAME_MAX ? "companyTooLong" : null;
}

export type InvalidCode = "EMPTY" | "INVALID_CHARACTERS" | "TOO_SHORT" | "TOO_LONG";

/** Digits only after removing spaces, hyphens, dots and parentheses; 8–12 of them. */
export function checkOptOutNumber(raw: string): { number: string } | { code: InvalidCode } {
  const digits = raw.replace(/[\s\-.()]/g, "");
  if (digits === "") return { code: "EMPTY" };
  if (!/^\d+$/.test(digits)) return { code: "INVALID_CHARACTERS" };
  if (digits.length < NUMBER_MIN_DIGITS) return { code: "TOO_SHORT" };
  if (digits.length > NUMBER_MAX_DIGITS) return { code: "TOO_LONG" };
  return { number: digits };
}

export interface PastedNumbers {
  /** The non-blank lines, as typed (what is sent). */
  values: string[];
  /** Lines (counted from 1 in the textarea) that are not numbers. */
  invalid: { line: number; value: string; code: InvalidCode }[];
  /** Distinct valid numbers among them. */
  distinct: number;
}

/** A textarea of numbers, one per line; blank lines are ignored. */
export function parseNumberLines(text: string): PastedNumbers {
  const values: string[] = [];
  const invalid: PastedNumbers["invalid"] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((value, i) => {
    if (value.trim() === "") return;
    values.push(value);
    const checked = checkOptOutNumber(value);
    if ("code" in checked) invalid.push({ line: i + 1, value, code: checked.code });
    else seen.add(checked.number);
  });
  return { values, invalid, distinct: seen.size };
}

export type NumbersRule = "numbersEmpty" | "numbersTooMany" | "numbersInvalid";

/** Why a paste cannot be sent as it is, or null when it can. */
export function checkNumberLines(parsed: PastedNumbers): NumbersRule | null {
  if (parsed.values.length === 0) return "numbersEmpty";
  if (parsed.values.length > NUMBERS_PER_CALL) return "numbersTooMany";
  return parsed.invalid.length ? "numbersInvalid" : null;
}

export interface SearchValues {
  number: string;
  /** `<input type="datetime-local">` values, in the browser's time zone ("" = open). */
  from: string;
  to: string;
  source: "" | "ARS" | "MANUAL";
}

export type SearchRule =
  | { field: "number"; rule: "prefixInvalid" }
  | { field: "to"; rule: "toBeforeFrom" };

/** Instant of a datetime-local value in the browser's zone, as ISO-8601 UTC; null when empty. */
export function localToIso(local: string): string | null {
  if (!local) return null;
  const time = new Date(local).getTime();
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** The filter the gateway takes: a number prefix of 1–12 digits (spaces and hyphens ignored), a time range. */
export function checkSearch(v: SearchValues): SearchRule[] {
  const broken: SearchRule[] = [];
  const prefix = v.number.replace(/[\s-]/g, "");
  if (prefix !== "" && !/^\d{1,12}$/.test(prefix))
    broken.push({ field: "number", rule: "prefixInvalid" });
  const from = localToIso(v.from);
  const to = localToIso(v.to);
  if (from && to && to < from) broken.push({ field: "to", rule: "toBeforeFrom" });
  return broken;
}

export function searchFilter(v: SearchValues) {
  const prefix = v.number.replace(/[\s-]/g, "");
  return {
    ...(prefix ? { number: prefix } : {}),
    ...(localToIso(v.from) ? { from: localToIso(v.from) } : {}),
    ...(localToIso(v.to) ? { to: localToIso(v.to) } : {}),
    ...(v.source ? { source: v.source } : {}),
  };
}

/** Termination needs the 080 number typed back, separators ignored. */
export function terminationConfirmed(typed: string, number080: string): boolean {
  return typed.replace(/[\s\-.()]/g, "") === number080;
}
