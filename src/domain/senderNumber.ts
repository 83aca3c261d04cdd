// Sender (calling) number rules, docs/sender-numbers.md, without I/O: number normalisation, the 10-number
// cap, SMS-code hashing and checks, and proof-file limits; the statuses and their
// transitions are senderNumberStatus.ts.
import { createHash, randomInt, timingSafeEqual } from "node:crypto";
import { DomainError, ValidationError, VerificationError } from "./errors.ts";
import { stripSeparators } from "./phone.ts";

import type { SenderNumberMethod, SenderNumberStatus } from "./senderNumberStatus.ts";

// The statuses and their machines (senderNumberStatus.ts), re-exported: callers know one module.
export {
  SENDER_NUMBER_MACHINES,
  SENDER_NUMBER_STATUSES,
  SENDER_NUMBER_TRANSITIONS,
  assertTransition,
  canTransition,
  type SenderNumberMethod,
  type SenderNumberStatus,
} from "./senderNumberStatus.ts";

/** At most this many numbers per account count toward the cap (docs/sender-numbers.md). */
export const SENDER_NUMBER_LIMIT = 10;
/** Statuses that hold one of the 10 places and block registering the same number again. */
export const ACTIVE_SENDER_STATUSES: readonly SenderNumberStatus[] = [
  "READY",
  "IN_PROGRESS",
  "APPROVED",
];

export const SENDER_NUMBER_MIN_DIGITS = 8;
export const SENDER_NUMBER_MAX_DIGITS = 12;

/** SMS self-verification: a 6-digit code valid for 3 minutes, at most 5 attempts per code. */
export const VERIFICATION_CODE_TTL_MS = 3 * 60_000;
export const VERIFICATION_MAX_ATTEMPTS = 5;
/** A new code may be requested this long after the previous one was sent. */
export const VERIFICATION_RESEND_INTERVAL_MS = 30_000;
/**
 * The platform's own registered sender for verification codes (a 15xx representative
 * number). The number being verified cannot be the sender: it is not approved yet.
 */
export const VERIFICATION_SENDER = "15880000";
/**
 * Verification SMS to one number per account per rolling window. Without a cap, a resend
 * every 30 s (or delete-and-register loops) would let a key text any number all day.
 */
export const VERIFICATION_SENDS_PER_WINDOW = 10;
export const VERIFICATION_SEND_WINDOW_MS = 24 * 60 * 60_000;

export const PROOF_MAX_BYTES = 10 * 1024 * 1024;
/** Proof documents are recognised by their magic bytes, never by the client's MIME type. */
export const PROOF_MIME_TYPES: readonly string[] = ["application/pdf", "image/jpeg", "image/png"];
export const PURPOSE_MAX_CHARS = 500;
export const REJECTION_REASON_MAX_CHARS = 500;

/** Separators people type inside phone numbers: hyphens, spaces, dots and parentheses. */

/**
 * Digits only after stripping separators, 8–12 digits (Korean landlines, mobiles and
 * 15xx/16xx/18xx numbers). Letters, `+` or anything else are refused, naming the value,
 * rather than silently dropped: a number that had to be guessed at is not a number.
 */
export function normaliseSenderNumber(value: string, path: string[] = ["number"]): string {
  const digits = stripSeparators(value);
  if (!/^\d*$/.test(digits)) {
    throw ValidationError.field(
      path,
      `"${value}" is not a phone number: only digits, hyphens, spaces, dots and parentheses are allowed`,
    );
  }
  if (digits.length < SENDER_NUMBER_MIN_DIGITS || digits.length > SENDER_NUMBER_MAX_DIGITS) {
    throw ValidationError.field(
      path,
      `"${value}" has ${digits.length} digits; a sender number has ${SENDER_NUMBER_MIN_DIGITS}–${SENDER_NUMBER_MAX_DIGITS}`,
    );
  }
  return digits;
}

/** Like normaliseSenderNumber, but null instead of an error (for lookups). */
export function tryNormaliseSenderNumber(value: string): string | null {
  try {
    return normaliseSenderNumber(value);
  } catch {
    return null;
  }
}

/** Input of a registration, before any I/O. The proof file is checked separately. */
export interface RegistrationFields {
  number: string;
  method: SenderNumberMethod;
  contactEmail?: string | null | undefined;
  contactPhone?: string | null | undefined;
  purpose?: string | null | undefined;
  expectedDailyVolume?: number | null | undefined;
  hasProjectId: boolean;
  hasProof: boolean;
}

