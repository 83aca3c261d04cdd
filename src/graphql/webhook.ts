// Webhook endpoint mutations (docs/webhooks.md); the types are in webhookEndpoint.ts. Secrets
// are shown once, by create and rotate. Every result is read again with the GraphQL
// selection after the change (the services return bare rows), so computed fields such as
// `lag`, which need the project, resolve in one query.
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
import { builder } from "./builder.ts";
import { actorOf } from "./context.ts";
import { decodeId } from "./ids.ts";
import { EventTypeEnum } from "./webhookEndpoint.ts";

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
    resolve: async (query, _r, { input }, ctx) => {
      const e = await updateEndpoint(ctx.deps, actorOf(ctx), endpointId(input.id), input);
      return ctx.deps.db.webhookEndpoint.findUniqueOrThrow({ ...query, where: { id: e.id } });
    },
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
    resolve: async (query, _r, { input }, ctx) => {
      const e = await replayEndpoint(ctx.deps, actorOf(ctx), endpointId(input.id), input);
      return ctx.deps.db.webhookEndpoint.findUniqueOrThrow({ ...query, where: { id: e.id } });
    },
  }),
  sendTestWebhookEvent: t.prismaField({
    type: "WebhookAttempt",
    authScopes: { member: true },
    errors: { dataField: { description: "The attempt, with the endpoint's answer." } },
    description:
      "POSTs one signed `webhook.test` event to the endpoint now (outside the event stream; its cursor does not move).",
    args: { id: t.arg.id({ description: "`WebhookEndpoint.id`." }) },
    resolve: async (query, _r, { id }, ctx) => {
      const a = await sendTestEvent(ctx.deps, actorOf(ctx), endpointId(id));
      return ctx.deps.db.webhookAttempt.findUniqueOrThrow({ ...query, where: { id: a.id } });
    },
  }),
}));
