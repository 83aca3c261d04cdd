// Messages: sendMessage / previewMessage (their input is in sendInput.ts), the MessageRequest
// and Message nodes, history search, request progress (batched with a DataLoader) and MMS uploads.
import { encodeGlobalID } from "@pothos/plugin-relay";
import DataLoader from "dataloader";
import {
  AdPolicyError,
  IdempotencyConflictError,
  RecipientsRejectedError,
  type RecipientRowReport,
} from "../domain/errors.ts";
import { messageWhere, progressOf, uploadMmsFile, type RequestProgress } from "../services/messages.ts";
import { planSend, sendMessage, type SendPlan } from "../services/sending.ts";
import { builder } from "./builder.ts";
import { actorOf, type GraphQLContext } from "./context.ts";
import { ErrorInterface } from "./errors.ts";
import { StoredFileRef } from "./file.ts";
import { decodeId, safeDbId } from "./ids.ts";
import { ContentTypeEnum, RequestedMessageTypeEnum, SendMessageInput, SendModeEnum, toSendInput } from "./sendInput.ts";

// ── enums ──────────────────────────────────────────────────────────────────────────────

export const MessageTypeEnum = builder.enumType("MessageType", { values: ["SMS", "LMS", "MMS"] as const });
export const MessageStatusEnum = builder.enumType("MessageStatus", { values: ["READY", "PROCESSING", "COMPLETED"] as const });
export const MessageResultEnum = builder.enumType("MessageResult", { values: ["SUCCESS", "FAIL"] as const });
const RequestStatusEnum = builder.enumType("RequestStatus", { values: ["ACCEPTED", "REFUSED"] as const });
// ── row reports and errors ───────────────────────────────────────────────────────────

const RecipientRowReportRef = builder.objectRef<RecipientRowReport>("RecipientRowReport").implement({
  description: "One recipient row that was not sent to, or was collapsed into an earlier one.",
  fields: (t) => ({
    source: t.exposeString("source", { description: "LIST, TEXT or CSV." }),
    row: t.exposeInt("row", { description: "1-based list position, text line or CSV line (the header is line 1)." }),
    value: t.exposeString("value"),
    code: t.exposeString("code", { description: "INVALID_NUMBER, INVALID_CONTENT, BROKEN_ROW or DUPLICATE." }),
    reason: t.exposeString("reason"),
  }),
});

builder.objectType(RecipientsRejectedError, {
  name: "RecipientsRejectedError",
  interfaces: [ErrorInterface],
  description: "Recipient rows cannot be sent and the request chose REFUSE_ALL (or none is left). Nothing was written.",
  fields: (t) => ({ rows: t.field({ type: [RecipientRowReportRef], resolve: (e) => e.rows }) }),
});

builder.objectType(AdPolicyError, {
  name: "AdPolicyError",
  interfaces: [ErrorInterface],
  description: "The AD message breaks the advertising rules (080 service, opt-out number, (광고) prefix, night time).",
  fields: (t) => ({ violations: t.exposeStringList("violations") }),
});

builder.objectType(IdempotencyConflictError, {
  name: "IdempotencyConflictError",
  interfaces: [ErrorInterface],
  description: "The idempotency key was used in the last 24 hours with a different payload.",
  fields: (t) => ({ originalRequestId: t.id({ resolve: (e) => encodeGlobalID("MessageRequest", e.originalRequestId) }) }),
});

// ── nodes ────────────────────────────────────────────────────────────────────────────

function progressLoader(ctx: GraphQLContext): DataLoader<string, RequestProgress> {
  const key = "requestProgress";
  const cache = ctx as unknown as Record<string, DataLoader<string, RequestProgress>>;
  cache[key] ??= new DataLoader((ids: readonly string[]) => progressOf(ctx.deps, ids));
  return cache[key];
}

