// Message types and their limits (docs/sending.md#types-and-limits): which type a request really is (AUTO, MMS
// without files → LMS) and whether a subject/content fits. Pure; bytes are EUC-KR bytes.
import { measureEucKr } from "./bytes.ts";
import type { FieldIssue } from "./errors.ts";

export type MessageType = "SMS" | "LMS" | "MMS";
export type RequestedType = MessageType | "AUTO";

export const LIMITS: Record<
  MessageType,
  { subjectBytes: number; contentBytes: number; minFiles: number; maxFiles: number }
> = {
  SMS: { subjectBytes: 0, contentBytes: 80, minFiles: 0, maxFiles: 0 },
  LMS: { subjectBytes: 40, contentBytes: 2000, minFiles: 0, maxFiles: 0 },
  MMS: { subjectBytes: 40, contentBytes: 2000, minFiles: 1, maxFiles: 3 },
};

export interface TypeDecision {
  type: MessageType;
  /** Set when the request asked for another type than the one sent, and why. */
  note?: "MMS_WITHOUT_FILES_SENT_AS_LMS" | "AUTO_SMS" | "AUTO_LMS" | "AUTO_MMS";
}

/**
 * The type a message is sent as. AUTO: MMS with files, LMS when there is a subject or the
 * longest effective content exceeds the SMS limit, SMS otherwise. MMS without files is sent
 * as LMS (the result says so).
 */
export function decideType(
  requested: RequestedType,
  p: { hasSubject: boolean; maxContentBytes: number; fileCount: number },
): TypeDecision {
  if (requested === "AUTO") {
    if (p.fileCount > 0) return { type: "MMS", note: "AUTO_MMS" };
    if (p.hasSubject || p.maxContentBytes > LIMITS.SMS.contentBytes)
      return { type: "LMS", note: "AUTO_LMS" };
    return { type: "SMS", note: "AUTO_SMS" };
  }
  if (requested === "MMS" && p.fileCount === 0)
    return { type: "LMS", note: "MMS_WITHOUT_FILES_SENT_AS_LMS" };
  return { type: requested };
}

/** Issues with the request's shape for its effective type (subject on SMS, files on SMS/LMS, file count). */
export function checkShape(
  type: MessageType,
  p: { hasSubject: boolean; fileCount: number },
): FieldIssue[] {
  const limit = LIMITS[type];
  const issues: FieldIssue[] = [];
  if (type === "SMS" && p.hasSubject)
    issues.push({ path: ["subject"], message: "SMS has no subject; use LMS, MMS or AUTO" });
  if (p.fileCount > limit.maxFiles) {
    issues.push({
      path: ["files"],
      message:
        limit.maxFiles === 0
          ? `${type} cannot carry files; use MMS or AUTO`
          : `MMS carries at most ${limit.maxFiles} files (got ${p.fileCount})`,
    });
  }
  return issues;
}

export type TextIssue =
  | { kind: "TOO_LONG"; field: "subject" | "content"; bytes: number; limit: number }
  | {
      kind: "UNENCODABLE";
      field: "subject" | "content";
      chars: { char: string; codePoint: string; index: number }[];
    }
  | { kind: "EMPTY"; field: "content" };

export function describeTextIssue(i: TextIssue): string {
  switch (i.kind) {
    case "TOO_LONG":
      return `${i.field} is ${i.bytes} bytes; the limit is ${i.limit} bytes (EUC-KR)`;
    case "UNENCODABLE":
      return `${i.field} contains characters that cannot be sent (not in EUC-KR): ${i.chars.map((c) => `"${c.char}" (${c.codePoint}) at position ${c.index + 1}`).join(", ")}`;
    case "EMPTY":
      return "content must not be empty";
  }
}

/** Checks one effective subject/content against the type's limits. */
export function checkText(
  type: MessageType,
  subject: string | null | undefined,
  content: string,
): TextIssue[] {
  const limit = LIMITS[type];
  const issues: TextIssue[] = [];
  if (content.length === 0) issues.push({ kind: "EMPTY", field: "content" });
  const c = measureEucKr(content);
  if (c.unencodable.length)
    issues.push({ kind: "UNENCODABLE", field: "content", chars: c.unencodable });
  if (c.bytes > limit.contentBytes)
    issues.push({ kind: "TOO_LONG", field: "content", bytes: c.bytes, limit: limit.contentBytes });
  if (subject) {
    const s = measureEucKr(subject);
    if (s.unencodable.length)
      issues.push({ kind: "UNENCODABLE", field: "subject", chars: s.unencodable });
    if (s.bytes > limit.subjectBytes)
      issues.push({
        kind: "TOO_LONG",
        field: "subject",
        bytes: s.bytes,
        limit: limit.subjectBytes,
      });
  }
  return issues;
}
