// The SENS SMS API v2 wire format: request bodies and query strings as SENS clients send
// them (checked here for shape only — every rule lives in the services and domain), and the
// response fields and time formats SENS clients parse.
import { DateTime } from "luxon";
import { z } from "zod";
import { ValidationError, type FieldIssue } from "../domain/errors.ts";

/** SENS answers in Korea's local time, without an offset. */
export const SENS_ZONE = "Asia/Seoul";
/** Most messages in one SENS send call. */
export const SENS_MAX_MESSAGES = 100;
/** Most numbers in one unsubscribes call (SENS: 1,000). */
export const SENS_MAX_UNSUBSCRIBES = 1000;

const optionalText = z.string().nullish();

export const SendBody = z.object({
  type: z.enum(["SMS", "LMS", "MMS", "AUTO"]),
  contentType: z.enum(["COMM", "AD"]).nullish(),
  countryCode: z.union([z.string(), z.number().int()]).transform(String).nullish(),
  from: z.string(),
  subject: optionalText,
  content: z.string(),
  messages: z.array(z.object({ to: z.string(), subject: optionalText, content: optionalText })),
  files: z.array(z.object({ fileId: z.string() })).nullish(),
  reserveTime: optionalText,
  reserveTimeZone: optionalText,
  scheduleCode: optionalText,
});
export type SendBody = z.infer<typeof SendBody>;

export const FileBody = z.object({ fileName: z.string(), fileBody: z.string() });

export const UnsubscribeBody = z.array(z.object({ clientTelNo: z.string() }));

/** Parses `value` with `schema`; a mismatch is a ValidationError naming each field. */
export function parseWire<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues: FieldIssue[] = result.error.issues.map((i) => ({
    path: i.path.map(String),
    message: i.message,
  }));
  throw new ValidationError(
    issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "),
    issues,
  );
}

/** Strict base64 (whitespace such as MIME line breaks is allowed); anything else is refused. */
export function decodeBase64(value: string, path: string[]): Buffer {
  const compact = value.replace(/\s+/g, "");
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(compact)) {
    throw ValidationError.field(
      path,
      `${path.join(".")} is not base64 (send the file's bytes base64-encoded, without a "data:…;base64," prefix)`,
    );
  }
  return Buffer.from(compact, "base64");
}

// ───────────────────────────── query strings ─────────────────────────────

/** A non-negative integer query parameter within [min, max], or the default when absent. */
export function intParam(
  query: URLSearchParams,
  name: string,
  min: number,
  max: number,
  fallback: number | null,
): number | null {
  const raw = query.get(name);
  if (raw === null || raw === "") return fallback;
  if (!/^\d{1,15}$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw ValidationError.field([name], `${name} must be an integer from ${min} to ${max}`);
  }
  return Number(raw);
}

/** `YYYY-MM-DD HH:mm:ss` in Asia/Seoul, as SENS's message list takes it. */
export function seoulTimeParam(query: URLSearchParams, name: string): Date | null {
  const raw = query.get(name);
  if (raw === null || raw === "") return null;
  const t = DateTime.fromFormat(raw, "yyyy-MM-dd HH:mm:ss", { zone: SENS_ZONE });
  if (!t.isValid)
    throw ValidationError.field([name], `${name} must be "YYYY-MM-DD HH:mm:ss" (Asia/Seoul)`);
  return t.toJSDate();
}

/** One of `values`, or null when absent. */
export function enumParam<T extends string>(
  query: URLSearchParams,
  name: string,
  values: readonly T[],
): T | null {
  const raw = query.get(name);
  if (raw === null || raw === "") return null;
  if (!(values as readonly string[]).includes(raw))
    throw ValidationError.field([name], `${name} must be one of ${values.join(", ")}`);
  return raw as T;
}

// ───────────────────────────── response formats ─────────────────────────────

/** `YYYY-MM-DDTHH:mm:ss.sss`, Asia/Seoul: send, file and unsubscribe responses. */
export const seoulIso = (d: Date): string =>
  DateTime.fromJSDate(d, { zone: SENS_ZONE }).toFormat("yyyy-MM-dd'T'HH:mm:ss.SSS");

/** `YYYY-MM-DD HH:mm:ss`, Asia/Seoul: message results (the console's JSON view). */
export const seoulSeconds = (d: Date): string =>
  DateTime.fromJSDate(d, { zone: SENS_ZONE }).toFormat("yyyy-MM-dd HH:mm:ss");

/** `YYYY-MM-DDTHH:mm:ss±hh:mm` in the reservation's own time zone: reserve-status. */
export const zonedIso = (d: Date, zone: string): string =>
  DateTime.fromJSDate(d, { zone }).toISO({ suppressMilliseconds: true }) ?? d.toISOString();

/** SENS's opt-out source letters. */
export const REGISTER_TYPE = { ARS: "C", MANUAL: "M" } as const;

export interface MessageRow {
  id: string;
  requestId: string;
  requestTime: Date;
  countryCode: string;
  to: string;
  subject: string | null;
  content: string;
  status: string;
  result: "SUCCESS" | "FAIL" | null;
  resultCode: string | null;
  resultMessage: string | null;
  telcoCode: string | null;
  completeTime: Date | null;
  request: {
    type: string;
    contentType: string;
    effectiveFrom: string;
    files: { file: { fileName: string } }[];
  };
}

/** One message as SENS's message results show it; result fields are null until COMPLETED. */
export function messageItem(m: MessageRow) {
  return {
    requestId: m.requestId,
    messageId: m.id,
    requestTime: seoulSeconds(m.requestTime),
    contentType: m.request.contentType,
    type: m.request.type,
    countryCode: m.countryCode,
    from: m.request.effectiveFrom,
    to: m.to,
    subject: m.subject,
    content: m.content,
    status: m.status,
    statusCode: m.resultCode,
    statusName: m.result === null ? null : m.result === "SUCCESS" ? "success" : "fail",
    statusMessage: m.resultMessage,
    telcoCode: m.telcoCode,
    completeTime: m.completeTime ? seoulSeconds(m.completeTime) : null,
    files: m.request.files.map((f) => ({ name: f.file.fileName })),
  };
}

/** The request-level select messageItem needs. */
export const MESSAGE_ITEM_INCLUDE = {
  request: {
    select: {
      type: true,
      contentType: true,
      effectiveFrom: true,
      files: {
        select: { file: { select: { fileName: true } } },
        orderBy: { position: "asc" as const },
      },
    },
  },
};