/** One type for the progress field and the requestProgress subscription. */
export const RequestProgressRef = builder.objectRef<RequestProgress>("RequestProgress").implement({
  description: "How a request's messages stand, counted by status and result.",
  fields: (t) => ({
    requestId: t.id({ resolve: (p) => encodeGlobalID("MessageRequest", p.requestId) }),
    total: t.exposeInt("total"),
    ready: t.exposeInt("ready"),
    processing: t.exposeInt("processing"),
    completed: t.exposeInt("completed"),
    success: t.exposeInt("success"),
    fail: t.exposeInt("fail"),
    done: t.boolean({
      description: "Every message is COMPLETED (a requestProgress subscription ends after this update).",
      resolve: (p) => p.total > 0 && p.completed === p.total,
    }),
  }),
});

export const MessageRequestRef = builder.prismaNode("MessageRequest", {
  id: { field: "id" },
  nullable: true,
  findUnique: (id, ctx) => ({ id: safeDbId(id), accountId: ctx.actor?.accountId ?? "", project: { deletedAt: null } }),
  fields: (t) => ({
    requestTime: t.expose("requestTime", { type: "DateTime" }),
    requestedType: t.expose("requestedType", { type: RequestedMessageTypeEnum }),
    type: t.expose("type", { type: MessageTypeEnum, description: "The type it was sent as." }),
    contentType: t.expose("contentType", { type: ContentTypeEnum }),
    countryCode: t.exposeString("countryCode"),
    from: t.exposeString("from", { description: "The registered sender number used." }),
    effectiveFrom: t.exposeString("effectiveFrom", { description: "The sender shown to recipients after the country policy." }),
    subject: t.exposeString("subject", { nullable: true }),
    content: t.exposeString("content", { description: "The effective default content (after the AD helper and country policy)." }),
    mode: t.expose("mode", { type: SendModeEnum }),
    status: t.expose("status", { type: RequestStatusEnum }),
    statusCode: t.exposeString("statusCode"),
    statusName: t.exposeString("statusName"),
    recipientCount: t.exposeInt("recipientCount"),
    project: t.relation("project"),
    files: t.field({
      type: ["String"],
      description: "File names attached (MMS), in order.",
      select: { files: { select: { position: true, file: { select: { fileName: true } } }, orderBy: { position: "asc" } } },
      resolve: (r) => r.files.map((f) => f.file.fileName),
    }),
    progress: t.field({ type: RequestProgressRef, resolve: (r, _a, ctx) => progressLoader(ctx).load(r.id) }),
    messages: t.relatedConnection("messages", { cursor: "id", query: { orderBy: { id: "asc" } }, totalCount: true }),
  }),
});

const MessageResultRef = builder.objectRef<{
  result: "SUCCESS" | "FAIL";
  resultCode: string | null;
  resultMessage: string | null;
  telcoCode: string | null;
  completeTime: Date | null;
}>("MessageDeliveryResult").implement({
  description: "What the carrier (or the gateway) decided. See the README for the code table.",
  fields: (t) => ({
    statusName: t.string({ resolve: (r) => (r.result === "SUCCESS" ? "success" : "fail") }),
    statusCode: t.string({ resolve: (r) => r.resultCode ?? "" }),
    statusMessage: t.string({ resolve: (r) => r.resultMessage ?? "" }),
    telcoCode: t.exposeString("telcoCode", { nullable: true }),
    completeTime: t.expose("completeTime", { type: "DateTime", nullable: true }),
  }),
});

export const MessageRef = builder.prismaNode("Message", {
  id: { field: "id" },
  nullable: true,
  findUnique: (id, ctx) => ({ id: safeDbId(id), accountId: ctx.actor?.accountId ?? "", project: { deletedAt: null } }),
  fields: (t) => ({
    to: t.exposeString("to"),
    countryCode: t.exposeString("countryCode"),
    subject: t.exposeString("subject", { nullable: true }),
    content: t.exposeString("content", { description: "The effective content this recipient gets." }),
    status: t.expose("status", { type: MessageStatusEnum }),
    requestTime: t.expose("requestTime", { type: "DateTime" }),
    attempt: t.exposeInt("attempt", { description: "How often it was handed to a carrier." }),
    result: t.field({
      type: MessageResultRef,
      nullable: true,
      select: { result: true, resultCode: true, resultMessage: true, telcoCode: true, completeTime: true },
      resolve: (m) => (m.result ? { ...m, result: m.result } : null),
    }),
    request: t.relation("request"),
  }),
});


