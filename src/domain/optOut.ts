// Pure rules of the 080 opt-out service (docs/opt-out-080.md): company names, the status transition
// table, opt-out number normalisation, 080 number format and the purge date after termination.
import { DomainError, InvalidTransitionError, ValidationError } from "./errors.ts";
import { stripSeparators } from "./phone.ts";
import { statusMachine } from "./statusMachine.ts";

export const OPT_OUT_SERVICE_STATUSES = ["PROCESSING", "COMPLETE", "STOPPED"] as const;
export type OptOutServiceStatus = (typeof OPT_OUT_SERVICE_STATUSES)[number];

/**
 * Opt-out numbers can be read or changed only while the project's 080 service is COMPLETE
 * (docs/opt-out-080.md). `status` is the project's current service status, null when it has none.
 */
export class OptOutServiceNotActiveError extends DomainError {
  readonly code = "OPT_OUT_SERVICE_NOT_ACTIVE";
  constructor(readonly status: OptOutServiceStatus | null) {
    super(
      status
        ? `The project's 080 opt-out service is ${status}; opt-out numbers need a COMPLETE service`
        : "The project has no 080 opt-out service; opt-out numbers need a COMPLETE service",
    );
  }
}

// ───────────────────────────── company name ─────────────────────────────

export const COMPANY_NAME_MAX = 20;

/**
 * Trims and checks the company name the ARS reads out. Length is counted in characters as a
 * person sees them: the text is NFC-normalised first (so a Hangul syllable typed as separate
 * jamo counts once) and counted by code point (so a non-BMP character is not counted twice).
 */
export function cleanCompanyName(raw: string): string {
  const name = raw.normalize("NFC").trim();
  const length = [...name].length;
  if (length < 1 || length > COMPANY_NAME_MAX) {
    throw ValidationError.field(
      ["companyName"],
      `Company name must be 1–${COMPANY_NAME_MAX} characters (got ${length})`,
    );
  }
  return name;
}

// ───────────────────────────── status transitions ─────────────────────────────

export type OptOutAction = "cancel" | "complete" | "terminate";

/**
 * Every status change of an OptOutService, written once. STOPPED is final: a terminated
 * service can never be brought back — a new application starts a new record instead.
 */
export const optOutServiceMachine = statusMachine({
  entity: "OptOutService",
  statuses: OPT_OUT_SERVICE_STATUSES,
  final: ["STOPPED"],
  transitions: [
    { from: "PROCESSING", to: "COMPLETE", when: "an operator completes the application" },
    { from: "COMPLETE", to: "STOPPED", when: "terminate, or the project is deleted" },
  ],
});

/**
 * The actions that change a service. `to: null` means the record is removed (a cancelled
 * application leaves nothing behind, so there is nothing to bill); the others are
 * transitions of the machine, and their `from` is the machine's sources of `to`.
 */
export const OPT_OUT_TRANSITIONS: Readonly<
  Record<
    OptOutAction,
    { from: readonly OptOutServiceStatus[]; to: OptOutServiceStatus | null; done: string }
  >
> = {
  cancel: { from: ["PROCESSING"], to: null, done: "cancelled" },
  complete: {
    from: optOutServiceMachine.sourcesOf("COMPLETE"),
    to: "COMPLETE",
    done: "completed",
  },
  terminate: {
    from: optOutServiceMachine.sourcesOf("STOPPED"),
    to: "STOPPED",
    done: "terminated",
  },
};

/** Statuses that block a new application for the same project (a STOPPED record does not). */
export const ACTIVE_OPT_OUT_STATUSES: readonly OptOutServiceStatus[] = ["PROCESSING", "COMPLETE"];

export function canTransition(action: OptOutAction, from: OptOutServiceStatus): boolean {
  return OPT_OUT_TRANSITIONS[action].from.includes(from);
}

/** Throws InvalidTransitionError unless the table allows `action` from `from`. */
export function assertTransition(action: OptOutAction, from: OptOutServiceStatus): void {
  if (canTransition(action, from)) return;
  const rule = OPT_OUT_TRANSITIONS[action];
  // A removal has no target status; CANCELED names it for the error only.
  throw new InvalidTransitionError(
    "OptOutService",
    from,
    rule.to ?? "CANCELED",
    `only a ${rule.from.join(" or ")} service can be ${rule.done}`,
  );
}

// ───────────────────────────── opt-out numbers ─────────────────────────────

export const OPT_OUT_NUMBER_MIN_DIGITS = 8;
export const OPT_OUT_NUMBER_MAX_DIGITS = 12;
/** Numbers per add/delete call (docs/opt-out-080.md). */
export const OPT_OUT_NUMBERS_PER_CALL = 1000;

export type InvalidNumberCode = "EMPTY" | "INVALID_CHARACTERS" | "TOO_SHORT" | "TOO_LONG";

export type NumberCheck =
  | { ok: true; number: string }
  | { ok: false; code: InvalidNumberCode; reason: string };

