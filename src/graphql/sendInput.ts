// The input of sendMessage and previewMessage: the send enums, recipients, reservation time
// and SendMessageInput, and their conversion into the sending service's SendInput.
import { checkFileCount, checkMmsFile } from "../domain/mmsFile.ts";
import type { SendInput } from "../services/sending.ts";
import { builder } from "./builder.ts";
import { decodeId, safeDbId } from "./ids.ts";

export const RequestedMessageTypeEnum = builder.enumType("RequestedMessageType", {
  description:
    "The type a send asks for (limits in EUC-KR bytes); the type it is sent as may differ, see `typeNote`.",
  values: {
    SMS: { description: "Content 1–80 bytes, no subject." },
    LMS: { description: "Optional subject ≤ 40 bytes, content 1–2000 bytes." },
    MMS: { description: "LMS plus 1–3 JPEG files; without files it is sent as LMS." },
    AUTO: { description: "SMS when it fits, LMS when longer or with a subject, MMS with files." },
  },
});
export const ContentTypeEnum = builder.enumType("ContentType", {
  description:
    "Whether a send is advertising; AD sends must follow the advertising rules (docs/sending.md).",
  values: {
    COMM: {
      description:
        "Ordinary notices (verification codes, orders, deliveries); delivered even to opted-out numbers.",
    },
    AD: {
      description:
        "Advertising: needs a COMPLETE 080 opt-out service and its number in the content, the (광고) prefix to Korea, no night-time delivery to Korea without consent; skips opted-out numbers.",
    },
  },
});
export const SendModeEnum = builder.enumType("SendMode", {
  description: "When a send goes out.",
  values: {
    IMMEDIATE: { description: "Now: queued for delivery at once." },
    RESERVATION: {
      description: "Once, at `reservation` (a local time and zone, 10 minutes to 180 days ahead).",
    },
    SCHEDULE: {
      description:
        "As the template of the schedule named by `scheduleCode`, sent at each of its occurrences.",
    },
  },
});
export const InvalidRecipientsEnum = builder.enumType("InvalidRecipientsPolicy", {
  description:
    "What a send does with unusable recipient rows. A send with no usable row is refused either way.",
  values: {
    REFUSE_ALL: {
      description: "Any unusable recipient row refuses the whole request (nothing is sent).",
    },
    SEND_VALID: { description: "Send to the usable rows; the others are reported." },
  },
});

const RecipientInput = builder.inputType("RecipientInput", {
  description:
    "One recipient, optionally with its own subject and content (limits of the effective type apply, in EUC-KR bytes).",
  fields: (t) => ({
    to: t.string({
      description:
        "Phone number for the request's country; spaces, hyphens, dots and parentheses are ignored. Korea: a mobile number (010…, or +82 10…).",
    }),
    subject: t.string({
      required: false,
      description: "Overrides the request's subject for this recipient.",
    }),
    content: t.string({
      required: false,
      description: "Overrides the request's content for this recipient.",
      extensions: { text: "multiline" },
    }),
  }),
});

const RecipientsInput = builder.inputType("RecipientsInput", {
  description: "Any combination of the three ways in; duplicates across them are collapsed.",
  fields: (t) => ({
    list: t.field({
      type: [RecipientInput],
      required: false,
      description: "Recipients as objects; rows are numbered from 1 in reports.",
    }),
    text: t.string({
      required: false,
      description: "One number per line (the console's textarea).",
      extensions: { text: "multiline" },
    }),
    csv: t.field({
      type: "Upload",
      required: false,
      description: "CSV with a header row: to[,subject][,content].",
    }),
  }),
});

const ReservationTimeInput = builder.inputType("ReservationTimeInput", {
  description: "When a reservation sends: a local wall-clock time and the IANA zone it is in.",
  fields: (t) => ({
    localTime: t.string({ description: "Local wall time `yyyy-MM-dd HH:mm` in `timeZone`." }),
    timeZone: t.string({
      required: false,
      defaultValue: "Asia/Seoul",
      description: "IANA time zone, e.g. Asia/Seoul, Europe/Berlin.",
    }),
  }),
});

/** The schema builder's types, for the field groups of SendMessageInput below. */
type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;
type InputFields = PothosSchemaTypes.InputFieldBuilder<Types, "InputObject">;

/** What is sent, from whom and to which country. */
const messageFields = (t: InputFields) => ({
  projectId: t.id({ description: "`Project.id` (Relay global id) of one of your projects." }),
  type: t.field({
    type: RequestedMessageTypeEnum,
    defaultValue: "AUTO",
    description: "The type to send as; AUTO picks by length, subject and files.",
  }),
  contentType: t.field({
    type: ContentTypeEnum,
    defaultValue: "COMM",
    description: "COMM, or AD for advertising.",
  }),
  countryCode: t.string({
    defaultValue: "82",
    description: "Calling code of every recipient: 82, 1, 65, 81, 852, 86 or 886.",
  }),
  from: t.string({
    description: "An APPROVED sender number of your account (separators allowed).",
  }),
  subject: t.string({
    required: false,
    description:
      "≤ 40 EUC-KR bytes; refused with type SMS (AUTO sends LMS then). Recipients may override it.",
  }),
  content: t.string({
    description:
      "SMS 1–80, LMS/MMS 1–2000 EUC-KR bytes; refused, never truncated, when over. Recipients may override it.",
    extensions: { text: "multiline" },
  }),
});