export type CleanRegistration =
  | { method: "SMS"; number: string }
  | {
      method: "DOCUMENT";
      number: string;
      contactEmail: string;
      contactPhone: string;
      purpose: string;
      expectedDailyVolume: number;
    };

const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/**
 * Checks every field and reports all problems at once (one issue per field), so a form
 * can mark them together. DOCUMENT-only fields on an SMS registration are refused rather
 * than ignored: silently dropping a proof file someone uploaded would surprise them.
 */
export function validateRegistration(f: RegistrationFields): CleanRegistration {
  const issues: { path: string[]; message: string }[] = [];
  const attempt = <T>(fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (e) {
      if (e instanceof ValidationError) issues.push(...e.issues);
      else throw e;
      return undefined;
    }
  };
  const number = attempt(() => normaliseSenderNumber(f.number, ["number"]));

  if (f.method === "SMS") {
    const extra: string[] = (
      ["contactEmail", "contactPhone", "purpose", "expectedDailyVolume"] as const
    ).filter((k) => f[k] != null);
    if (f.hasProof) extra.push("proof");
    if (f.hasProjectId) extra.push("projectId");
    for (const k of extra)
      issues.push({
        path: [k],
        message: `${k} belongs to DOCUMENT requests; SMS verification takes only the number`,
      });
    if (issues.length || number === undefined)
      throw new ValidationError(issues.map((i) => i.message).join("; "), issues);
    return { method: "SMS", number };
  }

  const email = f.contactEmail?.trim() ?? "";
  if (!email)
    issues.push({
      path: ["contactEmail"],
      message: "contactEmail is required for DOCUMENT requests",
    });
  else if (email.length > 254 || !EMAIL.test(email))
    issues.push({ path: ["contactEmail"], message: `"${email}" is not an email address` });

  let contactPhone: string | undefined;
  if (!f.contactPhone?.trim())
    issues.push({
      path: ["contactPhone"],
      message: "contactPhone is required for DOCUMENT requests",
    });
  else contactPhone = attempt(() => normaliseSenderNumber(f.contactPhone!, ["contactPhone"]));

  const { purpose, volume } = checkDocumentDetails(f, issues);

  if (issues.length || number === undefined || contactPhone === undefined) {
    throw new ValidationError(issues.map((i) => i.message).join("; "), issues);
  }
  return {
    method: "DOCUMENT",
    number,
    contactEmail: email,
    contactPhone,
    purpose,
    expectedDailyVolume: volume!,
  };
}

/** A DOCUMENT request's purpose, volume, project and proof; problems go to `issues`. */
function checkDocumentDetails(
  f: RegistrationFields,
  issues: { path: string[]; message: string }[],
): { purpose: string; volume: number | null | undefined } {
  const purpose = f.purpose?.trim() ?? "";
  if (purpose.length < 1 || purpose.length > PURPOSE_MAX_CHARS) {
    issues.push({
      path: ["purpose"],
      message: `purpose must be 1–${PURPOSE_MAX_CHARS} characters (got ${purpose.length})`,
    });
  }

  const volume = f.expectedDailyVolume;
  if (volume == null || !Number.isInteger(volume) || volume < 1) {
    issues.push({
      path: ["expectedDailyVolume"],
      message: `expectedDailyVolume must be a whole number of at least 1 (got ${volume ?? "nothing"})`,
    });
  }
  if (!f.hasProjectId)
    issues.push({ path: ["projectId"], message: "projectId is required for DOCUMENT requests" });
  if (!f.hasProof)
    issues.push({
      path: ["proof"],
      message: "proof (a PDF, JPG or PNG document) is required for DOCUMENT requests",
    });
  return { purpose, volume };
}

/**
 * Checks a proof document's size and detected type. `detectedMime` is what the magic
 * bytes say (undefined when unrecognised); the client's declared type plays no part.
 */
export function checkProof(size: number, detectedMime: string | undefined): string {
  if (size === 0) throw ValidationError.field(["proof"], "The proof file is empty");
  if (size > PROOF_MAX_BYTES) {
    throw ValidationError.field(
      ["proof"],
      `The proof file is ${size} bytes; the limit is ${PROOF_MAX_BYTES} bytes (10 MB)`,
    );
  }
  if (!detectedMime || !PROOF_MIME_TYPES.includes(detectedMime)) {
    throw ValidationError.field(
      ["proof"],
      `The proof file must be a PDF, JPG or PNG document (its content is ${detectedMime ? detectedMime : "not a recognised file type"})`,
    );
  }
  return detectedMime;
}

