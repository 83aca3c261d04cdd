// The Send form as data: its values, the SendMessageInput they become (the same for the
// preview and the send), what the console refuses before asking the gateway, and where a
// typed error of the gateway belongs on the form. Pure, so Node tests cover it.
import { placeErrors, type TypedError } from "../errors.ts";
import type { SendMessageInput } from "../gql/graphql.ts";
import { countEucKr } from "./eucKr.ts";
import {
  adProblems,
  effectiveType,
  FIXED_SENDER_COUNTRY,
  MMS_MAX_FILES,
  type AdProblem,
  type FileProblem,
  type MessageType,
  type RequestedType,
  type TextProblem,
  textProblems,
} from "./rules.ts";
import { reservationProblem, toGatewayLocal, type ReservationProblem } from "./timing.ts";

export type Mode = "IMMEDIATE" | "RESERVATION" | "SCHEDULE";

export interface SendValues {
  projectId: string;
  from: string;
  type: RequestedType;
  contentType: "COMM" | "AD";
  countryCode: string;
  fixedSender: boolean;
  adAutoComply: boolean;
  nightConsent: boolean;
  subject: string;
  content: string;
  list: string[];
  text: string;
  invalidRecipients: "REFUSE_ALL" | "SEND_VALID";
  mode: Mode;
  /** datetime-local value, yyyy-MM-ddTHH:mm */
  localTime: string;
  timeZone: string;
  scheduleCode: string;
}

export interface Attachment {
  /** Stable for the list's keys: two files may share a name. */
  id: number;
  file: File;
  problems: FileProblem[];
}

export const initialValues = (timeZone: string): SendValues => ({
  projectId: "",
  from: "",
  type: "AUTO",
  contentType: "COMM",
  countryCode: "82",
  fixedSender: false,
  adAutoComply: false,
  nightConsent: false,
  subject: "",
  content: "",
  list: [],
  text: "",
  invalidRecipients: "REFUSE_ALL",
  mode: "IMMEDIATE",
  localTime: "",
  timeZone,
  scheduleCode: "",
});

/** Whether the type in use carries a subject or files at all. */
export const takesSubject = (type: RequestedType) => type !== "SMS";
export const takesFiles = (type: RequestedType) => type === "MMS" || type === "AUTO";

/** The type the gateway will send as, from what is on the form now. */
export function formType(v: SendValues, fileCount: number): MessageType {
  return effectiveType(v.type, {
    hasSubject: takesSubject(v.type) && v.subject.length > 0,
    contentBytes: countEucKr(v.content).bytes,
    fileCount: takesFiles(v.type) ? fileCount : 0,
  });
}

/** The input of previewMessage and sendMessage: exactly what the form shows, nothing hidden. */
export function toInput(v: SendValues, files: File[], csv: File | null): SendMessageInput {
  const input: SendMessageInput = {
    projectId: v.projectId,
    from: v.from,
    type: v.type,
    contentType: v.contentType,
    countryCode: v.countryCode,
    content: v.content,
    recipients: {
      ...(v.list.length ? { list: v.list.map((to) => ({ to })) } : {}),
      ...(v.text.trim() ? { text: v.text } : {}),
      ...(csv ? { csv } : {}),
    },
    invalidRecipients: v.invalidRecipients,
    mode: v.mode,
  };
  if (takesSubject(v.type) && v.subject) input.subject = v.subject;
  if (takesFiles(v.type) && files.length) input.files = files;
  if (v.contentType === "AD") {
    input.adAutoComply = v.adAutoComply;
    input.nightConsent = v.nightConsent;
  }
  if (v.countryCode === FIXED_SENDER_COUNTRY) input.fixedSender = v.fixedSender;
  if (v.mode === "RESERVATION")
    input.reservation = { localTime: toGatewayLocal(v.localTime), timeZone: v.timeZone };
  if (v.mode === "SCHEDULE") input.scheduleCode = v.scheduleCode;
  return input;
}

/** Fields of the form a message can be shown next to. */
export type SendField =
  | "projectId"
  | "from"
  | "type"
  | "contentType"
  | "countryCode"
  | "subject"
  | "content"
  | "files"
  | "list"
  | "text"
  | "csv"
  | "recipients"
  | "localTime"
  | "timeZone"
  | "scheduleCode"
  | "mode";

/** Order matters: the first field a path names wins (["input","reservation","timeZone"] → timeZone). */
export const SEND_FIELDS: readonly SendField[] = [
  "projectId",
  "from",
  "type",
  "contentType",
  "countryCode",
  "subject",
  "content",
  "files",
  "list",
  "text",
  "csv",
  "recipients",
  "localTime",
  "timeZone",
  "scheduleCode",
  "mode",
];

