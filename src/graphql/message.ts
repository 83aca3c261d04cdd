// Messages: sendMessage / previewMessage (their input is in sendInput.ts), the MessageRequest
// and Message nodes, history search, request progress (batched with a DataLoader) and MMS uploads.
import { encodeGlobalID } from "@pothos/plugin-relay";
import {
  AdPolicyError,
  IdempotencyConflictError,
  RecipientsRejectedError,
  type RecipientRowReport,
} from "../domain/errors.ts";
import {
  MESSAGE_RESULTS,
  MESSAGE_STATUSES,
  REQUEST_STATUSES,
  type MessageResult,
} from "../domain/messageStatus.ts";
import {
  messageWhere,
  progressOf,
  uploadMmsFile,
  type RequestProgress,
} from "../services/messages.ts";
import { planSend, sendMessage, type SendPlan } from "../services/sending.ts";
import { builder } from "./builder.ts";
import { actorOf, type GraphQLContext } from "./context.ts";
import { ErrorInterface } from "./errors.ts";
import { StoredFileRef } from "./file.ts";
import { decodeId, safeDbId } from "./ids.ts";
import {
  ContentTypeEnum,
  RequestedMessageTypeEnum,
  SendMessageInput,
  SendModeEnum,
  toSendInput,
} from "./sendInput.ts";

// ── enums ──────────────────────────────────────────────────────────────────────────────

export const MessageTypeEnum = builder.enumType("MessageType", {
  description: "The type a message is actually sent as (limits in EUC-KR bytes).",
  values: {
    SMS: { description: "Content 1–80 bytes, no subject." },
    LMS: { description: "Optional subject ≤ 40 bytes, content 1–2000 bytes." },
    MMS: { description: "Like LMS, plus 1–3 JPEG images." },
  },
});
/** One GraphQL enum per domain vocabulary: the values come from the array, in its order. */
const enumValues = <S extends string>(
  values: readonly S[],
  descriptions: Record<S, string>,
): Record<S, { description: string }> =>
  Object.fromEntries(values.map((v) => [v, { description: descriptions[v] }])) as Record<
    S,
    { description: string }
  >;

export const MessageStatusEnum = builder.enumType("MessageStatus", {
  description:
    "Where a message is in delivery. It only moves forward: READY → PROCESSING → COMPLETED; outcomes the gateway decides itself go straight to COMPLETED.",
  values: enumValues(MESSAGE_STATUSES, {
    READY: "Accepted and waiting for a dispatcher.",
    PROCESSING: "Claimed by a dispatcher and handed (or being handed) to the carrier.",
    COMPLETED: "Final: `result` says how it ended.",
  }),
});
export const MessageResultEnum = builder.enumType("MessageResult", {
  description: "How a COMPLETED message ended.",
  values: enumValues(MESSAGE_RESULTS, {
    SUCCESS: "Delivered (result code 0).",
    FAIL: "Not delivered; the result code says why.",
  }),
});
const RequestStatusEnum = builder.enumType("RequestStatus", {
  description: "The status of a send request as SENS reports it.",
  values: enumValues(REQUEST_STATUSES, {
    ACCEPTED:
      "Stored and queued (SENS statusCode 202, statusName success). Every stored request has it.",
    REFUSED: "Part of the SENS data model but never written: a refused request is not stored.",
  }),
});
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

// ── nodes ────────────────────────────────────────────────────────────────────────────

/** One type for the progress field and the requestProgress subscription. */
export const RequestProgressRef = builder.objectRef<RequestProgress>("RequestProgress").implement({
  description: "How a request's messages stand, counted by status and result.",
  fields: (t) => ({
    requestId: t.id({
      description: "`MessageRequest.id` (Relay global id).",
      resolve: (p) => encodeGlobalID("MessageRequest", p.requestId),
    }),
    total: t.exposeInt("total", {
      description:
        "Messages of the request (blocked ones included); 0 for reservations before their send time and for schedule templates.",
    }),
    ready: t.exposeInt("ready", { description: "Messages READY." }),
    processing: t.exposeInt("processing", { description: "Messages PROCESSING." }),
    completed: t.exposeInt("completed", { description: "Messages COMPLETED (= success + fail)." }),
    success: t.exposeInt("success", { description: "COMPLETED with result SUCCESS." }),
    fail: t.exposeInt("fail", { description: "COMPLETED with result FAIL." }),
    done: t.boolean({
      description:
        "Every message is COMPLETED (a requestProgress subscription ends after this update).",
      resolve: (p) => p.total > 0 && p.completed === p.total,
    }),
  }),
});

