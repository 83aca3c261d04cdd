// The gateway a status-stream test file drives: delivery started by the tests (so they
// decide when events happen), sends through the service, graphql-ws clients and
// subscriptions that are disposed after each test, and waits for the server's listeners.
// Shared by the messageStatusChanged and messageStatusBatches suites.
import { afterAll, afterEach, beforeAll } from "vitest";
import { Dispatcher } from "../../src/delivery/dispatcher.ts";
import { SimulatedCarrier } from "../../src/delivery/simulated.ts";
import type { Actor } from "../../src/services/deps.ts";
import { sendMessage } from "../../src/services/sending.ts";
import { until } from "./eventually.ts";
import { approvedSender, project } from "./fixtures.ts";
import { startGateway, type TestGateway } from "./harness.ts";
import { wsClient, wsSubscribe, type Collected, type WsClient } from "./ws.ts";

export function streamHarness<Default = unknown>(env: Record<string, string> = {}) {
  const ctx = {} as {
    gw: TestGateway;
    projectId: string;
    actor: Actor;
    dispatchers: Dispatcher[];
    clients: WsClient[];
    streams: Collected<unknown>[];
  };
  beforeAll(async () => {
    // Delivery is started by the tests, so they decide when events happen.
    ctx.gw = await startGateway({ env: { DISPATCHER: "false", ...env } });
    await approvedSender(ctx.gw, ctx.gw.demo.accountId);
    ctx.projectId = (await project(ctx.gw, ctx.gw.demo.accountId)).id;
    ctx.actor = { accountId: ctx.gw.demo.accountId, keyId: "test", role: "MEMBER" };
    ctx.dispatchers = [];
    ctx.clients = [];
    ctx.streams = [];
  });
  afterEach(async () => {
    ctx.streams.splice(0).forEach((s) => {
      s.dispose();
    });
    await Promise.all(ctx.clients.splice(0).map((c) => c.dispose()));
    await Promise.all(ctx.dispatchers.splice(0).map((d) => d.stop()));
    // Every test starts with no server-side listener left over.
    await until(
      () => ctx.gw.app.deps.pubsub.listenerCount() === 0,
      "every server-side listener to be released",
    );
  });
  afterAll(() => ctx.gw?.stop());

  const helpers = {
    ctx,
    send: async (to: string[], projectId = ctx.projectId) =>
      (
        await sendMessage(ctx.gw.app.deps, ctx.actor, {
          projectId,
          type: "SMS",
          contentType: "COMM",
          countryCode: "82",
          from: "0212345678",
          content: "hi",
          recipients: { list: to.map((n) => ({ to: n })) },
          invalidRecipients: "REFUSE_ALL",
        })
      ).requestId,
    dispatch: (opts: { latencyMs?: number; batchSize?: number; concurrency?: number } = {}) => {
      const carrier = new SimulatedCarrier({
        latencyMs: opts.latencyMs ?? 0,
        failureRate: 0,
        clock: ctx.gw.app.deps.clock,
      });
      const d = new Dispatcher(
        { ...ctx.gw.app.deps, carrier },
        {
          batchSize: opts.batchSize ?? 100,
          concurrency: opts.concurrency ?? 1000,
          idleMs: 10,
          maxAttempts: 3,
          leaseMs: 5000,
          carrierTimeoutMs: 1000,
          database: ctx.gw.app.config.database,
        },
      ).start();
      ctx.dispatchers.push(d);
      return d;
    },
    stopDispatchers: () => Promise.all(ctx.dispatchers.splice(0).map((d) => d.stop())),
    client: (key: string | null = ctx.gw.demo.memberKey, lazy = true, url = ctx.gw.url) => {
      const c = wsClient(url, key, { lazy });
      ctx.clients.push(c);
      return c;
    },
    subscribe: <T = Default>(
      query: string,
      variables: Record<string, unknown>,
      client?: WsClient,
    ) => {
      const s = wsSubscribe<T>(client ?? helpers.client(), query, variables);
      ctx.streams.push(s as Collected<unknown>);
      return s;
    },
    /** Waits until the server holds `n` more pub/sub listeners than `base`: the subscription is live. */
    listening: (base: number, n = 1) =>
      until(
        () => ctx.gw.app.deps.pubsub.listenerCount() >= base + n,
        "the subscription to be live",
      ),
    listeners: () => ctx.gw.app.deps.pubsub.listenerCount(),
    allCompleted: (requestId: string) =>
      until(
        async () =>
          (await ctx.gw.app.deps.db.message.count({
            where: { requestId, status: { not: "COMPLETED" } },
          })) === 0,
        "every message to be COMPLETED",
        30_000,
      ),
  };
  return helpers;
}
