// Webhook endpoints (docs/webhooks.md): the WebhookEndpoint node with its lag and delivery
// log, Project.webhookEndpoints, and the mutations. Secrets are shown once, by create and rotate.
import { LimitExceededError } from "../domain/errors.ts";
import { SecretKeyUnavailableError } from "../secretKey.ts";
import {
  createEndpoint,
  deleteEndpoint,
  rotateSecret,
  sendTestEvent,
  updateEndpoint,
} from "../webhooks/endpoints.ts";
import { replayEndpoint } from "../webhooks/replay.ts";
import { EVENT_TYPES, type EventType } from "../webhooks/payload.ts";
import { builder } from "./builder.ts";
import { actorOf } from "./context.ts";
import { decodeId, safeDbId } from "./ids.ts";

const EventTypeEnum = builder.enumType("WebhookEventType", {
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
    deliveries: t.relation("attempts", {
      description: `Its POSTs, newest first, from the last WEBHOOK_LOG_DAYS days.`,
      args: {
        first: t.arg.int({
          required: false,
          description: "At most this many (1–100, default 20).",
        }),
        before: t.arg({
          type: "DateTime",
          required: false,
          description: "Only attempts older than this (paging).",
        }),
      },
      query: ({ first, before }) => ({
        where: before ? { createdAt: { lt: before } } : {},
        orderBy: [{ createdAt: "desc" as const }, { id: "desc" as const }],
        take: Math.max(1, Math.min(100, first ?? 20)),
      }),
    }),
  }),
});

builder.prismaObjectFields("Project", (t) => ({
  webhookEndpoints: t.relation("webhooks", {
    description: "Its webhook endpoints, oldest first (WEBHOOK_ENDPOINTS_PER_PROJECT at most).",
    query: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
  }),
}));

type WithSecret = { id: string; secret: string; previousValidUntil?: Date };

const CreatedRef = builder.objectRef<WithSecret>("CreatedWebhookEndpoint").implement({
  description: "A new endpoint and, this one time, its signing secret.",
  fields: (t) => ({
    endpoint: t.prismaField({
      type: "WebhookEndpoint",
      description: "The stored endpoint.",
      resolve: (query, c, _a, ctx) =>
        ctx.deps.db.webhookEndpoint.findUniqueOrThrow({ ...query, where: { id: c.id } }),
    }),
    secret: t.exposeString("secret", {
      description: "The signing secret (`whsec_…`). Shown once: store it now.",
    }),
  }),
});

const RotatedRef = builder.objectRef<WithSecret>("RotatedWebhookSecret").implement({
  description: "The endpoint's new signing secret, shown this one time.",
  fields: (t) => ({
    endpoint: t.prismaField({
      type: "WebhookEndpoint",
      description: "The endpoint.",
      resolve: (query, c, _a, ctx) =>
        ctx.deps.db.webhookEndpoint.findUniqueOrThrow({ ...query, where: { id: c.id } }),
    }),
    secret: t.exposeString("secret", { description: "The new secret (`whsec_…`). Shown once." }),
    previousValidUntil: t.field({
      type: "DateTime",
      description: "Until then requests carry signatures under both secrets (24 hours).",
      resolve: (c) => c.previousValidUntil!,
    }),
  }),
});

const Deletion = builder.simpleObject("WebhookEndpointDeletion", {
  description: "A deleted endpoint.",
  fields: (t) => ({ endpointId: t.id({ description: "The deleted endpoint's id, as given." }) }),
});

const CreateInput = builder.inputType("CreateWebhookEndpointInput", {
  description: "A new webhook endpoint.",
  fields: (t) => ({
    projectId: t.id({ description: "`Project.id` (Relay global id)." }),
    url: t.string({
      description:
        "https URL (http only with WEBHOOK_ALLOW_HTTP); must resolve to public addresses.",
    }),
    eventTypes: t.field({ type: [EventTypeEnum], description: "At least one." }),
    description: t.string({ required: false, description: "At most 500 characters." }),
    batchSize: t.int({ required: false, description: "Events per POST, 1–1000 (default 1)." }),
  }),
});

const UpdateInput = builder.inputType("UpdateWebhookEndpointInput", {
  description: "Changes to an endpoint; omitted or null fields keep their value.",
  fields: (t) => ({
    id: t.id({ description: "`WebhookEndpoint.id`." }),
    url: t.string({ required: false, description: "New URL, checked like at creation." }),
    eventTypes: t.field({
      type: [EventTypeEnum],
      required: false,
      description: "New types, at least one.",
    }),
    description: t.string({ required: false, description: "New description." }),
    batchSize: t.int({ required: false, description: "New batch size, 1–1000." }),
    enabled: t.boolean({
      required: false,
      description:
        "false stops delivery; true resumes from the cursor with the failure history cleared.",
    }),
  }),
});