export const MessageRequestRef = builder.prismaNode("MessageRequest", {
  description:
    "One accepted send (sendMessage or REST POST /messages): what was asked, as it was stored, and its messages (one per recipient). Kept 30 days after its request time (a reservation's: after its send time).",
  id: { field: "id" },
  nullable: true,
  findUnique: (id, ctx) => ({
    id: safeDbId(id),
    accountId: ctx.actor?.accountId ?? "",
    project: { deletedAt: null },
  }),
  fields: (t) => ({
    requestTime: t.expose("requestTime", {
      type: "DateTime",
      description:
        "When the request was accepted (UTC); for a schedule occurrence, when the occurrence started.",
    }),
    requestedType: t.expose("requestedType", {
      type: RequestedMessageTypeEnum,
      description: "The type asked for; see `type` and `typeNote` of the send result.",
    }),
    type: t.expose("type", { type: MessageTypeEnum, description: "The type it was sent as." }),
    contentType: t.expose("contentType", {
      type: ContentTypeEnum,
      description: "COMM or AD (advertising).",
    }),
    countryCode: t.exposeString("countryCode", {
      description: "Calling code of every recipient: 82, 1, 65, 81, 852, 86 or 886.",
    }),
    from: t.exposeString("from", { description: "The registered sender number used." }),
    effectiveFrom: t.exposeString("effectiveFrom", {
      description: "The sender shown to recipients after the country policy.",
    }),
    subject: t.exposeString("subject", {
      nullable: true,
      description: "The default subject (LMS/MMS, ≤ 40 EUC-KR bytes); null when none.",
    }),
    content: t.exposeString("content", {
      description: "The effective default content (after the AD helper and country policy).",
    }),
    mode: t.expose("mode", {
      type: SendModeEnum,
      description: "Sent at once, reserved, or a schedule's template (or one of its occurrences).",
    }),
    status: t.expose("status", {
      type: RequestStatusEnum,
      description: "Always ACCEPTED for a stored request.",
    }),
    statusCode: t.exposeString("statusCode", { description: 'SENS request status code: "202".' }),
    statusName: t.exposeString("statusName", {
      description: 'SENS request status name: "success".',
    }),
    recipientCount: t.exposeInt("recipientCount", {
      description:
        "Recipients after duplicates and rejected rows were removed (opted-out ones included).",
    }),
    project: t.relation("project", { description: "The project it was sent from." }),
    files: t.field({
      type: ["String"],
      description: "File names attached (MMS), in order.",
      select: {
        files: {
          select: { position: true, file: { select: { fileName: true } } },
          orderBy: { position: "asc" },
        },
      },
      resolve: (r) => r.files.map((f) => f.file.fileName),
    }),
    // One count query for every request of the operation (plugin-dataloader, one loader per request).
    progress: t.loadable({
      type: RequestProgressRef,
      description: "Its messages counted by status and result, now.",
      load: (ids: string[], ctx: GraphQLContext) => progressOf(ctx.deps, ids),
      resolve: (r) => r.id,
    }),
    messages: t.relatedConnection("messages", {
      cursor: "id",
      description: "Its messages, one per recipient, in creation order.",
      query: { orderBy: { id: "asc" } },
      totalCount: true,
    }),
  }),
});

const MessageResultRef = builder
  .objectRef<{
    result: MessageResult;
    resultCode: string | null;
    resultMessage: string | null;
    telcoCode: string | null;
    completeTime: Date | null;
  }>("MessageDeliveryResult")
  .implement({
    description:
      "The outcome of a COMPLETED message: what the carrier (or the gateway) decided. Result codes are listed in docs/delivery-and-results.md.",
    fields: (t) => ({
      statusName: t.string({
        description: 'As SENS writes it: "success" or "fail".',
        resolve: (r) => (r.result === "SUCCESS" ? "success" : "fail"),
      }),
      statusCode: t.string({
        description:
          'The result code: "0" delivered, 3xxx from the carrier, 9xxx decided by the gateway (docs/delivery-and-results.md).',
        resolve: (r) => r.resultCode ?? "",
      }),
      statusMessage: t.string({
        description: "A readable explanation of the code.",
        resolve: (r) => r.resultMessage ?? "",
      }),
      telcoCode: t.exposeString("telcoCode", {
        nullable: true,
        description:
          "The recipient's carrier (e.g. SKT, KT, LGT); null for outcomes the gateway decided.",
      }),
      completeTime: t.expose("completeTime", {
        type: "DateTime",
        nullable: true,
        description: "When the outcome was known (UTC).",
      }),
    }),
  });