/**
 * Digits only after removing the separators every number input ignores (domain/phone.ts:
 * spaces, hyphens, dots, parentheses); 8–12 digits. Any other character (letters, `+`)
 * makes the value invalid rather than being stripped.
 */
export function normalizeOptOutNumber(raw: string): NumberCheck {
  const digits = stripSeparators(raw);
  if (digits === "") return { ok: false, code: "EMPTY", reason: "The number is empty" };
  if (!/^\d+$/.test(digits)) {
    return {
      ok: false,
      code: "INVALID_CHARACTERS",
      reason: "Only digits, spaces, hyphens, dots and parentheses are allowed",
    };
  }
  if (digits.length < OPT_OUT_NUMBER_MIN_DIGITS) {
    return {
      ok: false,
      code: "TOO_SHORT",
      reason: `A number needs ${OPT_OUT_NUMBER_MIN_DIGITS}–${OPT_OUT_NUMBER_MAX_DIGITS} digits (got ${digits.length})`,
    };
  }
  if (digits.length > OPT_OUT_NUMBER_MAX_DIGITS) {
    return {
      ok: false,
      code: "TOO_LONG",
      reason: `A number needs ${OPT_OUT_NUMBER_MIN_DIGITS}–${OPT_OUT_NUMBER_MAX_DIGITS} digits (got ${digits.length})`,
    };
  }
  return { ok: true, number: digits };
}

export interface InvalidNumber {
  /** Position in the caller's list, from 0. */
  index: number;
  value: string;
  code: InvalidNumberCode;
  reason: string;
}

export interface NumberBatch {
  /** Distinct valid numbers, in first-seen order. */
  numbers: string[];
  invalid: InvalidNumber[];
  /** How many valid entries repeated a number earlier in the same list. */
  duplicates: number;
}

/** Normalises a caller's list: invalid values reported by position, duplicates collapsed. */
export function normalizeNumberBatch(values: readonly string[]): NumberBatch {
  const seen = new Set<string>();
  const invalid: InvalidNumber[] = [];
  let duplicates = 0;
  values.forEach((value, index) => {
    const check = normalizeOptOutNumber(value);
    if (!check.ok) invalid.push({ index, value, code: check.code, reason: check.reason });
    else if (seen.has(check.number)) duplicates++;
    else seen.add(check.number);
  });
  return { numbers: [...seen], invalid, duplicates };
}

/** The search filter takes a prefix of a number: separators allowed, 1–12 digits. */
export function normalizeNumberPrefix(raw: string): string {
  const digits = raw.replace(/[\s-]/g, "");
  if (!/^\d{1,12}$/.test(digits)) {
    throw ValidationError.field(
      ["filter", "number"],
      "The number filter must be 1–12 digits (hyphens and spaces are ignored)",
    );
  }
  return digits;
}

// ───────────────────────────── 080 numbers ─────────────────────────────

const NUMBER_080 = /^080\d{7}$/;

export const is080Number = (digits: string): boolean => NUMBER_080.test(digits);

/** `080` + 7 digits from `randomInt(max)` (exclusive upper bound), zero-padded. */
export function random080Number(randomInt: (max: number) => number): string {
  return `080${String(randomInt(10_000_000)).padStart(7, "0")}`;
}

// ───────────────────────────── business days ─────────────────────────────

const DAY_MS = 86_400_000;
/**
 * Asia/Seoul is UTC+9 all year: Korea has had no daylight-saving time since 1988, so a fixed
 * offset is exact for every date this service can see and keeps this module free of a
 * time-zone database.
 */
export const SEOUL_UTC_OFFSET_MS = 9 * 3_600_000;
/** Business days a STOPPED record is kept before the purge ("removed 2–3 business days later"). */
export const PURGE_AFTER_BUSINESS_DAYS = 2;

/** Day of the week (0 = Sunday … 6 = Saturday) of a day number counted from 1970-01-01 (a Thursday). */
const weekdayOfDay = (day: number): number => (((day + 4) % 7) + 7) % 7;

/**
 * The end (exclusive: the next local midnight) of the `n`th business day after `instant`, in a
 * zone with a fixed UTC offset. The day of `instant` itself never counts, even when it is a
 * business day. Business days are Monday to Friday; public holidays are deliberately ignored —
 * the gateway has no holiday calendar, and keeping a record a day too short over a holiday
 * only means the purge happens at the early end of the "2–3 business days" the original service promises.
 */
export function endOfNthBusinessDayAfter(
  instant: Date,
  n: number,
  utcOffsetMs = SEOUL_UTC_OFFSET_MS,
): Date {
  let day = Math.floor((instant.getTime() + utcOffsetMs) / DAY_MS);
  for (let counted = 0; counted < n; ) {
    day++;
    const weekday = weekdayOfDay(day);
    if (weekday >= 1 && weekday <= 5) counted++;
  }
  return new Date((day + 1) * DAY_MS - utcOffsetMs);
}

/** When a service terminated at `stoppedAt` may be purged for good. */
export const purgeAfterFor = (stoppedAt: Date): Date =>
  endOfNthBusinessDayAfter(stoppedAt, PURGE_AFTER_BUSINESS_DAYS);