/** Who gets it, and what happens to unusable rows. */
const recipientFields = (t: InputFields) => ({
  recipients: t.field({
    type: RecipientsInput,
    description: "Who gets it: a list, a text block and/or a CSV file.",
  }),
  invalidRecipients: t.field({
    type: InvalidRecipientsEnum,
    defaultValue: "REFUSE_ALL",
    description: "What to do with unusable recipient rows.",
  }),
});

/** MMS images: uploaded with the request or earlier. */
const fileFields = (t: InputFields) => ({
  files: t.field({
    type: ["Upload"],
    required: false,
    description:
      "MMS JPEGs uploaded with this request (multipart): each ≤ 300 KB, ≤ 1500×1500 pixels, name 1–40 characters.",
  }),
  fileIds: t.idList({
    required: false,
    description:
      "`StoredFile.id`s of MMS images uploaded earlier (uploadMmsFile, or REST POST …/files), within 6 days of upload. With `files`: 1–3 in all.",
  }),
});

/** Advertising and country rules, and safe retries. */
const ruleFields = (t: InputFields) => ({
  adAutoComply: t.boolean({
    required: false,
    description:
      "AD: instead of refusing, put (광고) in front when missing (Korea) and append the footer 무료수신거부 <080 number> when the number is missing. Default false.",
  }),
  nightConsent: t.boolean({
    required: false,
    description:
      "AD to Korea: recipients gave separate consent to night-time advertising (21:00–08:00 Asia/Seoul). Default false.",
  }),
  fixedSender: t.boolean({
    required: false,
    description:
      "Taiwan (886): recipients see the entered `from` instead of a random number. Default false.",
  }),
  idempotencyKey: t.string({
    required: false,
    description:
      "Your key for safe retries, unique per account: the same key and payload within 24 hours returns the original request (`replayed: true`); another payload is IDEMPOTENCY_KEY_REUSED.",
  }),
});

/** Now, once later, or as a schedule's template. */
const timingFields = (t: InputFields) => ({
  mode: t.field({
    type: SendModeEnum,
    defaultValue: "IMMEDIATE",
    description: "Now, once later (`reservation`), or as a schedule's template (`scheduleCode`).",
  }),
  reservation: t.field({
    type: ReservationTimeInput,
    required: false,
    description: "RESERVATION mode: when to send (10 minutes to 180 days ahead).",
  }),
  scheduleCode: t.string({
    required: false,
    description:
      "SCHEDULE mode: the code of the project's schedule to attach this message to, as a template sent at every occurrence.",
  }),
});

export const SendMessageInput = builder.inputType("SendMessageInput", {
  description:
    "One send: every rule is checked before anything is written (docs/sending.md). At most 100,000 recipient rows.",
  fields: (t) => ({
    ...messageFields(t),
    ...recipientFields(t),
    ...fileFields(t),
    ...ruleFields(t),
    ...timingFields(t),
  }),
});

type SendArgs = typeof SendMessageInput.$inferInput;

export async function toSendInput(input: SendArgs): Promise<SendInput> {
  const uploads = input.files ?? [];
  // Before any upload is read or id looked up.
  checkFileCount(input.fileIds?.length ?? 0, uploads.length, ["input", "files"]);
  const newFiles = await Promise.all(
    uploads.map(async (f, i) =>
      checkMmsFile(f.name, Buffer.from(await f.arrayBuffer()), ["input", "files", String(i)]),
    ),
  );
  const csvFile = input.recipients.csv;
  return {
    projectId: decodeId("Project", input.projectId),
    type: input.type ?? "AUTO",
    contentType: input.contentType ?? "COMM",
    countryCode: input.countryCode ?? "82",
    from: input.from,
    subject: input.subject ?? null,
    content: input.content,
    recipients: {
      list: input.recipients.list ?? null,
      text: input.recipients.text ?? null,
      csv: csvFile ? await csvFile.text() : null,
    },
    invalidRecipients: input.invalidRecipients ?? "REFUSE_ALL",
    fileIds: (input.fileIds ?? []).map((id) => safeDbId(String(id))),
    newFiles,
    adAutoComply: input.adAutoComply ?? false,
    nightConsent: input.nightConsent ?? false,
    fixedSender: input.fixedSender ?? false,
    idempotencyKey: input.idempotencyKey ?? null,
    mode: input.mode ?? "IMMEDIATE",
    reservation: input.reservation
      ? { localTime: input.reservation.localTime, timeZone: input.reservation.timeZone ?? null }
      : null,
    scheduleCode: input.scheduleCode ?? null,
  };
}