export const MessageRef = builder.prismaNode("Message", {
  description:
    "What one recipient of a request gets, and how its delivery stands. Kept as long as its request.",
  id: { field: "id" },
  nullable: true,
  findUnique: (id, ctx) => ({
    id: safeDbId(id),
    accountId: ctx.actor?.accountId ?? "",
    project: { deletedAt: null },
  }),
  fields: (t) => ({
    to: t.exposeString("to", {
      description: "The recipient's number, digits only, in national form (Korea: 010…).",
    }),
    countryCode: t.exposeString("countryCode", {
      description: "The recipient's calling code, as on the request.",
    }),
    subject: t.exposeString("subject", {
      nullable: true,
      description: "The effective subject this recipient gets; null when none.",
    }),
    content: t.exposeString("content", {
      description: "The effective content this recipient gets.",
    }),
    status: t.expose("status", {
      type: MessageStatusEnum,
      description: "READY → PROCESSING → COMPLETED.",
    }),
    requestTime: t.expose("requestTime", {
      type: "DateTime",
      description: "When its request was accepted (UTC).",
    }),
    attempt: t.exposeInt("attempt", { description: "How often it was handed to a carrier." }),
    result: t.field({
      type: MessageResultRef,
      nullable: true,
      description: "The outcome once COMPLETED; null before.",
      select: {
        result: true,
        resultCode: true,
        resultMessage: true,
        telcoCode: true,
        completeTime: true,
      },
      resolve: (m) => (m.result ? { ...m, result: m.result } : null),
    }),
    request: t.relation("request", { description: "The request it belongs to." }),
  }),
});

// ── history ──────────────────────────────────────────────────────────────────────────

const MessageFilterInput = builder.inputType("MessageFilter", {
  description: "Every filter is optional; all given filters must match.",
  fields: (t) => ({
    projectId: t.id({ required: false, description: "`Project.id` (Relay global id)." }),
    requestId: t.id({
      required: false,
      description: "`MessageRequest.id`: Relay global id or SENS REST requestId.",
    }),
    requestedFrom: t.field({
      type: "DateTime",
      required: false,
      description: "Request time ≥ this instant.",
    }),
    requestedTo: t.field({
      type: "DateTime",
      required: false,
      description: "Request time < this instant.",
    }),
    completedFrom: t.field({
      type: "DateTime",
      required: false,
      description: "Completion time ≥ this instant (only COMPLETED messages match).",
    }),
    completedTo: t.field({
      type: "DateTime",
      required: false,
      description: "Completion time < this instant (only COMPLETED messages match).",
    }),
    type: t.field({
      type: MessageTypeEnum,
      required: false,
      description: "The type the request was sent as.",
    }),
    contentType: t.field({ type: ContentTypeEnum, required: false, description: "COMM or AD." }),
    status: t.field({
      type: MessageStatusEnum,
      required: false,
      description: "The message's current status.",
    }),
    result: t.field({
      type: MessageResultEnum,
      required: false,
      description: "Only COMPLETED messages match.",
    }),
    from: t.string({
      required: false,
      description: "Sender number (separators ignored, digits compared).",
    }),
    to: t.string({
      required: false,
      description: "Recipient number in national form (separators ignored, digits compared).",
    }),
  }),
});

builder.queryFields((t) => ({
  messages: t.prismaConnection({
    type: "Message",
    cursor: "id",
    authScopes: { member: true },
    description: "Message history of the last 30 days, newest first.",
    args: {
      filter: t.arg({
        type: MessageFilterInput,
        required: false,
        description: "Omit for every message of the account.",
      }),
    },
    resolve: (query, _r, { filter }, ctx) =>
      ctx.deps.db.message.findMany({
        ...query,
        where: messageWhere(
          actorOf(ctx),
          filter && {
            ...filter,
            projectId: filter.projectId ? decodeId("Project", filter.projectId) : null,
            requestId: filter.requestId ? decodeId("MessageRequest", filter.requestId) : null,
          },
        ),
        orderBy: { id: "desc" },
      }),
  }),
  messageRequests: t.prismaConnection({
    type: "MessageRequest",
    cursor: "id",
    authScopes: { member: true },
    description: "Send requests of a project, newest first (the last 30 days).",
    args: { projectId: t.arg.id({ description: "`Project.id` (Relay global id)." }) },
    resolve: (query, _r, { projectId }, ctx) =>
      ctx.deps.db.messageRequest.findMany({
        ...query,
        where: {
          accountId: actorOf(ctx).accountId,
          projectId: decodeId("Project", projectId),
          project: { deletedAt: null },
        },
        orderBy: { id: "desc" },
      }),
  }),
}));

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
