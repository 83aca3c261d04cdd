// Webhook endpoints as GraphQL types (docs/webhooks.md): the event type, status and outcome
// enums, the WebhookEndpoint node with its lag and its delivery log (a Relay connection on
// (createdAt, id), so no attempt is skipped or repeated across pages), and
// Project.webhookEndpoints. The mutations are in webhook.ts.
import { EVENT_TYPES, type EventType } from "../webhooks/payload.ts";
import { builder } from "./builder.ts";
import { safeDbId } from "./ids.ts";

export const EventTypeEnum = builder.enumType("WebhookEventType", {
  description: "What an endpoint receives (docs/webhooks.md#payloads).",
  values: {
    MESSAGE_STATUS: {
      description:
        "`message.status`: every status event of the project's messages (PROCESSING, COMPLETED).",
    },
    REQUEST_COMPLETED: {
      description:
        "`request.completed`: once every message of a request is COMPLETED, with its counts; right after that request's last `message.status`.",
    },
    RESERVATION_STATUS: {
      description:
        "`reservation.status`: every status change of the project's reservations (PROCESSING, DONE, FAIL, CANCELED, STALE, SKIP); from the project event log.",
    },
    SCHEDULE_OCCURRENCE: {
      description:
        "`schedule.occurrence`: every schedule occurrence as it is recorded (PROCESSING, STALE, SKIP) and finished (DONE, FAIL); from the project event log.",
    },
    ARS_OPT_OUT: {
      description:
        "`opt_out.added`: a number a call to the project's 080 number (ARS) added to its opt-out list; from the project event log.",
    },
  } satisfies Record<EventType, unknown>,
});

const StatusEnum = builder.enumType("WebhookEndpointStatus", {
  description: "Whether an endpoint is receiving.",
  values: {
    ACTIVE: { description: "Enabled, and the last delivery succeeded (or none failed yet)." },
    FAILING: { description: "Enabled, retrying after failures since `failingSince`." },
    DISABLED: { description: "Not delivering: see `disabledReason` (null when disabled by you)." },
  },
});

const OutcomeEnum = builder.enumType("WebhookAttemptOutcome", {
  description: "How one POST ended.",
  values: {
    SUCCESS: { description: "Answered 2xx: the events are delivered." },
    RETRY: { description: "No 2xx (3xx, 4xx, 5xx, timeout, connection error): tried again later." },
    REFUSED: {
      description: "The URL resolved to an address that is not allowed: tried again later.",
    },
    GONE: { description: "Answered 410 Gone: the endpoint was disabled." },
    FAILED: { description: "Failed at the end of the retry period: the endpoint was disabled." },
    TEST: { description: "A test event sent by sendTestWebhookEvent." },
  },
});

builder.prismaObject("WebhookAttempt", {
  description: "One POST to an endpoint, kept WEBHOOK_LOG_DAYS days.",
  fields: (t) => ({
    webhookId: t.exposeString("webhookId", { description: "The `webhook-id` header sent." }),
    firstSeq: t.exposeInt("firstSeq", {
      description:
        "First event seq carried (0 for a test event); a project event log seq when the webhook-id has `_p` before it.",
    }),
    lastSeq: t.exposeInt("lastSeq", {
      description: "Last event seq carried (0 for a test event), in the same log as firstSeq.",
    }),
    events: t.exposeInt("events", { description: "Events in the request body." }),
    outcome: t.field({
      type: OutcomeEnum,
      description: "How it ended.",
      resolve: (a) => a.outcome as "SUCCESS",
    }),
    statusCode: t.exposeInt("statusCode", {
      nullable: true,
      description: "The HTTP status answered; null when no answer came.",
    }),
    latencyMs: t.exposeInt("latencyMs", { description: "Time until the answer (or the failure)." }),
    response: t.exposeString("response", {
      description: "The first 1024 bytes of the response body, or what went wrong.",
    }),
    createdAt: t.expose("createdAt", { type: "DateTime", description: "When it was sent (UTC)." }),
  }),
});

const LAG_SELECT = {
  cursorSeq: true,
  projectCursorSeq: true,
  project: { select: { eventSeq: true, eventCounter: { select: { seq: true } } } },
} as const;
type LagRow = {
  cursorSeq: number;
  projectCursorSeq: number;
  project: { eventSeq: number; eventCounter: { seq: number } | null };
};
const statusLag = (e: LagRow) => Math.max(0, e.project.eventSeq - e.cursorSeq);
const projectLag = (e: LagRow) =>
  Math.max(0, (e.project.eventCounter?.seq ?? 0) - e.projectCursorSeq);

