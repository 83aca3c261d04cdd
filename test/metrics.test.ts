// Operations of the gateway and of workers through their real HTTP endpoints: /metrics in
// Prometheus text (messages by status, queue depth and lag, GraphQL operations, active
// subscriptions, carrier outcomes), /livez and /readyz (/healthz) with the database and
// Redis going down and coming back, and one access-log line per request.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { decodeGlobalID, encodeGlobalID } from "@pothos/plugin-relay";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CarrierInterrupted, type Carrier } from "../src/delivery/carrier.ts";
import { SimulatedCarrier } from "../src/delivery/simulated.ts";
import { createLogger } from "../src/logger.ts";
import { createMetrics } from "../src/metrics.ts";
import { createRateLimiter } from "../src/rest/rateLimit.ts";
import { OffsetClock } from "../src/clock.ts";
import { testProvider } from "./helpers/db.ts";
import { approvedSender, project } from "./helpers/fixtures.ts";
import { freePort, parseMetrics, scrape } from "./helpers/gatewayProcess.ts";
import { startGateway, type TestGateway } from "./helpers/harness.ts";
import { spawnWorker, type WorkerProcess } from "./helpers/worker.ts";
import { sseSubscribe, wsClient, wsSubscribe, type WsClient } from "./helpers/ws.ts";
import { eventually } from "./helpers/eventually.ts";

// ── helpers ──────────────────────────────────────────────────────────────────────────

const base = (gw: TestGateway) => gw.url.replace(/\/graphql$/, "");
const numbers = (count: number, first: number) =>
  Array.from({ length: count }, (_, i) => `010${String(first + i).padStart(8, "0")}`);

const SEND = `
  mutation MetricsSend($input: SendMessageInput!) {
    sendMessage(input: $input) {
      __typename
      ... on MutationSendMessageSuccess { data { request { id } } }
      ... on Error { code message }
    }
  }
`;
const PROGRESS = `
  subscription MetricsProgress($requestId: ID!) {
    requestProgress(requestId: $requestId) { total completed done }
  }
`;
const STATUS = `
  subscription MetricsStatus($projectId: ID) {
    messageStatusChanged(projectId: $projectId) { seq status }
  }
`;

/** Sends through GraphQL; returns the request's global id and its database id. */
async function send(
  gw: TestGateway,
  projectId: string,
  to: string[],
): Promise<{ gid: string; id: string }> {
  const r = await gw.gql<
    { sendMessage: { __typename: string; data?: { request: { id: string } } } },
    unknown
  >(SEND, {
    input: {
      projectId: encodeGlobalID("Project", projectId),
      type: "SMS",
      from: "0212345678",
      content: "metrics",
      recipients: { list: to.map((n) => ({ to: n })) },
    },
  });
  expect(r.errors).toBeUndefined();
  expect(r.data.sendMessage.__typename).toBe("MutationSendMessageSuccess");
  const gid = r.data.sendMessage.data!.request.id;
  return { gid, id: decodeGlobalID(gid).id };
}

// ── /metrics ─────────────────────────────────────────────────────────────────────────

