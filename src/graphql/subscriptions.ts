// Live updates (docs/realtime.md): `messageStatusChanged` streams status events of a project, a
// request or a message, resumable by seq, and `messageStatusBatches` the same stream in
// batches (for fast streams); `requestProgress` streams a request's counts.
// Both work over graphql-ws and SSE; the streams themselves live in src/realtime/.
import { encodeGlobalID } from "@pothos/plugin-relay";
import { GraphQLError } from "graphql";
import type { StatusEvent } from "../realtime/events.ts";
import type { ProgressSnapshot } from "../realtime/progress.ts";
import { StreamFailure, type StreamItem } from "../realtime/resume.ts";
import type { BatchItem, StatusBatch } from "../realtime/batches.ts";
import {
  subscribeRequestProgress,
  subscribeStatusBatches,
  subscribeStatusEvents,
} from "../realtime/subscribe.ts";
import { progressOf } from "../services/messages.ts";
import { builder } from "./builder.ts";
import { guarded } from "./errors.ts";
import { RequestProgressRef } from "./message.ts";
import { actorOf } from "./context.ts";
import { decodeId } from "./ids.ts";
import { MessageStatusEnum } from "./message.ts";

builder.subscriptionType({
  description:
    "Live updates over graphql-ws (WebSocket, auth in connection_init) or Server-Sent Events (Accept: text/event-stream).",
});

export const MessageStatusEventRef = builder
  .objectRef<StatusEvent>("MessageStatusEvent")
  .implement({
    description:
      "One status change of one message. `seq` increases by one per event within a project; pass the last one you saw as `afterSeq` to resume.",
    fields: (t) => ({
      seq: t.exposeInt("seq", {
        description:
          "Sequence number within the project: from 1, one more per event, no gaps or repeats.",
      }),
      messageId: t.id({
        description: "`Message.id` (Relay global id).",
        resolve: (e) => encodeGlobalID("Message", e.messageId),
      }),
      requestId: t.id({
        description: "`MessageRequest.id` (Relay global id).",
        resolve: (e) => encodeGlobalID("MessageRequest", e.requestId),
      }),
      projectId: t.id({
        description: "`Project.id` (Relay global id).",
        resolve: (e) => encodeGlobalID("Project", e.projectId),
      }),
      status: t.field({
        type: MessageStatusEnum,
        description: "The new status: PROCESSING or COMPLETED (READY is not an event).",
        resolve: (e) => e.status,
      }),
      statusName: t.string({
        nullable: true,
        description: "success | fail once COMPLETED, else null.",
        resolve: (e) => (e.result ? (e.result === "SUCCESS" ? "success" : "fail") : null),
      }),
      statusCode: t.exposeString("resultCode", {
        nullable: true,
        description:
          'Result code once COMPLETED ("0" = delivered, 3xxx carrier, 9xxx gateway; docs/delivery-and-results.md), else null.',
      }),
      statusMessage: t.exposeString("resultMessage", {
        nullable: true,
        description: "A readable explanation of the result code once COMPLETED, else null.",
      }),
      telcoCode: t.exposeString("telcoCode", {
        nullable: true,
        description:
          "The recipient's carrier once COMPLETED (e.g. SKT, KT, LGT); null before and for outcomes the gateway decided.",
      }),
      completeTime: t.expose("completeTime", {
        type: "DateTime",
        nullable: true,
        description: "When the outcome was known (UTC), once COMPLETED.",
      }),
      timestamp: t.expose("createdAt", {
        type: "DateTime",
        description: "When the gateway recorded the change (UTC).",
      }),
    }),
  });

/** The scope and resume arguments both status subscriptions take. */
const statusArgs = {
  projectId: {
    description: "`Project.id` (Relay global id): every message of the project.",
  },
  requestId: {
    description:
      "`MessageRequest.id`, Relay global id or SENS REST requestId: the messages of one request.",
  },
  messageId: {
    description: "`Message.id`, Relay global id or SENS REST messageId: one message.",
  },
  afterSeq: {
    description:
      "The last seq you received, to resume. Omitted: a request or message stream starts at its first event, a project stream with the next live one.",
  },
};

const STATUS_STREAM_RULES = [
  "Status events of exactly one scope: a project, a request or a message of your account (another account's id fails with NOT_FOUND).",
  "With `afterSeq`, stored events with a greater seq are replayed first, then live ones follow — no gap, no duplicate.",
  "Without `afterSeq`, a request or message subscription starts at the scope's first event (subscribe right after sending and miss nothing); a project subscription is live only.",
  "A message-scoped subscription ends after the message's COMPLETED event, a request-scoped one after the COMPLETED event of its last message",
  "(at once for a request that will never have messages: a canceled, skipped or stale reservation, a schedule's template).",
  "If more than SUBSCRIPTION_QUEUE_LIMIT events wait for a slow client, the subscription ends with error SUBSCRIPTION_OVERFLOW",
  "(extensions.resumeAfterSeq): resubscribe with afterSeq = the last seq you received.",
];

/** The most events one MessageStatusBatch may carry, and the default. */
export const MAX_BATCH_EVENTS = 10_000;
const DEFAULT_BATCH_EVENTS = 1_000;

const invalid = (message: string) =>
  new GraphQLError(message, { extensions: { code: "VALIDATION_FAILED" } });

