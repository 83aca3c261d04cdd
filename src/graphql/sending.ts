// Sending: the sendMessage / previewMessage / uploadMmsFile mutations (their input is in
// sendInput.ts), what they answer (payload, preview, totals, recipient row reports) and
// their typed errors (rejected recipients, AD policy, idempotency conflict).
import { encodeGlobalID } from "@pothos/plugin-relay";
import {
  AdPolicyError,
  IdempotencyConflictError,
  RecipientsRejectedError,
  type RecipientRowReport,
} from "../domain/errors.ts";
import { uploadMmsFile } from "../services/messages.ts";
import { planSend, sendMessage, type SendPlan } from "../services/sending.ts";
import { builder } from "./builder.ts";
import { actorOf } from "./context.ts";
import { ErrorInterface } from "./errors.ts";
import { StoredFileRef } from "./file.ts";
import { MessageTypeEnum } from "./message.ts";
import { SendMessageInput, toSendInput } from "./sendInput.ts";

// ── row reports and errors ───────────────────────────────────────────────────────────

const RecipientRowReportRef = builder
  .objectRef<RecipientRowReport>("RecipientRowReport")
  .implement({
    description: "One recipient row that was not sent to, or was collapsed into an earlier one.",
    fields: (t) => ({
      source: t.exposeString("source", { description: "LIST, TEXT or CSV." }),
      row: t.exposeInt("row", {
        description: "1-based list position, text line or CSV line (the header is line 1).",
      }),
      value: t.exposeString("value", { description: "The row's number as given." }),
      code: t.exposeString("code", {
        description: "INVALID_NUMBER, INVALID_CONTENT, BROKEN_ROW or DUPLICATE.",
      }),
      reason: t.exposeString("reason", {
        description: "Why, for humans (for DUPLICATE: the row it repeats).",
      }),
    }),
  });

builder.objectType(RecipientsRejectedError, {
  name: "RecipientsRejectedError",
  interfaces: [ErrorInterface],
  description:
    "Recipient rows cannot be sent and the request chose REFUSE_ALL (or none is left). Nothing was written.",
  fields: (t) => ({
    rows: t.field({
      type: [RecipientRowReportRef],
      description: "Every unusable row.",
      resolve: (e) => e.rows,
    }),
  }),
});

builder.objectType(AdPolicyError, {
  name: "AdPolicyError",
  interfaces: [ErrorInterface],
  description:
    "The AD message breaks the advertising rules (080 service, opt-out number, (광고) prefix, night time).",
  fields: (t) => ({
    violations: t.exposeStringList("violations", {
      description: "Every rule the message breaks, one readable sentence each.",
    }),
  }),
});

builder.objectType(IdempotencyConflictError, {
  name: "IdempotencyConflictError",
  interfaces: [ErrorInterface],
  description: "The idempotency key was used in the last 24 hours with a different payload.",
  fields: (t) => ({
    originalRequestId: t.id({
      description: "`MessageRequest.id` (Relay global id) of the request that holds the key.",
      resolve: (e) => encodeGlobalID("MessageRequest", e.originalRequestId),
    }),
  }),
});

// ── sending ──────────────────────────────────────────────────────────────────────────

const SendTotals = builder.objectRef<SendPlan>("SendTotals").implement({
  description:
    "Counts of a send. For reservations and schedule templates they reflect the opt-out list at acceptance; it is checked again at send time.",
  fields: (t) => ({
    recipients: t.int({
      description:
        "Messages created (sendable + blocked); for reservations and schedules, the recipients stored for later.",
      resolve: (p) => p.messages.length,
    }),
    sendable: t.int({
      description: "Handed to the carrier.",
      resolve: (p) => p.messages.filter((m) => !m.blocked).length,
    }),
    blocked: t.int({
      description: "Completed by the gateway without sending (opted out).",
      resolve: (p) => p.messages.filter((m) => m.blocked).length,
    }),
    rejected: t.int({
      description: "Unusable recipient rows (listed in `rejected`).",
      resolve: (p) => p.rejected.length,
    }),
    duplicates: t.int({
      description: "Rows collapsed into an earlier row with the same number.",
      resolve: (p) => p.duplicates.length,
    }),
    totalBytes: t.int({
      description: "Sum of EUC-KR content bytes over sendable messages.",
      resolve: (p) => p.messages.reduce((s, m) => s + (m.blocked ? 0 : m.bytes), 0),
    }),
  }),
});

const PreviewRecipient = builder
  .objectRef<SendPlan["messages"][number]>("PreviewRecipient")
  .implement({
    description: "The message one recipient would get.",
    fields: (t) => ({
      to: t.exposeString("to", {
        description: "The number as it would be stored (national form, digits only).",
      }),
      subject: t.exposeString("subject", {
        nullable: true,
        description: "The effective subject; null when none.",
      }),
      content: t.exposeString("content", {
        description:
          "The effective content (after overrides, the AD helper and the country policy).",
      }),
      bytes: t.exposeInt("bytes", { description: "EUC-KR bytes of the effective content." }),
      blocked: t.boolean({
        description:
          "Would be completed by the gateway without sending (e.g. AD to an opted-out number).",
        resolve: (m) => m.blocked !== null,
      }),
      blockReason: t.string({
        nullable: true,
        description: "Why it would be blocked, for humans; null when not blocked.",
        resolve: (m) => m.blocked?.message ?? null,
      }),
      blockCode: t.string({
        nullable: true,
        description:
          'The result code it would end with (e.g. "9001" opted out); null when not blocked.',
        resolve: (m) => m.blocked?.code ?? null,
      }),
    }),
  });

