// The input of sendMessage and previewMessage: the send enums, recipients, reservation time
// and SendMessageInput, and their conversion into the sending service's SendInput.
import { checkFileCount, checkMmsFile } from "../domain/mmsFile.ts";
import type { SendInput } from "../services/sending.ts";
import { builder } from "./builder.ts";
import { decodeId, safeDbId } from "./ids.ts";

export const RequestedMessageTypeEnum = builder.enumType("RequestedMessageType", {
  values: {
    SMS: { description: "At most 80 bytes, no subject." },
    LMS: { description: "Subject ≤ 40 bytes, content ≤ 2000 bytes." },
    MMS: { description: "LMS plus 1–3 JPEG files; without files it is sent as LMS." },
    AUTO: { description: "SMS when it fits, LMS when longer or with a subject, MMS with files." },
  },
});
export const ContentTypeEnum = builder.enumType("ContentType", {
  values: { COMM: { description: "General messages." }, AD: { description: "Advertising: 080 opt-out, (광고) prefix, night-time rule." } },
});
export const SendModeEnum = builder.enumType("SendMode", { values: ["IMMEDIATE", "RESERVATION", "SCHEDULE"] as const });
export const InvalidRecipientsEnum = builder.enumType("InvalidRecipientsPolicy", {
  values: {
    REFUSE_ALL: { description: "Any unusable recipient row refuses the whole request (nothing is sent)." },
    SEND_VALID: { description: "Send to the usable rows; the others are reported." },
  },
});

const RecipientInput = builder.inputType("RecipientInput", {
  fields: (t) => ({
    to: t.string(),
    subject: t.string({ required: false, description: "Overrides the request's subject for this recipient." }),
    content: t.string({ required: false, description: "Overrides the request's content for this recipient.", extensions: { text: "multiline" } }),
  }),
});

const RecipientsInput = builder.inputType("RecipientsInput", {
  description: "Any combination of the three ways in; duplicates across them are collapsed.",
  fields: (t) => ({
    list: t.field({ type: [RecipientInput], required: false }),
    text: t.string({ required: false, description: "One number per line (the console's textarea).", extensions: { text: "multiline" } }),
    csv: t.field({ type: "Upload", required: false, description: "CSV with a header row: to[,subject][,content]." }),
  }),
});

const ReservationTimeInput = builder.inputType("ReservationTimeInput", {
  fields: (t) => ({
    localTime: t.string({ description: "Local wall time `yyyy-MM-dd HH:mm` in `timeZone`." }),
    timeZone: t.string({ required: false, defaultValue: "Asia/Seoul", description: "IANA time zone, e.g. Asia/Seoul, Europe/Berlin." }),
  }),
});

export const SendMessageInput = builder.inputType("SendMessageInput", {
  fields: (t) => ({
    projectId: t.id(),
    type: t.field({ type: RequestedMessageTypeEnum, defaultValue: "AUTO" }),
    contentType: t.field({ type: ContentTypeEnum, defaultValue: "COMM" }),
    countryCode: t.string({ defaultValue: "82", description: "82, 1, 65, 81, 852, 86 or 886." }),
    from: t.string({ description: "An APPROVED sender number of your account." }),
    subject: t.string({ required: false }),
    content: t.string({ extensions: { text: "multiline" } }),
    recipients: t.field({ type: RecipientsInput }),
    invalidRecipients: t.field({ type: InvalidRecipientsEnum, defaultValue: "REFUSE_ALL" }),
    files: t.field({ type: ["Upload"], required: false, description: "MMS JPEGs uploaded with this request (multipart)." }),
    fileIds: t.idList({ required: false, description: "MMS files uploaded earlier with uploadMmsFile." }),
    adAutoComply: t.boolean({ required: false, description: "AD: add the (광고) prefix and the 080 opt-out footer instead of refusing." }),
    nightConsent: t.boolean({ required: false, description: "AD to Korea: recipients gave separate consent to night-time (21:00–08:00) advertising." }),
    fixedSender: t.boolean({ required: false, description: "Taiwan (886): keep the entered sender instead of a random one." }),
    idempotencyKey: t.string({ required: false, description: "Same key + same payload within 24 h returns the original request." }),
    mode: t.field({ type: SendModeEnum, defaultValue: "IMMEDIATE" }),
    reservation: t.field({ type: ReservationTimeInput, required: false, description: "RESERVATION mode: when to send (10 minutes to 180 days ahead)." }),
    scheduleCode: t.string({ required: false, description: "SCHEDULE mode: the code of the project's schedule to attach this message to, as a template sent at every occurrence." }),
  }),
});

type SendArgs = typeof SendMessageInput.$inferInput;

export async function toSendInput(input: SendArgs): Promise<SendInput> {
  const uploads = input.files ?? [];
  // Before any upload is read or id looked up.
  checkFileCount(input.fileIds?.length ?? 0, uploads.length, ["input", "files"]);
  const newFiles = await Promise.all(uploads.map(async (f, i) => checkMmsFile(f.name, Buffer.from(await f.arrayBuffer()), ["input", "files", String(i)])));
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
    reservation: input.reservation ? { localTime: input.reservation.localTime, timeZone: input.reservation.timeZone ?? null } : null,
    scheduleCode: input.scheduleCode ?? null,
  };
}