interface StatusArgs {
  projectId?: string | number | null;
  requestId?: string | number | null;
  messageId?: string | number | null;
  afterSeq?: number | null;
}

/** The decoded scope and start of a status subscription (refuses a negative afterSeq). */
function statusTarget(args: StatusArgs) {
  if (args.afterSeq != null && args.afterSeq < 0) throw invalid("afterSeq must be ≥ 0");
  const id = (type: string, value: string | number | null | undefined) =>
    value != null ? decodeId(type, value) : null;
  return {
    target: {
      projectId: id("Project", args.projectId),
      requestId: id("MessageRequest", args.requestId),
      messageId: id("Message", args.messageId),
    },
    afterSeq: args.afterSeq ?? null,
  };
}

/** A stream failure ends the subscription with its code and the seq to resume after. */
function failureOrItem<T>(item: T | StreamFailure): T {
  if (item instanceof StreamFailure)
    throw new GraphQLError(item.message, {
      extensions: { code: item.code, resumeAfterSeq: item.resumeAfterSeq },
    });
  return item;
}

export const MessageStatusBatchRef = builder
  .objectRef<StatusBatch>("MessageStatusBatch")
  .implement({
    description:
      "The status events that were waiting for the subscriber, in seq order (never empty). Seqs are the project's: within a request or message scope they increase but skip other scopes' events.",
    fields: (t) => ({
      events: t.field({
        type: [MessageStatusEventRef],
        description:
          "The events, in seq order: at least one, at most the subscription's maxEvents.",
        resolve: (b) => b.events,
      }),
      firstSeq: t.exposeInt("firstSeq", { description: "The seq of the first event." }),
      lastSeq: t.exposeInt("lastSeq", {
        description: "The seq of the last event: the `afterSeq` to resume with after this batch.",
      }),
    }),
  });

/** The scope and resume arguments both status streams take (a fresh set per field, as Pothos wants). */
const statusStreamArgs = () =>
  builder.args((t) => ({
    projectId: t.id({ required: false, ...statusArgs.projectId }),
    requestId: t.id({ required: false, ...statusArgs.requestId }),
    messageId: t.id({ required: false, ...statusArgs.messageId }),
    afterSeq: t.int({ required: false, ...statusArgs.afterSeq }),
  }));

builder.subscriptionFields((t) => ({
  messageStatusChanged: t.field({
    type: MessageStatusEventRef,
    authScopes: { member: true },
    description: [
      ...STATUS_STREAM_RULES,
      "For a fast stream (thousands of events a second) `messageStatusBatches` delivers the same events with far less work on both sides.",
    ].join(" "),
    args: {
      ...statusStreamArgs(),
    },
    subscribe: (_root, args, ctx) =>
      guarded(() => {
        const { target, afterSeq } = statusTarget(args);
        return subscribeStatusEvents(ctx.deps, actorOf(ctx), target, {
          afterSeq,
          queueLimit: ctx.limits.subscriptionQueue,
        });
      }),
    resolve: (item: StreamItem) => failureOrItem(item),
  }),
  messageStatusBatches: t.field({
    type: MessageStatusBatchRef,
    authScopes: { member: true },
    description: [
      "The events of `messageStatusChanged`, several per message: each payload carries the events waiting for you when the gateway gets to you",
      "(those of one delivery step, or a page of a replay), at most `maxEvents`. One GraphQL execution and one frame per batch instead of per event,",
      "so a client can follow a request at full dispatcher speed. Same rules otherwise:",
      ...STATUS_STREAM_RULES,
      "Resume with afterSeq = the `lastSeq` of the last batch you received.",
    ].join(" "),
    args: {
      ...statusStreamArgs(),
      maxEvents: t.arg.int({
        required: false,
        description: `The most events in one batch, 1 to ${MAX_BATCH_EVENTS.toLocaleString("en-US")}; ${DEFAULT_BATCH_EVENTS.toLocaleString("en-US")} when omitted.`,
      }),
    },
    subscribe: (_root, args, ctx) =>
      guarded(() => {
        const maxEvents = args.maxEvents ?? DEFAULT_BATCH_EVENTS;
        if (maxEvents < 1 || maxEvents > MAX_BATCH_EVENTS)
          throw invalid(`maxEvents must be between 1 and ${MAX_BATCH_EVENTS}`);
        const { target, afterSeq } = statusTarget(args);
        return subscribeStatusBatches(ctx.deps, actorOf(ctx), target, {
          afterSeq,
          queueLimit: ctx.limits.subscriptionQueue,
          maxEvents,
        });
      }),
    resolve: (item: BatchItem) => failureOrItem(item),
  }),
  requestProgress: t.field({
    type: RequestProgressRef,
    authScopes: { member: true },
    description:
      "A request's counts by status: the current counts at once, then on every change (bursts coalesced to ~10 updates/s); ends after `done`.",
    args: {
      requestId: t.arg.id({
        description: "`MessageRequest.id`: Relay global id or SENS REST requestId.",
      }),
    },
    subscribe: (_root, args, ctx) =>
      guarded(() =>
        subscribeRequestProgress(
          ctx.deps,
          actorOf(ctx),
          decodeId("MessageRequest", args.requestId),
          async (id) => (await progressOf(ctx.deps, [id]))[0]!,
        ),
      ),
    resolve: (snapshot: ProgressSnapshot) => snapshot,
  }),
}));