/** A rule the console checks itself, before anything is sent, and where it is shown. */
export type LocalProblem =
  | { field: "projectId" | "from" | "recipients" | "scheduleCode"; kind: "required" }
  | { field: "subject" | "content"; kind: "text"; problem: TextProblem; type: MessageType }
  | { field: "contentType"; kind: "ad"; problem: AdProblem }
  | { field: "files"; kind: "fileCount"; count: number }
  | { field: "files"; kind: "file"; name: string; problem: FileProblem }
  | { field: "localTime" | "timeZone"; kind: "reservation"; problem: ReservationProblem };

export interface LocalContext {
  attachments: readonly Attachment[];
  csv: File | null;
  number080: string | null;
  now: Date;
}

/** Everything the gateway would certainly refuse, found without asking it. */
export function localProblems(v: SendValues, ctx: LocalContext): LocalProblem[] {
  const out: LocalProblem[] = [];
  if (!v.projectId) out.push({ field: "projectId", kind: "required" });
  if (!v.from) out.push({ field: "from", kind: "required" });
  const files = takesFiles(v.type) ? ctx.attachments : [];
  const type = formType(v, files.length);
  if (takesSubject(v.type))
    for (const problem of textProblems(type, "subject", v.subject))
      out.push({ field: "subject", kind: "text", problem, type });
  for (const problem of textProblems(type, "content", v.content))
    out.push({ field: "content", kind: "text", problem, type });
  if (v.contentType === "AD") {
    const problems = adProblems(v.countryCode, v.content, ctx.number080);
    // The helper fixes the prefix and the 080 number; it cannot create a 080 service.
    for (const problem of problems)
      if (!v.adAutoComply || problem === "noOptOutService")
        out.push({ field: "contentType", kind: "ad", problem });
  }
  if (files.length > MMS_MAX_FILES)
    out.push({ field: "files", kind: "fileCount", count: files.length });
  for (const a of files)
    for (const problem of a.problems)
      out.push({ field: "files", kind: "file", name: a.file.name, problem });
  if (!v.list.length && !v.text.trim() && !ctx.csv)
    out.push({ field: "recipients", kind: "required" });
  if (v.mode === "RESERVATION") {
    const problem = reservationProblem(toGatewayLocal(v.localTime), v.timeZone, ctx.now);
    if (problem)
      out.push({
        field: problem.kind === "badZone" ? "timeZone" : "localTime",
        kind: "reservation",
        problem,
      });
  }
  if (v.mode === "SCHEDULE" && !v.scheduleCode)
    out.push({ field: "scheduleCode", kind: "required" });
  return out;
}

export interface RowReport {
  source: string;
  row: number;
  value: string;
  code: string;
  reason: string;
}

/** A typed error of previewMessage/sendMessage, as the fields of the form show it. */
export type SendError = TypedError & {
  violations?: readonly string[];
  rows?: readonly RowReport[];
  entity?: string;
};

export interface PlacedSendError {
  /** The gateway's own sentences, per field. */
  fields: Partial<Record<SendField, string[]>>;
  /** Rows of a RecipientsRejectedError: the recipients report shows them. */
  rows: readonly RowReport[] | null;
  /** What names no field. */
  form: TypedError[];
}

const ENTITY_FIELD: Record<string, SendField> = {
  Project: "projectId",
  Schedule: "scheduleCode",
  File: "files",
};

/** Places a typed error: issues by path, AD violations on the content type, rows on recipients. */
export function placeSendError(error: SendError): PlacedSendError {
  const fields: Partial<Record<SendField, string[]>> = {};
  const add = (field: SendField, message: string) => (fields[field] ??= []).push(message);
  switch (error.__typename) {
    case "ValidationError": {
      const placed = placeErrors(error, SEND_FIELDS);
      for (const issue of error.issues ?? []) {
        const field = SEND_FIELDS.find((f) => issue.path.includes(f));
        if (field) add(field, issue.message);
      }
      const form = placed.form.map((i) =>
        "code" in i ? i : { __typename: "ValidationError", code: error.code, message: i.message },
      );
      return { fields, rows: null, form };
    }
    case "AdPolicyError":
      for (const v of error.violations ?? [error.message]) add("contentType", v);
      return { fields, rows: null, form: [] };
    case "RecipientsRejectedError":
      add("recipients", error.message);
      return { fields, rows: error.rows ?? [], form: [] };
    case "NotFoundError": {
      const field = ENTITY_FIELD[error.entity ?? ""];
      if (field) add(field, error.message);
      return { fields, rows: null, form: field ? [] : [error] };
    }
    default:
      return { fields, rows: null, form: [error] };
  }
}
