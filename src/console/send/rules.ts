// The sending rules the Send screen shows and checks before it asks the gateway, the same
// as the gateway's (src/domain/messageRules.ts, countryPolicy.ts, adPolicy.ts, mmsFile.ts,
// reservations.ts; test/console-send-rules.test.ts fails when they drift apart). The
// gateway stays the judge: previewMessage and its typed errors have the last word.
import { countEucKr, type Unencodable } from "./eucKr.ts";

export type MessageType = "SMS" | "LMS" | "MMS";
export type RequestedType = MessageType | "AUTO";
export const REQUESTED_TYPES: readonly RequestedType[] = ["SMS", "LMS", "MMS", "AUTO"];

export const LIMITS: Record<MessageType, { subjectBytes: number; contentBytes: number }> = {
  SMS: { subjectBytes: 0, contentBytes: 80 },
  LMS: { subjectBytes: 40, contentBytes: 2000 },
  MMS: { subjectBytes: 40, contentBytes: 2000 },
};

/** The type a send goes out as: AUTO by files, subject and length; MMS without files is LMS. */
export function effectiveType(
  requested: RequestedType,
  p: { hasSubject: boolean; contentBytes: number; fileCount: number },
): MessageType {
  if (requested === "AUTO") {
    if (p.fileCount > 0) return "MMS";
    return p.hasSubject || p.contentBytes > LIMITS.SMS.contentBytes ? "LMS" : "SMS";
  }
  if (requested === "MMS" && p.fileCount === 0) return "LMS";
  return requested;
}

export type TextProblem =
  | { kind: "empty" }
  | { kind: "tooLong"; bytes: number; limit: number }
  | { kind: "unencodable"; chars: Unencodable[] };

/** What the gateway would refuse about one text of a send of `type` (subject or content). */
export function textProblems(
  type: MessageType,
  field: "subject" | "content",
  text: string,
): TextProblem[] {
  if (field === "content" && text.length === 0) return [{ kind: "empty" }];
  if (field === "subject" && text.length === 0) return [];
  const limit = field === "subject" ? LIMITS[type].subjectBytes : LIMITS[type].contentBytes;
  const { bytes, unencodable } = countEucKr(text);
  const problems: TextProblem[] = [];
  if (unencodable.length) problems.push({ kind: "unencodable", chars: unencodable });
  if (bytes > limit) problems.push({ kind: "tooLong", bytes, limit });
  return problems;
}

// --- Countries (docs/sending.md#countries) ---------------------------------------------

export type SenderRule = "AS_ENTERED" | "RANDOM" | "FIXED_SERVICE_SENDER";
export const COUNTRIES: readonly { code: string; senderRule: SenderRule }[] = [
  { code: "82", senderRule: "AS_ENTERED" },
  { code: "1", senderRule: "RANDOM" },
  { code: "65", senderRule: "AS_ENTERED" },
  { code: "81", senderRule: "FIXED_SERVICE_SENDER" },
  { code: "852", senderRule: "RANDOM" },
  { code: "86", senderRule: "RANDOM" },
  { code: "886", senderRule: "RANDOM" },
];
export const JAPAN_SERVICE_SENDER = "SMSGW";
export const CHINA_SIGNATURE = "【Verify】";
/** Taiwan may keep the entered sender on request (fixedSender). */
export const FIXED_SENDER_COUNTRY = "886";

// --- Advertising (docs/sending.md#advertising-ad) ---------------------------------------

export const AD_PREFIX = "(광고)";
export const NIGHT_START_HOUR = 21;
export const NIGHT_END_HOUR = 8;
export type AdProblem = "noOptOutService" | "missing080" | "missingPrefix";

const digitsOf = (s: string) => s.replace(/\D/g, "");
/** 0801234567 → 080-123-4567 */
export const format080 = (n: string) => {
  const d = digitsOf(n);
  return `${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6)}`;
};

/** What an AD content breaks (rules 1–3; the night rule depends on the send time). */
export function adProblems(
  countryCode: string,
  content: string,
  number080: string | null,
): AdProblem[] {
  if (!number080) return ["noOptOutService"];
  const problems: AdProblem[] = [];
  if (!digitsOf(content).includes(digitsOf(number080))) problems.push("missing080");
  if (countryCode === "82" && !content.trimStart().startsWith(AD_PREFIX))
    problems.push("missingPrefix");
  return problems;
}

/** What the gateway's auto-comply helper (adAutoComply) makes of an AD content. */
export function autoComplied(countryCode: string, content: string, number080: string): string {
  const prefixed =
    countryCode === "82" && !content.trimStart().startsWith(AD_PREFIX)
      ? AD_PREFIX + content
      : content;
  return digitsOf(prefixed).includes(digitsOf(number080))
    ? prefixed
    : `${prefixed}\n무료수신거부 ${format080(number080)}`;
}

/** Korea's AD quiet hours, 21:00–08:00 Asia/Seoul (UTC+9 all year, no daylight saving). */
export function isKoreanNight(instant: Date): boolean {
  const hour = new Date(instant.getTime() + 9 * 3600_000).getUTCHours();
  return hour >= NIGHT_START_HOUR || hour < NIGHT_END_HOUR;
}

// --- MMS files (docs/sending.md#mms-files) ----------------------------------------------

export const MMS_MAX_BYTES = 300 * 1024;
export const MMS_MAX_SIDE = 1500;
export const MMS_MAX_NAME = 40;
export const MMS_MAX_FILES = 3;

export type FileProblem =
  | { kind: "noName" }
  | { kind: "nameTooLong"; length: number }
  | { kind: "empty" }
  | { kind: "tooBig"; size: number }
  | { kind: "notJpeg" }
  | { kind: "noDimensions" }
  | { kind: "tooLarge"; width: number; height: number };

/** Width and height from a JPEG's start-of-frame segment; null when none is found. */
export function jpegDimensions(data: Uint8Array): { width: number; height: number } | null {
  let at = 2; // after SOI
  while (at + 9 < data.length) {
    if (data[at] !== 0xff) return null;
    const marker = data[at + 1]!;
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    const length = (data[at + 2]! << 8) | data[at + 3]!;
    // SOF0–SOF15 carry the frame size, except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      const height = (data[at + 5]! << 8) | data[at + 6]!;
      const width = (data[at + 7]! << 8) | data[at + 8]!;
      return { width, height };
    }
    if (marker === 0xd9 || marker === 0xda) return null; // end of image, or the scan: no frame header before it
    at += 2 + length;
  }
  return null;
}

/** What the gateway would refuse about one MMS file (its name and its bytes). */
export function fileProblems(name: string, data: Uint8Array): FileProblem[] {
  const problems: FileProblem[] = [];
  const trimmed = name.trim();
  const length = [...trimmed].length;
  if (!trimmed) problems.push({ kind: "noName" });
  else if (length > MMS_MAX_NAME) problems.push({ kind: "nameTooLong", length });
  if (data.length === 0) return [...problems, { kind: "empty" }];
  if (data.length > MMS_MAX_BYTES) problems.push({ kind: "tooBig", size: data.length });
  if (!(data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff))
    return [...problems, { kind: "notJpeg" }];
  const size = jpegDimensions(data);
  if (!size?.width || !size?.height) problems.push({ kind: "noDimensions" });
  else if (size.width > MMS_MAX_SIDE || size.height > MMS_MAX_SIDE)
    problems.push({ kind: "tooLarge", ...size });
  return problems;
}
