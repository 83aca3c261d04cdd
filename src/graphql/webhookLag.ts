// `webhookEndpointLag` (docs/webhooks.md#lag): each endpoint's lag, live. The stream is
// webhooks/lag.ts; here its schema.
import { encodeGlobalID } from "@pothos/plugin-relay";
import type { EndpointLag } from "../db/webhooks.ts";
import { subscribeEndpointLag, type LagSnapshot } from "../webhooks/lag.ts";
import { builder } from "./builder.ts";
import { actorOf } from "./context.ts";
import { guarded } from "./errors.ts";
import { decodeId } from "./ids.ts";

const EndpointLagRef = builder.objectRef<EndpointLag>("WebhookEndpointLag").implement({
  description: "One endpoint's position in the project's two logs.",
  fields: (t) => ({
    endpointId: t.id({
      description: "`WebhookEndpoint.id` (Relay global id).",
      resolve: (l) => encodeGlobalID("WebhookEndpoint", l.id),
    }),
    lag: t.int({
      description: "messageStatusLag + projectEventLag: 0 when it has received everything.",
      resolve: (l) => l.statusLag + l.projectLag,
    }),
    messageStatusLag: t.exposeInt("statusLag", {
      description: "Message status events not yet delivered.",
    }),
    projectEventLag: t.exposeInt("projectLag", {
      description: "Project event log entries not yet delivered.",
    }),
    cursorSeq: t.exposeInt("cursorSeq", {
      description: "Its cursor in the message status events.",
    }),
    projectEventCursorSeq: t.exposeInt("projectCursorSeq", {
      description: "Its cursor in the project event log.",
    }),
    enabled: t.exposeBoolean("enabled", { description: "False while it is not delivering." }),
    failing: t.exposeBoolean("failing", {
      description: "True while it is retrying after failures (status FAILING).",
    }),
  }),
});

const SnapshotRef = builder.objectRef<LagSnapshot>("WebhookLagSnapshot").implement({
  description: "Every endpoint of a project with its lag, sent whenever one of them changed.",
  fields: (t) => ({
    projectId: t.id({
      description: "`Project.id` (Relay global id).",
      resolve: (s) => encodeGlobalID("Project", s.projectId),
    }),
    endpoints: t.field({
      type: [EndpointLagRef],
      description: "Its endpoints, oldest first (an empty list when it has none).",
      resolve: (s) => s.endpoints,
    }),
    totalLag: t.int({
      description: "The sum of the endpoints' lag.",
      resolve: (s) => s.endpoints.reduce((n, l) => n + l.statusLag + l.projectLag, 0),
    }),
    timestamp: t.field({
      type: "DateTime",
      description: "When the lags were read (UTC).",
      resolve: (s) => s.at,
    }),
  }),
});

builder.subscriptionFields((t) => ({
  webhookEndpointLag: t.field({
    type: SnapshotRef,
    authScopes: { member: true },
    description:
      "The lag of every webhook endpoint of a project: the current one at once, then a new snapshot whenever an endpoint's lag, cursor or state changes (driven by the project's events and the delivery worker; bursts coalesced to at most 4 snapshots a second).",
    args: { projectId: t.arg.id({ description: "`Project.id` (Relay global id)." }) },
    subscribe: (_root, args, ctx) =>
      guarded(() =>
        subscribeEndpointLag(ctx.deps, actorOf(ctx), decodeId("Project", args.projectId)),
      ),
    resolve: (s: LagSnapshot) => s,
  }),
}));