// ── history ──────────────────────────────────────────────────────────────────────────

const MessageFilterInput = builder.inputType("MessageFilter", {
  description: "Every filter is optional; all given filters must match.",
  fields: (t) => ({
    projectId: t.id({ required: false }),
    requestId: t.id({ required: false }),
    requestedFrom: t.field({ type: "DateTime", required: false, description: "Request time ≥ this instant." }),
    requestedTo: t.field({ type: "DateTime", required: false, description: "Request time < this instant." }),
    completedFrom: t.field({ type: "DateTime", required: false, description: "Completion time ≥ this instant (only COMPLETED messages match)." }),
    completedTo: t.field({ type: "DateTime", required: false, description: "Completion time < this instant (only COMPLETED messages match)." }),
    type: t.field({ type: MessageTypeEnum, required: false }),
    contentType: t.field({ type: ContentTypeEnum, required: false }),
    status: t.field({ type: MessageStatusEnum, required: false }),
    result: t.field({ type: MessageResultEnum, required: false }),
    from: t.string({ required: false, description: "Sender number (digits compared)." }),
    to: t.string({ required: false, description: "Recipient number (digits compared)." }),
  }),
});

builder.queryFields((t) => ({
  messages: t.prismaConnection({
    type: "Message",
    cursor: "id",
    authScopes: { member: true },
    description: "Message history of the last 30 days, newest first.",
    args: { filter: t.arg({ type: MessageFilterInput, required: false }) },
    resolve: (query, _r, { filter }, ctx) =>
      ctx.deps.db.message.findMany({
        ...query,
        where: messageWhere(actorOf(ctx), filter && {
          ...filter,
          projectId: filter.projectId ? decodeId("Project", filter.projectId) : null,
          requestId: filter.requestId ? decodeId("MessageRequest", filter.requestId) : null,
        }),
        orderBy: { id: "desc" },
      }),
  }),
  messageRequests: t.prismaConnection({
    type: "MessageRequest",
    cursor: "id",
    authScopes: { member: true },
    description: "Send requests of a project, newest first.",
    args: { projectId: t.arg.id() },
    resolve: (query, _r, { projectId }, ctx) =>
      ctx.deps.db.messageRequest.findMany({
        ...query,
        where: { accountId: actorOf(ctx).accountId, projectId: decodeId("Project", projectId), project: { deletedAt: null } },
        orderBy: { id: "desc" },
      }),
  }),
}));

// ── sending ──────────────────────────────────────────────────────────────────────────

const SendTotals = builder.objectRef<SendPlan>("SendTotals").implement({
  fields: (t) => ({
    recipients: t.int({ description: "Messages created (sendable + blocked); for reservations and schedules, the recipients stored for later.", resolve: (p) => p.messages.length }),
    sendable: t.int({ description: "Handed to the carrier.", resolve: (p) => p.messages.filter((m) => !m.blocked).length }),
    blocked: t.int({ description: "Completed by the gateway without sending (opted out).", resolve: (p) => p.messages.filter((m) => m.blocked).length }),
    rejected: t.int({ resolve: (p) => p.rejected.length }),
    duplicates: t.int({ resolve: (p) => p.duplicates.length }),
    totalBytes: t.int({ description: "Sum of EUC-KR content bytes over sendable messages.", resolve: (p) => p.messages.reduce((s, m) => s + (m.blocked ? 0 : m.bytes), 0) }),
  }),
});

const PreviewRecipient = builder.objectRef<SendPlan["messages"][number]>("PreviewRecipient").implement({
  fields: (t) => ({
    to: t.exposeString("to"),
    subject: t.exposeString("subject", { nullable: true }),
    content: t.exposeString("content"),
    bytes: t.exposeInt("bytes", { description: "EUC-KR bytes of the effective content." }),
    blocked: t.boolean({ resolve: (m) => m.blocked !== null }),
    blockReason: t.string({ nullable: true, resolve: (m) => m.blocked?.message ?? null }),
    blockCode: t.string({ nullable: true, resolve: (m) => m.blocked?.code ?? null }),
  }),
});