/** Keeps the last path segment of a client file name, trimmed to something printable. */
export function cleanFileName(name: string, fallback: string): string {
  const base =
    name
      .split(/[\\/]/)
      .pop()
      ?.replace(/[\u0000-\u001f\u007f]/g, "")
      .trim() ?? "";
  return (base || fallback).slice(0, 255);
}

export function reasonOf(reason: string): string {
  const r = reason.trim();
  if (r.length < 1 || r.length > REJECTION_REASON_MAX_CHARS) {
    throw ValidationError.field(
      ["reason"],
      `A rejection reason must be 1–${REJECTION_REASON_MAX_CHARS} characters (got ${r.length})`,
    );
  }
  return r;
}

// ───────────────────────────── SMS verification codes ─────────────────────────────

export function newVerificationCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, "0");
}

/**
 * Only a hash of the code is stored. The sender number id is the salt so equal codes of
 * different numbers hash differently; with a million possible codes a hash alone would
 * not resist an offline search, which is why the short window and attempt limit matter.
 */
export function hashVerificationCode(senderNumberId: string, code: string): string {
  return createHash("sha256").update(`${senderNumberId}:${code}`).digest("hex");
}

export function codeMatches(senderNumberId: string, code: string, storedHash: string): boolean {
  const given = Buffer.from(hashVerificationCode(senderNumberId, code), "hex");
  const stored = Buffer.from(storedHash, "hex");
  return given.length === stored.length && timingSafeEqual(given, stored);
}

export function verificationMessage(code: string): string {
  return `[SMS Gateway] Verification code: ${code}`;
}

export function checkCodeFormat(code: string): string {
  const c = code.trim();
  // A malformed code is a typo, not a guess: refused without using up an attempt.
  if (!/^\d{6}$/.test(c))
    throw ValidationError.field(["code"], "The verification code is 6 digits");
  return c;
}

export interface VerificationState {
  method: SenderNumberMethod;
  status: SenderNumberStatus;
  verificationHash: string | null;
  verificationExpires: Date | null;
  verificationTries: number;
}

export function attemptsLeft(s: Pick<VerificationState, "verificationTries">): number {
  return Math.max(0, VERIFICATION_MAX_ATTEMPTS - s.verificationTries);
}

/**
 * Why a code cannot be checked right now, or null when it can. Used before an attempt
 * is counted, so refused attempts (expired, exhausted, not pending) change nothing.
 */
export function verificationBlocker(s: VerificationState, now: Date): VerificationError | null {
  if (s.method !== "SMS" || s.status !== "READY" || !s.verificationHash || !s.verificationExpires) {
    return new VerificationError(
      "NOT_PENDING",
      `This sender number is not waiting for an SMS code (method ${s.method}, status ${s.status})`,
      0,
    );
  }
  if (s.verificationTries >= VERIFICATION_MAX_ATTEMPTS) {
    return new VerificationError(
      "TOO_MANY_ATTEMPTS",
      `${VERIFICATION_MAX_ATTEMPTS} wrong codes were entered; request a new code`,
      0,
    );
  }
  if (now.getTime() > s.verificationExpires.getTime()) {
    return new VerificationError(
      "CODE_EXPIRED",
      "The code has expired (codes are valid for 3 minutes); request a new code",
      attemptsLeft(s),
    );
  }
  return null;
}

/** The outcome of a wrong code, given the attempts counted so far (this one included). */
export function wrongCodeError(triesAfter: number): VerificationError {
  const left = Math.max(0, VERIFICATION_MAX_ATTEMPTS - triesAfter);
  return left === 0
    ? new VerificationError(
        "TOO_MANY_ATTEMPTS",
        `Wrong code, and that was the last of ${VERIFICATION_MAX_ATTEMPTS} attempts; request a new code`,
        0,
      )
    : new VerificationError(
        "WRONG_CODE",
        `Wrong code; ${left} attempt${left === 1 ? "" : "s"} left`,
        left,
      );
}

/** Milliseconds until another code may be sent (0 = now). The last send is derived from the expiry. */
export function resendWaitMs(verificationExpires: Date | null, now: Date): number {
  if (!verificationExpires) return 0;
  const lastSent = verificationExpires.getTime() - VERIFICATION_CODE_TTL_MS;
  return Math.max(0, lastSent + VERIFICATION_RESEND_INTERVAL_MS - now.getTime());
}

/**
 * The carrier did not accept the verification SMS. Defined here rather than in errors.ts
 * because only sender-number registration sends on its own behalf; nothing was written.
 */
export class DeliveryFailedError extends DomainError {
  readonly code = "DELIVERY_FAILED";
  constructor(
    message: string,
    readonly carrierCode: string | null,
  ) {
    super(message);
  }
}
