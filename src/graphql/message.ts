// Messages as stored: the MessageRequest and Message nodes, their enums (type, status,
// result, request status), the delivery result and request progress (batched with a
// DataLoader). Sending is in sending.ts, history search in messageHistory.ts.
import { encodeGlobalID } from "@pothos/plugin-relay";
import {
  MESSAGE_RESULTS,
  MESSAGE_STATUSES,
  REQUEST_STATUSES,
  type MessageResult,
} from "../domain/messageStatus.ts";
import { progressOf, type RequestProgress } from "../services/messages.ts";
import { builder } from "./builder.ts";
import type { GraphQLContext } from "./context.ts";
import { inLiveProject } from "./ids.ts";
import { ContentTypeEnum, RequestedMessageTypeEnum, SendModeEnum } from "./sendInput.ts";

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
  findUnique: inLiveProject,
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
  findUnique: inLiveProject,
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