describe("/metrics on a gateway", () => {
  let gw: TestGateway;
  let projectId: string;
  const clients: WsClient[] = [];

  beforeAll(async () => {
    gw = await startGateway({ env: { CARRIER_LATENCY_MS: "0" } });
    await approvedSender(gw, gw.demo.accountId);
    projectId = (await project(gw, gw.demo.accountId)).id;
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await gw?.stop();
  });

  it("counts messages by status and result, and carrier answers by result code, after a send (a magic number fails with 3006)", async () => {
    const to = [...numbers(9, 80_000_000), "01000000002"];
    const client = wsClient(gw.url, gw.demo.memberKey);
    clients.push(client);
    const request = await send(gw, projectId, to);
    // requestProgress ends by itself once every message is COMPLETED.
    const progress = wsSubscribe<{
      requestProgress: { total: number; completed: number; done: boolean };
    }>(client, PROGRESS, { requestId: request.gid });
    await progress.finished;
    expect(progress.errors).toEqual([]);
    expect(progress.items.at(-1)?.requestProgress).toEqual({
      total: 10,
      completed: 10,
      done: true,
    });

    const m = await scrape(base(gw));
    expect(m.get("smsgw_messages")).toBe(10);
    expect(m.get("smsgw_messages", { status: "COMPLETED", result: "success" })).toBe(9);
    expect(m.get("smsgw_messages", { status: "COMPLETED", result: "fail" })).toBe(1);
    expect(m.get("smsgw_messages", { status: "READY" })).toBe(0);
    expect(m.get("smsgw_messages", { status: "PROCESSING" })).toBe(0);
    expect(m.get("smsgw_dispatch_queue_depth")).toBe(0);
    expect(m.get("smsgw_dispatch_queue_lag_seconds")).toBe(0);
    expect(
      m.get("smsgw_carrier_outcomes_total", { carrier: "simulated", result: "success", code: "0" }),
    ).toBe(9);
    expect(
      m.get("smsgw_carrier_outcomes_total", { carrier: "simulated", result: "fail", code: "3006" }),
    ).toBe(1);
    expect(m.get("smsgw_carrier_errors_total")).toBeUndefined();
    expect(m.get("smsgw_carrier_send_duration_seconds_count", { carrier: "simulated" })).toBe(10);
    // The progress subscription ended on the server side, so nothing is streaming now.
    expect(m.get("smsgw_graphql_active_subscriptions")).toBe(0);
    // Node's process metrics are on the same registry.
    expect(m.get("process_cpu_user_seconds_total")).toBeGreaterThan(0);
    expect(m.get("nodejs_heap_size_used_bytes")).toBeGreaterThan(0);
  });

  it("counts GraphQL operations by type, name and outcome, and times them", async () => {
    const before = await scrape(base(gw));
    const ok = { type: "query", name: "MetricsViewer", outcome: "ok" };
    expect(before.get("smsgw_graphql_operations_total", ok)).toBeUndefined();

    for (let i = 0; i < 3; i++)
      expect((await gw.gql("query MetricsViewer { viewer { role } }")).data).toEqual({
        viewer: { role: "MEMBER" },
      });
    // Without a key the field fails with UNAUTHENTICATED: the result carries an error.
    expect(
      (await gw.gql("query MetricsViewer { viewer { role } }", undefined, null)).errors?.[0]
        ?.extensions?.code,
    ).toBe("UNAUTHENTICATED");
    // A document that does not validate never executes, and is an error too.
    expect(
      (await gw.gql("query MetricsBroken { noSuchField }")).errors?.[0]?.extensions?.code,
    ).toBe("GRAPHQL_VALIDATION_FAILED");
    // A typed error (a refused recipient, in the mutation's union) is a successful GraphQL result.
    const refused = await gw.gql<{ sendMessage: { __typename: string } }, unknown>(SEND, {
      input: {
        projectId: encodeGlobalID("Project", projectId),
        type: "SMS",
        from: "0212345678",
        content: "x",
        recipients: { list: [{ to: "12" }] },
      },
    });
    expect(refused.data.sendMessage.__typename).toBe("RecipientsRejectedError");

    const after = await scrape(base(gw));
    expect(after.get("smsgw_graphql_operations_total", ok)).toBe(3);
    expect(
      after.get("smsgw_graphql_operations_total", {
        type: "query",
        name: "MetricsViewer",
        outcome: "error",
      }),
    ).toBe(1);
    expect(
      after.get("smsgw_graphql_operations_total", {
        type: "query",
        name: "MetricsBroken",
        outcome: "error",
      }),
    ).toBe(1);
    const sends = { type: "mutation", name: "MetricsSend", outcome: "ok" };
    expect(after.get("smsgw_graphql_operations_total", sends)).toBe(
      (before.get("smsgw_graphql_operations_total", sends) ?? 0) + 1,
    );
    expect(
      after.get("smsgw_graphql_operation_duration_seconds_count", {
        type: "query",
        name: "MetricsViewer",
      }),
    ).toBe(4);
    expect(
      after.get("smsgw_graphql_operation_duration_seconds_bucket", {
        type: "query",
        name: "MetricsViewer",
        le: "+Inf",
      }),
    ).toBe(4);
  });

  it("counts active subscriptions per transport, and lets go when the client disconnects (graphql-ws) or aborts (SSE)", async () => {
    const active = (transport: string) =>
      scrape(base(gw)).then((m) => m.get("smsgw_graphql_active_subscriptions", { transport }));
    const projectGid = encodeGlobalID("Project", projectId);
    expect(await active("graphql-ws")).toBe(0);
    expect(await active("sse")).toBe(0);

    const client = wsClient(gw.url, gw.demo.memberKey);
    clients.push(client);
    const first = wsSubscribe(client, STATUS, { projectId: projectGid });
    const second = wsSubscribe(client, STATUS, { projectId: projectGid });
    await eventually(
      () => active("graphql-ws"),
      (n) => n === 2,
      "two graphql-ws subscriptions",
    );
    // Completing one subscription keeps the socket (and the other subscription) open.
    first.dispose();
    await eventually(
      () => active("graphql-ws"),
      (n) => n === 1,
      "one subscription after `complete`",
    );
    expect(second.isFinished()).toBe(false);
    // Closing the socket ends what was left on it.
    await client.dispose();
    await eventually(
      () => active("graphql-ws"),
      (n) => n === 0,
      "no subscription after the socket closed",
    );

    const sse = sseSubscribe(gw.url, gw.demo.memberKey, STATUS, { projectId: projectGid });
    await eventually(
      () => active("sse"),
      (n) => n === 1,
      "one SSE subscription",
    );
    expect(await active("graphql-ws")).toBe(0);
    sse.dispose();
    await eventually(
      () => active("sse"),
      (n) => n === 0,
      "no SSE subscription after the client aborted",
    );

    const after = await scrape(base(gw));
    expect(
      after.get("smsgw_graphql_operations_total", {
        type: "subscription",
        name: "MetricsStatus",
        outcome: "ok",
      }),
    ).toBe(3);
  });

  it("a subscription refused at subscribe time (another account's project) is an error and is never counted as active", async () => {
    const other = await gw.newTenant("Other");
    const foreign = await project(gw, other.accountId, "theirs");
    const client = wsClient(gw.url, gw.demo.memberKey);
    clients.push(client);
    const refused = wsSubscribe(client, STATUS, {
      projectId: encodeGlobalID("Project", foreign.id),
    });
    await refused.finished;
    expect(JSON.stringify(refused.errors)).toContain("NOT_FOUND");
    const m = await scrape(base(gw));
    expect(m.get("smsgw_graphql_active_subscriptions")).toBe(0);
    expect(
      m.get("smsgw_graphql_operations_total", {
        type: "subscription",
        name: "MetricsStatus",
        outcome: "error",
      }),
    ).toBe(1);
  });
});