const MessagePreview = builder.objectRef<SendPlan>("MessagePreview").implement({
  description: "What sendMessage would do with the same input. Nothing was written.",
  fields: (t) => ({
    type: t.field({ type: MessageTypeEnum, resolve: (p) => p.type }),
    typeNote: t.string({ nullable: true, description: "Why the type differs from the requested one (e.g. MMS_WITHOUT_FILES_SENT_AS_LMS).", resolve: (p) => p.typeNote }),
    effectiveFrom: t.string({ resolve: (p) => p.effectiveFrom }),
    content: t.string({ description: "The effective default content.", resolve: (p) => p.content }),
    totals: t.field({ type: SendTotals, resolve: (p) => p }),
    recipients: t.field({
      type: [PreviewRecipient],
      args: { first: t.arg.int({ defaultValue: 100, description: "At most 1000." }) },
      resolve: (p, { first }) => p.messages.slice(0, Math.min(Math.max(first ?? 100, 0), 1000)),
    }),
    rejected: t.field({ type: [RecipientRowReportRef], resolve: (p) => p.rejected }),
    duplicates: t.field({ type: [RecipientRowReportRef], resolve: (p) => p.duplicates }),
  }),
});

interface SendPayloadShape {
  requestId: string;
  replayed: boolean;
  plan: SendPlan | null;
}

const SendMessagePayload = builder.objectRef<SendPayloadShape>("SendMessagePayload").implement({
  fields: (t) => ({
    request: t.prismaField({
      type: "MessageRequest",
      resolve: (query, p, _a, ctx) => ctx.deps.db.messageRequest.findUniqueOrThrow({ ...query, where: { id: p.requestId } }),
    }),
    replayed: t.exposeBoolean("replayed", { description: "True when an earlier request with the same idempotency key was returned." }),
    typeNote: t.string({ nullable: true, resolve: (p) => p.plan?.typeNote ?? null }),
    totals: t.field({ type: SendTotals, nullable: true, description: "Null for replayed requests.", resolve: (p) => p.plan }),
    rejected: t.field({ type: [RecipientRowReportRef], resolve: (p) => p.plan?.rejected ?? [] }),
    duplicates: t.field({ type: [RecipientRowReportRef], resolve: (p) => p.plan?.duplicates ?? [] }),
  }),
});

const sendErrors = [RecipientsRejectedError, AdPolicyError, IdempotencyConflictError];

builder.mutationFields((t) => ({
  sendMessage: t.field({
    type: SendMessagePayload,
    authScopes: { member: true },
    errors: { types: sendErrors },
    description: "Accepts a send: validates every rule, stores the request and one message per recipient, and queues them for delivery.",
    args: { input: t.arg({ type: SendMessageInput }) },
    resolve: async (_r, { input }, ctx) => {
      const result = await sendMessage(ctx.deps, actorOf(ctx), await toSendInput(input));
      ctx.deps.onMessagesQueued?.();
      return result;
    },
  }),
  previewMessage: t.field({
    type: MessagePreview,
    authScopes: { member: true },
    errors: { types: sendErrors },
    description: "Dry run of sendMessage: per recipient the effective type, bytes, sender and content, and whether/why it would be blocked. Writes nothing.",
    args: { input: t.arg({ type: SendMessageInput }) },
    resolve: async (_r, { input }, ctx) => planSend(ctx.deps, actorOf(ctx), await toSendInput(input)),
  }),
  uploadMmsFile: t.field({
    type: StoredFileRef,
    authScopes: { member: true },
    errors: {},
    description: "Stores a JPEG (≤ 300 KB, ≤ 1500×1500, name ≤ 40 characters) for use in sendMessage(fileIds).",
    args: { file: t.arg({ type: "Upload" }) },
    resolve: async (_r, { file }, ctx) => uploadMmsFile(ctx.deps, actorOf(ctx), file.name, Buffer.from(await file.arrayBuffer())) as never,
  }),
}));