const ReplayInput = builder.inputType("ReplayWebhookEndpointInput", {
  description:
    "Where to deliver again from: fromTime, or fromSeq and/or fromProjectSeq. A seq given for one log only is mapped to the other by time (docs/webhooks.md#replay).",
  fields: (t) => ({
    id: t.id({ description: "`WebhookEndpoint.id`." }),
    fromSeq: t.int({
      required: false,
      description:
        "The first message status event seq to deliver again (1 or more); without fromProjectSeq, the project event log is delivered again from the first entry recorded at or after that event.",
    }),
    fromProjectSeq: t.int({
      required: false,
      description:
        "The first project event log seq to deliver again (1 or more); without fromSeq, the status events are delivered again from the first one recorded at or after that entry.",
    }),
    fromTime: t.field({
      type: "DateTime",
      required: false,
      description:
        "Deliver both logs again from their first event recorded at or after this instant.",
    }),
  }),
});

const endpointId = (id: string | number) => decodeId("WebhookEndpoint", id);

builder.mutationFields((t) => ({
  createWebhookEndpoint: t.field({
    type: CreatedRef,
    authScopes: { member: true },
    errors: {
      types: [LimitExceededError, SecretKeyUnavailableError],
      dataField: { description: "The endpoint and its one-time secret." },
    },
    description:
      "Adds a webhook endpoint to a project; it receives the events recorded from now on (replay reaches back).",
    args: { input: t.arg({ type: CreateInput, description: "URL, types and options." }) },
    resolve: async (_r, { input }, ctx) => {
      const { endpoint, secret } = await createEndpoint(ctx.deps, actorOf(ctx), {
        ...input,
        projectId: decodeId("Project", input.projectId),
      });
      return { id: endpoint.id, secret };
    },
  }),
  updateWebhookEndpoint: t.prismaField({
    type: "WebhookEndpoint",
    authScopes: { member: true },
    errors: { dataField: { description: "The endpoint as it is now." } },
    description:
      "Changes an endpoint's URL, types, batch size or description, or enables/disables it.",
    args: { input: t.arg({ type: UpdateInput, description: "The endpoint and the changes." }) },
    resolve: (_q, _r, { input }, ctx) =>
      updateEndpoint(ctx.deps, actorOf(ctx), endpointId(input.id), input),
  }),
  rotateWebhookSecret: t.field({
    type: RotatedRef,
    authScopes: { member: true },
    errors: { types: [SecretKeyUnavailableError], dataField: { description: "The new secret." } },
    description:
      "Issues a new signing secret; for 24 hours every request is signed with both the new and the previous one.",
    args: { id: t.arg.id({ description: "`WebhookEndpoint.id`." }) },
    resolve: async (_r, { id }, ctx) => {
      const r = await rotateSecret(ctx.deps, actorOf(ctx), endpointId(id));
      return { id: r.endpoint.id, secret: r.secret, previousValidUntil: r.previousValidUntil };
    },
  }),
  deleteWebhookEndpoint: t.field({
    type: Deletion,
    authScopes: { member: true },
    errors: { dataField: { description: "The deleted endpoint." } },
    description: "Deletes an endpoint and its delivery log; nothing more is sent to it.",
    args: { id: t.arg.id({ description: "`WebhookEndpoint.id`." }) },
    resolve: async (_r, { id }, ctx) => {
      await deleteEndpoint(ctx.deps, actorOf(ctx), endpointId(id));
      return { endpointId: String(id) };
    },
  }),
  replayWebhookEndpoint: t.prismaField({
    type: "WebhookEndpoint",
    authScopes: { member: true },
    errors: { dataField: { description: "The endpoint with its cursor moved back." } },
    description:
      "Delivers the project's events again from a seq or a time, each log in seq order (events still stored: as long as message history).",
    args: { input: t.arg({ type: ReplayInput, description: "The endpoint and where to start." }) },
    resolve: (_q, _r, { input }, ctx) =>
      replayEndpoint(ctx.deps, actorOf(ctx), endpointId(input.id), input),
  }),
  sendTestWebhookEvent: t.prismaField({
    type: "WebhookAttempt",
    authScopes: { member: true },
    errors: { dataField: { description: "The attempt, with the endpoint's answer." } },
    description:
      "POSTs one signed `webhook.test` event to the endpoint now (outside the event stream; its cursor does not move).",
    args: { id: t.arg.id({ description: "`WebhookEndpoint.id`." }) },
    resolve: (_q, _r, { id }, ctx) => sendTestEvent(ctx.deps, actorOf(ctx), endpointId(id)),
  }),
}));