describe("/metrics: the dispatch queue, and a worker's own /metrics on METRICS_PORT", () => {
  let gw: TestGateway;
  let projectId: string;
  let worker: WorkerProcess | undefined;

  beforeAll(async () => {
    gw = await startGateway({ env: { DISPATCHER: "false" } });
    await approvedSender(gw, gw.demo.accountId);
    projectId = (await project(gw, gw.demo.accountId)).id;
  });
  afterAll(async () => {
    worker?.kill("SIGKILL");
    await worker?.exited;
    await gw?.stop();
  });

  it("shows queue depth and the age of the oldest READY message while no dispatcher runs, then 0 once a worker delivered them", {
    timeout: 60_000,
  }, async () => {
    const empty = await scrape(base(gw));
    expect(empty.get("smsgw_dispatch_queue_depth")).toBe(0);
    expect(empty.get("smsgw_dispatch_queue_lag_seconds")).toBe(0);

    const to = [...numbers(7, 81_000_000), "01000000001", "01000000003"];
    const requestId = (await send(gw, projectId, to)).id;
    // The gateway's clock moves 90 s on: the messages have waited that long.
    gw.clock.advance(90_000);
    const waiting = await scrape(base(gw));
    expect(waiting.get("smsgw_dispatch_queue_depth")).toBe(9);
    expect(waiting.get("smsgw_messages", { status: "READY" })).toBe(9);
    expect(waiting.get("smsgw_dispatch_queue_lag_seconds")).toBeGreaterThanOrEqual(90);
    expect(waiting.get("smsgw_dispatch_queue_lag_seconds")).toBeLessThan(3600);
    // No dispatcher in this gateway: its carrier was not called.
    expect(waiting.get("smsgw_carrier_outcomes_total")).toBeUndefined();

    const port = await freePort();
    worker = spawnWorker(gw.db, {
      CARRIER_LATENCY_MS: "0",
      METRICS_PORT: String(port),
      HOST: "127.0.0.1",
    });
    await worker.ready;
    expect(worker.output()).toContain(`"url":"http://127.0.0.1:${port}/metrics"`);
    const workerUrl = `http://127.0.0.1:${port}`;
    await eventually(
      () => gw.app.deps.db.message.count({ where: { requestId, status: "COMPLETED" } }),
      (n) => n === 9,
      "every message to be COMPLETED",
    );

    const w = await scrape(workerUrl);
    expect(w.get("smsgw_carrier_outcomes_total", { result: "success", code: "0" })).toBe(7);
    expect(w.get("smsgw_carrier_outcomes_total", { result: "fail", code: "3018" })).toBe(1);
    expect(w.get("smsgw_carrier_outcomes_total", { result: "fail", code: "3023" })).toBe(1);
    expect(w.get("smsgw_messages", { status: "COMPLETED" })).toBe(9);
    expect(w.get("smsgw_dispatch_queue_depth")).toBe(0);
    // A worker runs no GraphQL.
    expect(w.get("smsgw_graphql_operations_total")).toBeUndefined();
    expect((await fetch(`${workerUrl}/livez`)).status).toBe(200);
    const ready = await fetch(`${workerUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ok", database: "up" });
    expect((await fetch(`${workerUrl}/graphql`)).status).toBe(404);

    const drained = await scrape(base(gw));
    expect(drained.get("smsgw_dispatch_queue_depth")).toBe(0);
    expect(drained.get("smsgw_dispatch_queue_lag_seconds")).toBe(0);

    worker.kill("SIGTERM");
    expect(await worker.exited).toEqual({ code: 0, signal: null });
  });
});

describe("/metrics: carrier exceptions", () => {
  let gw: TestGateway;

  // A carrier whose API is down: every call throws.
  const broken: Carrier = {
    name: "broken",
    send: async () => {
      throw new Error("connection refused");
    },
  };

  beforeAll(async () => {
    gw = await startGateway({ carrier: broken });
    await approvedSender(gw, gw.demo.accountId);
  });
  afterAll(() => gw?.stop());

  it("counts carrier calls that throw, and the dispatcher records them as fail 9005", async () => {
    const projectId = (await project(gw, gw.demo.accountId)).id;
    const requestId = (await send(gw, projectId, numbers(3, 82_000_000))).id;
    await eventually(
      () =>
        gw.app.deps.db.message.count({
          where: { requestId, status: "COMPLETED", resultCode: "9005" },
        }),
      (n) => n === 3,
      "3 messages to fail with 9005",
    );
    const m = await scrape(base(gw));
    expect(m.get("smsgw_carrier_errors_total", { carrier: "broken" })).toBe(3);
    expect(m.get("smsgw_carrier_outcomes_total")).toBeUndefined();
    expect(m.get("smsgw_messages", { status: "COMPLETED", result: "fail" })).toBe(3);
  });

  it("passes every argument through to the carrier, and counts a carrier stopped on request as interrupted, not as an error", async () => {
    const seen: unknown[][] = [];
    const stopping: Carrier = {
      name: "stopping",
      send: async (...args: unknown[]) => {
        seen.push(args);
        throw new CarrierInterrupted("stopped on request");
      },
    };
    const metrics = createMetrics({ logger: createLogger("silent"), messages: () => undefined });
    const counted = metrics.countCarrier(stopping);
    const message = {
      id: "m1",
      type: "SMS" as const,
      countryCode: "82",
      from: "0212345678",
      to: "01012345678",
      content: "hi",
    };
    const ctx = { saveRef: async () => true, signal: new AbortController().signal };
    await expect(counted.send(message, ctx)).rejects.toBeInstanceOf(CarrierInterrupted);
    expect(seen).toEqual([[message, ctx]]);
    const m = parseMetrics(await metrics.registry.metrics());
    const value = (name: string) =>
      m
        .filter((s) => s.name === name && s.labels.carrier === "stopping")
        .reduce((sum, s) => sum + s.value, 0);
    expect(value("smsgw_carrier_interrupted_total")).toBe(1);
    expect(value("smsgw_carrier_errors_total")).toBe(0);
    expect(value("smsgw_carrier_outcomes_total")).toBe(0);
  });

  it("the counting carrier is still the configured carrier to the rest of the gateway", async () => {
    const simulated = await startGateway({ env: { DISPATCHER: "false" } });
    try {
      expect(simulated.app.deps.carrier).toBeInstanceOf(SimulatedCarrier);
      expect(simulated.app.deps.carrier.name).toBe("simulated");
      expect((simulated.app.deps.carrier as SimulatedCarrier).inboxOf("01099999999")).toEqual([]);
    } finally {
      await simulated.stop();
    }
  });
});

// ── /livez and /readyz ───────────────────────────────────────────────────────────────

describe("/livez and /readyz", () => {
  it("a gateway without Redis is live and ready; /healthz is the same check", async () => {
    const gw = await startGateway();
    try {
      const live = await fetch(`${base(gw)}/livez`);
      expect(live.status).toBe(200);
      expect(await live.json()).toEqual({ status: "ok" });
      for (const path of ["/readyz", "/healthz"]) {
        const res = await fetch(`${base(gw)}${path}`);
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual({ status: "ok", database: "up" });
      }
      expect((await fetch(`${base(gw)}/metrics`, { method: "POST" })).status).toBe(405);
    } finally {
      await gw.stop();
    }
  });

  describe("Redis going down and coming back", () => {
    let port: number;
    let redis: ChildProcess | undefined;
    let gw: TestGateway | undefined;

    const startRedis = async () => {
      const child = spawn(
        "redis-server",
        ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        { stdio: ["ignore", "pipe", "pipe"] },
      );
      let out = "";
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on("data", (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes("Ready to accept connections")) resolve();
        });
        child.once("exit", (code) => reject(new Error(`redis-server exited (${code}): ${out}`)));
      });
      return child;
    };
    const stopRedis = async () => {
      const child = redis!;
      redis = undefined;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGKILL");
      await exited;
    };
    const readyz = async () => {
      const res = await fetch(`${base(gw!)}/readyz`);
      return { status: res.status, body: (await res.json()) as unknown };
    };

    beforeAll(async () => {
      port = await freePort();
      redis = await startRedis();
      gw = await startGateway({
        env: {
          REDIS_URL: `redis://127.0.0.1:${port}`,
          REDIS_CHANNEL_PREFIX: `smsgw-test-${randomUUID()}`,
        },
      });
    });
    afterAll(async () => {
      // Redis must be back before the gateway stops: its connections quit cleanly then.
      if (!redis) redis = await startRedis().catch(() => undefined);
      await gw?.stop();
      if (redis) await stopRedis();
    });

    it("is ready with Redis up, answers 503 naming Redis while it is down (still live), and is ready again once it is back", {
      timeout: 30_000,
    }, async () => {
      expect(gw!.app.deps.pubsub.kind).toBe("redis");
      expect(await readyz()).toEqual({
        status: 200,
        body: { status: "ok", database: "up", redis: "up" },
      });
      expect(await gw!.app.deps.pubsub.ping()).toBe(true);

      await stopRedis();
      expect(await eventually(readyz, (r) => r.status === 503, "readyz to fail")).toEqual({
        status: 503,
        body: { status: "unavailable", database: "up", redis: "down" },
      });
      const healthz = await fetch(`${base(gw!)}/healthz`);
      expect(healthz.status).toBe(503);
      expect(await gw!.app.deps.pubsub.ping()).toBe(false);
      expect((await fetch(`${base(gw!)}/livez`)).status).toBe(200);

      redis = await startRedis();
      expect(
        await eventually(readyz, (r) => r.status === 200, "readyz to recover", 20_000),
      ).toEqual({ status: 200, body: { status: "ok", database: "up", redis: "up" } });
    });
    it("the REST rate limit keeps answering from this process's buckets while Redis is down, and shares Redis's again once it is back", {
      timeout: 30_000,
    }, async () => {
      const clock = new OffsetClock();
      const limiter = await createRateLimiter(
        { ratePerSec: 0.01, burst: 2, failedAuth: { ratePerSec: 0.01, burst: 2 } },
        { url: `redis://127.0.0.1:${port}`, channelPrefix: `smsgw-test-${randomUUID()}` },
        clock,
        createLogger("silent"),
      );
      try {
        expect(await limiter.take("k")).toEqual({ ok: true });
        expect(await limiter.take("k")).toEqual({ ok: true });
        expect(await limiter.take("k")).toMatchObject({ ok: false });
        await stopRedis();
        // No hang and no refusal: the process's own bucket (fresh for this key) answers.
        expect(await limiter.take("k")).toEqual({ ok: true });
        // Empty the local bucket of "probe", so that only Redis can say yes to it.
        expect(await limiter.take("probe")).toEqual({ ok: true });
        expect(await limiter.take("probe")).toEqual({ ok: true });
        expect(await limiter.take("probe")).toMatchObject({ ok: false });
        redis = await startRedis();
        await eventually(
          () => limiter.take("probe"),
          (t) => t.ok,
          "Redis to answer again",
          20_000,
        );
        // Back on Redis, whose buckets went with the restarted server: a fresh burst for "k".
        expect(await limiter.take("k")).toEqual({ ok: true });
        expect(await limiter.take("k")).toEqual({ ok: true });
        expect(await limiter.take("k")).toMatchObject({ ok: false });
      } finally {
        await limiter.close();
      }
    });
  });

  // SQLite is a file the process holds open: it has no outage a probe could see.
  describe.skipIf(testProvider !== "postgresql")("PostgreSQL refusing connections", () => {
    let gw: TestGateway;
    let admin: pg.Client;
    let name: string;

    beforeAll(async () => {
      // No dispatcher and no sends: only Prisma's pool holds connections to this database.
      gw = await startGateway({ env: { DISPATCHER: "false" } });
      name = new URL(gw.db.url).pathname.slice(1);
      admin = new pg.Client({
        connectionString:
          process.env.TEST_POSTGRES_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres",
      });
      await admin.connect();
    });
    afterAll(async () => {
      await admin?.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`).catch(() => undefined);
      await admin?.end();
      await gw?.stop();
    });

    it("answers 503 naming the database while it refuses connections, and 200 once it accepts them again", {
      timeout: 30_000,
    }, async () => {
      const readyz = async () => {
        const res = await fetch(`${base(gw)}/readyz`);
        return { status: res.status, body: (await res.json()) as unknown };
      };
      expect(await readyz()).toEqual({ status: 200, body: { status: "ok", database: "up" } });

      // The database stops taking connections and drops the ones it had (as on a failover).
      await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
        [name],
      );
      expect(await eventually(readyz, (r) => r.status === 503, "readyz to fail")).toEqual({
        status: 503,
        body: { status: "unavailable", database: "down" },
      });
      expect((await fetch(`${base(gw)}/livez`)).status).toBe(200);

      await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
      expect(await eventually(readyz, (r) => r.status === 200, "readyz to recover")).toEqual({
        status: 200,
        body: { status: "ok", database: "up" },
      });
    });
  });
});

// ── access log ───────────────────────────────────────────────────────────────────────

describe("request logs", () => {
  const lines: Record<string, unknown>[] = [];
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startGateway({ onLog: (line) => lines.push(line) });
  });
  afterAll(() => gw?.stop());

  it("logs one info line per HTTP request with its request id, method, path, status and duration; probes and scrapes only at debug", async () => {
    const res = await fetch(gw.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${gw.demo.memberKey}`,
        "x-request-id": "log-line-1",
      },
      body: JSON.stringify({ query: "{ viewer { role } }" }),
    });
    expect(res.status).toBe(200);
    await res.text();
    expect((await fetch(`${base(gw)}/nope?x=1`)).status).toBe(404);
    for (const path of ["/metrics", "/livez", "/readyz"])
      await (await fetch(`${base(gw)}${path}`)).text();

    const requests = await eventually(
      async () => lines.filter((l) => l.msg === "http request"),
      (found) => found.length >= 2,
      "two request log lines",
    );
    const graphqlLine = requests.find((l) => l.requestId === "log-line-1");
    expect(graphqlLine).toMatchObject({
      level: 30,
      method: "POST",
      path: "/graphql",
      status: 200,
      service: "sms-gateway",
    });
    expect(typeof graphqlLine!.durationMs).toBe("number");
    expect(requests.filter((l) => l.requestId === "log-line-1")).toHaveLength(1);
    const notFound = requests.find((l) => l.path === "/nope");
    expect(notFound).toMatchObject({ level: 30, method: "GET", status: 404 });
    expect(notFound!.requestId).toMatch(/^[0-9a-f-]{36}$/);
    // The logger is at info: probe and scrape lines (debug) are not written.
    expect(
      requests.filter((l) => ["/metrics", "/livez", "/readyz"].includes(l.path as string)),
    ).toEqual([]);
  });
});