const MessagePreview = builder.objectRef<SendPlan>("MessagePreview").implement({
  description: "What sendMessage would do with the same input. Nothing was written.",
  fields: (t) => ({
    type: t.field({
      type: MessageTypeEnum,
      description: "The type it would be sent as.",
      resolve: (p) => p.type,
    }),
    typeNote: t.string({
      nullable: true,
      description:
        "Why the type differs from the requested one (e.g. MMS_WITHOUT_FILES_SENT_AS_LMS).",
      resolve: (p) => p.typeNote,
    }),
    effectiveFrom: t.string({
      description: "The sender recipients would see after the country policy.",
      resolve: (p) => p.effectiveFrom,
    }),
    content: t.string({ description: "The effective default content.", resolve: (p) => p.content }),
    totals: t.field({
      type: SendTotals,
      description: "What the send would count.",
      resolve: (p) => p,
    }),
    recipients: t.field({
      type: [PreviewRecipient],
      description: "The messages it would create, in recipient order (the first `first` of them).",
      args: {
        first: t.arg.int({
          defaultValue: 100,
          description: "How many to return: 0–1000 (values outside are clamped).",
        }),
      },
      resolve: (p, { first }) => p.messages.slice(0, Math.min(Math.max(first ?? 100, 0), 1000)),
    }),
    rejected: t.field({
      type: [RecipientRowReportRef],
      description: "Rows that would not be sent to.",
      resolve: (p) => p.rejected,
    }),
    duplicates: t.field({
      type: [RecipientRowReportRef],
      description: "Rows that would be collapsed into an earlier one.",
      resolve: (p) => p.duplicates,
    }),
  }),
});

interface SendPayloadShape {
  requestId: string;
  replayed: boolean;
  plan: SendPlan | null;
}

const SendMessagePayload = builder.objectRef<SendPayloadShape>("SendMessagePayload").implement({
  description:
    "An accepted send. Follow it live with messageStatusChanged(requestId:) or requestProgress, which start from the request's first event.",
  fields: (t) => ({
    request: t.prismaField({
      type: "MessageRequest",
      description: "The stored request (for a replay: the original one).",
      resolve: (query, p, _a, ctx) =>
        ctx.deps.db.messageRequest.findUniqueOrThrow({ ...query, where: { id: p.requestId } }),
    }),
    replayed: t.exposeBoolean("replayed", {
      description: "True when an earlier request with the same idempotency key was returned.",
    }),
    typeNote: t.string({
      nullable: true,
      description:
        "Why the type sent differs from the one asked for: AUTO_SMS, AUTO_LMS, AUTO_MMS or MMS_WITHOUT_FILES_SENT_AS_LMS; null otherwise and for replays.",
      resolve: (p) => p.plan?.typeNote ?? null,
    }),
    totals: t.field({
      type: SendTotals,
      nullable: true,
      description: "Null for replayed requests.",
      resolve: (p) => p.plan,
    }),
    rejected: t.field({
      type: [RecipientRowReportRef],
      description: "Rows not sent to (only with SEND_VALID; empty for replays).",
      resolve: (p) => p.plan?.rejected ?? [],
    }),
    duplicates: t.field({
      type: [RecipientRowReportRef],
      description: "Rows collapsed into an earlier one (empty for replays).",
      resolve: (p) => p.plan?.duplicates ?? [],
    }),
  }),
});

const sendErrors = [RecipientsRejectedError, AdPolicyError, IdempotencyConflictError];

builder.mutationFields((t) => ({
  sendMessage: t.field({
    type: SendMessagePayload,
    authScopes: { member: true },
    errors: {
      types: sendErrors,
      dataField: { description: "The accepted request and what was done with each recipient row." },
    },
    description:
      "Accepts a send: validates every rule, stores the request and one message per recipient, and queues them for delivery.",
    args: {
      input: t.arg({ type: SendMessageInput, description: "What to send, to whom, and when." }),
    },
    resolve: async (_r, { input }, ctx) => {
      return sendMessage(ctx.deps, actorOf(ctx), await toSendInput(input));
    },
  }),
  previewMessage: t.field({
    type: MessagePreview,
    authScopes: { member: true },
    errors: { types: sendErrors, dataField: { description: "What sendMessage would do." } },
    description:
      "Dry run of sendMessage: per recipient the effective type, bytes, sender and content, and whether/why it would be blocked. Writes nothing.",
    args: {
      input: t.arg({ type: SendMessageInput, description: "The same input sendMessage takes." }),
    },
    resolve: async (_r, { input }, ctx) =>
      planSend(ctx.deps, actorOf(ctx), await toSendInput(input)),
  }),
  uploadMmsFile: t.field({
    type: StoredFileRef,
    authScopes: { member: true },
    errors: { dataField: { description: "The stored file; its `id` goes into `fileIds`." } },
    description:
      "Stores a JPEG (≤ 300 KB, ≤ 1500×1500, name ≤ 40 characters) for use in sendMessage(fileIds) within 6 days.",
    args: {
      file: t.arg({
        type: "Upload",
        description: "The JPEG, as a multipart file part; recognised by its content, not its name.",
      }),
    },
    resolve: async (_r, { file }, ctx) =>
      uploadMmsFile(
        ctx.deps,
        actorOf(ctx),
        file.name,
        Buffer.from(await file.arrayBuffer()),
      ) as never,
  }),
}));
