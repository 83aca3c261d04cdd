// The sender-number rules the console checks before submitting, the same as the gateway's
// (src/domain/senderNumber.ts; test/console-senders-rules.test.ts fails when they drift
// apart), and the arithmetic of the code's countdown. The gateway stays the judge: its typed
// errors are shown next to the field too.
export const SENDER_NUMBER_LIMIT = 10;
export const NUMBER_MIN_DIGITS = 8;
export const NUMBER_MAX_DIGITS = 12;
export const CODE_TTL_MS = 3 * 60_000;
export const CODE_ATTEMPTS = 5;
export const RESEND_INTERVAL_MS = 30_000;
export const PURPOSE_MAX = 500;
export const EMAIL_MAX = 254;
export const REASON_MAX = 500;
export const PROOF_MAX_BYTES = 10 * 1024 * 1024;
/** What the file picker offers; the gateway recognises the type by content, not by name. */
export const PROOF_ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png";

export type Status = "READY" | "IN_PROGRESS" | "REJECTED" | "APPROVED";
/** Statuses that hold one of the 10 places (REJECTED and deleted numbers do not). */
export const COUNTED_STATUSES: readonly Status[] = ["READY", "IN_PROGRESS", "APPROVED"];

export type NumberRule =
  | { rule: "numberEmpty" }
  | { rule: "numberCharacters" }
  | { rule: "numberDigits"; count: number };

/** Digits only after removing spaces, hyphens, dots and parentheses; 8–12 of them. */
export function checkNumber(raw: string): { digits: string } | NumberRule {
  const digits = raw.replace(/[\s\-.()]/g, "");
  if (digits === "") return { rule: "numberEmpty" };
  if (!/^\d+$/.test(digits)) return { rule: "numberCharacters" };
  if (digits.length < NUMBER_MIN_DIGITS || digits.length > NUMBER_MAX_DIGITS)
    return { rule: "numberDigits", count: digits.length };
  return { digits };
}

export type DocumentField =
  | "number"
  | "projectId"
  | "contactEmail"
  | "contactPhone"
  | "purpose"
  | "expectedDailyVolume"
  | "proof";
export const DOCUMENT_FIELDS: readonly DocumentField[] = [
  "number",
  "projectId",
  "contactEmail",
  "contactPhone",
  "purpose",
  "expectedDailyVolume",
  "proof",
];

export interface DocumentValues {
  number: string;
  projectId: string;
  contactEmail: string;
  contactPhone: string;
  purpose: string;
  expectedDailyVolume: string;
  proof: { name: string; size: number; type: string } | null;
}

export type SenderRule =
  | NumberRule["rule"]
  | "projectMissing"
  | "emailMissing"
  | "emailInvalid"
  | "phoneMissing"
  | "purposeMissing"
  | "purposeTooLong"
  | "volumeInvalid"
  | "proofMissing"
  | "proofEmpty"
  | "proofTooBig"
  | "proofType"
  | "codeFormat"
  | "reasonMissing"
  | "reasonTooLong";

export interface RuleBreak<F extends string> {
  field: F;
  rule: SenderRule;
  values?: Record<string, number>;
}

const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

function numberBreak<F extends string>(field: F, raw: string): RuleBreak<F>[] {
  const checked = checkNumber(raw);
  if ("digits" in checked) return [];
  return [
    "count" in checked
      ? { field, rule: checked.rule, values: { count: checked.count } }
      : { field, rule: checked.rule },
  ];
}

/** A proof's type judged by what the browser says (declared type, else the name's ending). */
export function proofLooksAllowed(file: { name: string; type: string }): boolean {
  if (["application/pdf", "image/jpeg", "image/png"].includes(file.type)) return true;
  return file.type === "" && /\.(pdf|jpe?g|png)$/i.test(file.name);
}

/** Every field the gateway would refuse in an SMS registration: only the number. */
export function checkSms(number: string): RuleBreak<"number">[] {
  return numberBreak("number", number);
}