export const WebhookEndpointRef = builder.prismaNode("WebhookEndpoint", {
  id: { field: "id" },
  nullable: true,
  description:
    "A URL receiving the project's events, signed (Standard Webhooks) and in seq order (docs/webhooks.md).",
  findUnique: (id, ctx) => ({
    id: safeDbId(id),
    accountId: ctx.actor?.accountId ?? "",
    project: { deletedAt: null },
  }),
  fields: (t) => ({
    url: t.exposeString("url", { description: "Where events are POSTed." }),
    eventTypes: t.field({
      type: [EventTypeEnum],
      description: "The event types it receives.",
      resolve: (e) =>
        e.eventTypes.split(",").filter((x) => EVENT_TYPES.includes(x as EventType)) as EventType[],
    }),
    description: t.exposeString("description", {
      description: "Free text, at most 500 characters.",
    }),
    batchSize: t.exposeInt("batchSize", {
      description: "Events per POST: 1 sends each event alone, more sends `batch` envelopes.",
    }),
    enabled: t.exposeBoolean("enabled", { description: "False while it is not delivering." }),
    status: t.field({
      type: StatusEnum,
      description: "ACTIVE, FAILING or DISABLED.",
      resolve: (e) => (!e.enabled ? "DISABLED" : e.failingSince ? "FAILING" : "ACTIVE"),
    }),
    disabledReason: t.exposeString("disabledReason", {
      nullable: true,
      description: "Why the gateway disabled it (`GONE: …`, `FAILING: …`); null otherwise.",
    }),
    cursorSeq: t.exposeInt("cursorSeq", {
      description:
        "Every message status event of the project with seq up to this has been delivered (`message.status`, `request.completed`).",
    }),
    projectEventCursorSeq: t.exposeInt("projectCursorSeq", {
      description:
        "Every project event log entry with seq up to this has been delivered (`reservation.status`, `schedule.occurrence`, `opt_out.added`; a seq of its own).",
    }),
    lag: t.int({
      description:
        "Log entries of the project not yet passed by its cursors: messageStatusLag + projectEventLag (entries its types skip count until the cursor passes them).",
      select: LAG_SELECT,
      resolve: (e) => statusLag(e) + projectLag(e),
    }),
    messageStatusLag: t.int({
      description: "Message status events not yet delivered (the project's last seq − cursorSeq).",
      select: LAG_SELECT,
      resolve: statusLag,
    }),
    projectEventLag: t.int({
      description:
        "Project event log entries not yet delivered (that log's last seq − projectEventCursorSeq).",
      select: LAG_SELECT,
      resolve: projectLag,
    }),
  }),
});

// Its delivery state, secret rotation, project and log; a second group of the same type, so
// the printed field order stays the one above followed by these.
builder.prismaObjectFields(WebhookEndpointRef, (t) => ({
  failingSince: t.expose("failingSince", {
    type: "DateTime",
    nullable: true,
    description: "First failure since the last success (UTC); null when not failing.",
  }),
  nextAttemptAt: t.expose("nextAttemptAt", {
    type: "DateTime",
    description: "When it is tried next if it has events (UTC).",
  }),
  lastSuccessAt: t.expose("lastSuccessAt", {
    type: "DateTime",
    nullable: true,
    description: "Last 2xx answer (UTC).",
  }),
  lastError: t.exposeString("lastError", {
    nullable: true,
    description: "What the last failure was (`HTTP 500`, `ECONNREFUSED`, …).",
  }),
  previousSecretValidUntil: t.field({
    type: "DateTime",
    nullable: true,
    description: "After a rotation: until when the previous secret still signs (UTC).",
    resolve: (e) => e.previousUntil,
  }),
  createdAt: t.expose("createdAt", {
    type: "DateTime",
    description: "When it was created (UTC).",
  }),
  project: t.relation("project", { description: "The project whose events it receives." }),
  deliveries: t.relatedConnection("attempts", {
    cursor: "id",
    description:
      "Its POSTs, newest first, from the last WEBHOOK_LOG_DAYS days: a Relay connection ordered by (createdAt, id), so paging with `after: endCursor` never skips nor repeats an attempt, even when many share one millisecond.",
    query: { orderBy: [{ createdAt: "desc" }, { id: "desc" }] },
  }),
}));

builder.prismaObjectFields("Project", (t) => ({
  webhookEndpoints: t.relation("webhooks", {
    description: "Its webhook endpoints, oldest first (WEBHOOK_ENDPOINTS_PER_PROJECT at most).",
    query: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
  }),
}));
