// Reading SENS answers, defensively: any field may be missing or of another type, and an id
// we would store or put in a URL must look like one. Pure functions, no I/O.
import type { HttpResult } from "./http.ts";

/** What we accept as a SENS requestId, messageId or fileId: printable ASCII, no spaces. */
const SENS_ID = /^[\x21-\x7e]{1,200}$/;

/** A message's result in a `GET …/messages/{messageId}` answer. */
export interface SensResult {
  status: string;
  statusCode: string | null;
  statusName: string | null;
  statusMessage: string | null;
  telcoCode: string | null;
  completeTime: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** A non-empty string (numbers are accepted as their digits), trimmed to `max` characters. */
function text(v: unknown, max = 500): string | null {
  const s =
    typeof v === "string" ? v : typeof v === "number" && Number.isFinite(v) ? String(v) : null;
  if (!s) return null;
  const clean = s.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
  return clean ? clean.slice(0, max) : null;
}

/** The reason in a SENS error body: `{"status":400,"errorMessage":"…"}` or `{"error":{"errorCode":…,"message":…,"details":…}}`. */
export function sensError(body: unknown): string | null {
  if (!isObject(body)) return null;
  const direct = text(body.errorMessage, 300);
  if (direct) return direct;
  if (isObject(body.error)) {
    const message = text(body.error.message, 300);
    const details = text(body.error.details, 300);
    const code = text(body.error.errorCode, 50);
    const parts = [message, details && details !== message ? details : null]
      .filter(Boolean)
      .join(": ");
    if (parts || code) return `${parts || "error"}${code ? ` [${code}]` : ""}`;
  }
  return text(body.message, 300);
}

/** The requestId of a `POST …/messages` answer, or null when it has none we could store. */
export function readRequestId(body: unknown, reserved: string): string | null {
  const requestId = isObject(body) ? text(body.requestId) : null;
  return requestId && SENS_ID.test(requestId) && requestId !== reserved ? requestId : null;
}

/** The messageId of our recipient in a `GET …/messages?requestId=` answer (one recipient per request). */
export function pickMessageId(body: unknown, to: string): string | null {
  if (!isObject(body) || !Array.isArray(body.messages)) return null;
  const entries = body.messages.filter(isObject);
  const digits = (v: unknown) => (text(v) ?? "").replace(/\D/g, "");
  const mine =
    entries.find((m) => digits(m.to) === to.replace(/\D/g, "")) ??
    (entries.length === 1 ? entries[0] : undefined);
  const id = mine ? text(mine.messageId, 200) : null;
  return id && SENS_ID.test(id) ? id : null;
}

/** A `POST …/files` answer: `{"fileId","createTime","expireTime"}`; null without a usable fileId. */
export function readUpload(body: unknown): { fileId: string; expireTime: Date | null } | null {
  if (!isObject(body)) return null;
  const fileId = text(body.fileId, 200);
  return fileId && SENS_ID.test(fileId)
    ? { fileId, expireTime: parseSensTime(body.expireTime) }
    : null;
}

/** The result in a `GET …/messages/{messageId}` answer, or null when it has none we can read. */
export function readResult(body: unknown): SensResult | null {
  if (!isObject(body) || !Array.isArray(body.messages) || !isObject(body.messages[0])) return null;
  const m = body.messages[0];
  const status = text(m.status, 40);
  if (!status) return null;
  return {
    status,
    statusCode: text(m.statusCode, 20),
    statusName: text(m.statusName, 40),
    statusMessage: text(m.statusMessage),
    telcoCode: text(m.telcoCode, 20),
    completeTime: m.completeTime,
  };
}

const SENS_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/;

/** SENS times are "yyyy-MM-dd HH:mm:ss" in Korea time (UTC+9, no daylight saving); ISO strings with a zone are accepted too. */
export function parseSensTime(v: unknown): Date | null {
  if (typeof v !== "string") return null;
  const s = v.trim();
  const m = SENS_TIME.exec(s);
  if (m) {
    const [, y, mo, d, h, mi, sec, ms] = m;
    return new Date(
      Date.UTC(+y!, +mo! - 1, +d!, +h! - 9, +mi!, +sec!, ms ? +ms.padEnd(3, "0") : 0),
    );
  }
  if (!/(?:[zZ]|[+-]\d{2}:?\d{2})$/.test(s)) return null;
  const date = new Date(s);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A lookup that gave no result, in words for the log and the final message. */
export function describe(r: HttpResult): string {
  if (r.kind === "failed") return r.reason;
  return r.status === 200 ? "unreadable answer" : `HTTP ${r.status}`;
}