/** Every field the gateway would refuse in a DOCUMENT request, all at once. */
export function checkDocument(v: DocumentValues): RuleBreak<DocumentField>[] {
  const broken: RuleBreak<DocumentField>[] = [...numberBreak("number", v.number)];
  if (!v.projectId) broken.push({ field: "projectId", rule: "projectMissing" });
  const email = v.contactEmail.trim();
  if (!email) broken.push({ field: "contactEmail", rule: "emailMissing" });
  else if (email.length > EMAIL_MAX || !EMAIL.test(email))
    broken.push({ field: "contactEmail", rule: "emailInvalid" });
  if (!v.contactPhone.trim()) broken.push({ field: "contactPhone", rule: "phoneMissing" });
  else broken.push(...numberBreak("contactPhone", v.contactPhone));
  const purpose = v.purpose.trim().length;
  if (purpose === 0) broken.push({ field: "purpose", rule: "purposeMissing" });
  else if (purpose > PURPOSE_MAX)
    broken.push({ field: "purpose", rule: "purposeTooLong", values: { count: purpose } });
  const volume = v.expectedDailyVolume.trim();
  if (!/^\d+$/.test(volume) || Number(volume) < 1 || !Number.isSafeInteger(Number(volume)))
    broken.push({ field: "expectedDailyVolume", rule: "volumeInvalid" });
  if (!v.proof) broken.push({ field: "proof", rule: "proofMissing" });
  else if (v.proof.size === 0) broken.push({ field: "proof", rule: "proofEmpty" });
  else if (v.proof.size > PROOF_MAX_BYTES)
    broken.push({ field: "proof", rule: "proofTooBig", values: { size: v.proof.size } });
  else if (!proofLooksAllowed(v.proof)) broken.push({ field: "proof", rule: "proofType" });
  return broken;
}

/** A verification code is 6 digits; anything else is a typo the gateway refuses without counting it. */
export function checkCode(code: string): RuleBreak<"code">[] {
  return /^\d{6}$/.test(code.trim()) ? [] : [{ field: "code", rule: "codeFormat" }];
}

export function checkReason(reason: string): RuleBreak<"reason">[] {
  const length = reason.trim().length;
  if (length === 0) return [{ field: "reason", rule: "reasonMissing" }];
  if (length > REASON_MAX)
    return [{ field: "reason", rule: "reasonTooLong", values: { count: length } }];
  return [];
}

export const VERIFICATION_FAILURES = [
  "WRONG_CODE",
  "CODE_EXPIRED",
  "TOO_MANY_ATTEMPTS",
  "NOT_PENDING",
] as const;
export type VerificationFailure = (typeof VERIFICATION_FAILURES)[number];

/** A VerificationError's code as one of its four (the schema types it as any ErrorCode). */
export function verificationFailure(code: string): VerificationFailure {
  return VERIFICATION_FAILURES.find((f) => f === code) ?? "NOT_PENDING";
}

/** How many of the account's numbers hold one of the 10 places. */
export function countedNumbers(statuses: readonly Status[]): number {
  return statuses.filter((s) => COUNTED_STATUSES.includes(s)).length;
}

/**
 * The gateway's clock minus the browser's, estimated from a code just sent: the gateway set
 * its expiry to its own "now" + 3 minutes, so a countdown computed with this offset follows
 * the gateway's clock even when the browser's is off.
 */
export function clockOffset(expiresAtIso: string, receivedAtMs: number): number {
  return Date.parse(expiresAtIso) - CODE_TTL_MS - receivedAtMs;
}

/** Whole seconds until the code expires (0 once it has), on the gateway's clock. */
export function secondsLeft(expiresAtIso: string, browserNowMs: number, offsetMs = 0): number {
  return Math.max(0, Math.ceil((Date.parse(expiresAtIso) - (browserNowMs + offsetMs)) / 1000));
}

/** Whole seconds until another code may be requested (0 = now): 30 s after the last one was sent. */
export function resendWait(expiresAtIso: string, browserNowMs: number, offsetMs = 0): number {
  const sentAt = Date.parse(expiresAtIso) - CODE_TTL_MS;
  return Math.max(0, Math.ceil((sentAt + RESEND_INTERVAL_MS - (browserNowMs + offsetMs)) / 1000));
}

/** "2:05" for 125 seconds. */
export function mmss(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}
