// The scale-out topology as it is deployed, every part a separate process: two gateways
// (`src/main.ts`, DISPATCHER=false) and a worker (`src/worker.ts`) on one database and one
// Redis. A send through gateway A is delivered by the worker and every status change
// reaches a subscriber on gateway B; the worker is SIGKILLed mid-delivery, another one
// takes over its expired leases, and every message ends COMPLETED exactly once — in the
// database and on B's subscription, whose seqs stay gapless.
import { randomUUID } from "node:crypto";
import { decodeGlobalID, encodeGlobalID } from "@pothos/plugin-relay";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { openDb, type Db } from "../src/db/client.ts";
import { createTestDatabase, type TestDatabase } from "./helpers/db.ts";
import { freePort, scrape, spawnGateway, type GatewayProcess } from "./helpers/gatewayProcess.ts";
import type { Tenant } from "./helpers/harness.ts";
import { spawnWorker, type WorkerProcess } from "./helpers/worker.ts";
import { wsClient, wsSubscribe, type WsClient } from "./helpers/ws.ts";
import { eventually } from "./helpers/eventually.ts";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

const SEND = `
  mutation TopologySend($input: SendMessageInput!) {
    sendMessage(input: $input) {
      __typename
      ... on MutationSendMessageSuccess { data { request { id recipientCount } } }
      ... on Error { code message }
    }
  }
`;
const STATUS = `
  subscription TopologyStatus($projectId: ID) {
    messageStatusChanged(projectId: $projectId) { seq messageId requestId status statusName statusCode }
  }
`;

interface StatusPayload {
  messageStatusChanged: {
    seq: number;
    messageId: string;
    requestId: string;
    status: string;
    statusName: string | null;
    statusCode: string | null;
  };
}

const TOTAL = 300;
const numbers = (count: number, first: number) =>
  Array.from({ length: count }, (_, i) => `010${String(first + i).padStart(8, "0")}`);

describe("two gateway processes and worker processes on one database and Redis", () => {
  // A channel prefix of its own, so parallel test runs on the same Redis do not mix.
  const shared = { REDIS_URL, REDIS_CHANNEL_PREFIX: `smsgw-topology-${randomUUID()}` };
  // A real carrier latency and a small concurrency, so delivery takes long enough to be
  // interrupted; short leases (≥ CARRIER_TIMEOUT_MS + 1000) so a dead worker's messages
  // are taken over within seconds.
  const workerEnv = {
    ...shared,
    CARRIER_LATENCY_MS: "50",
    CARRIER_TIMEOUT_MS: "1000",
    LEASE_MS: "2000",
    DISPATCH_CONCURRENCY: "10",
    DISPATCH_BATCH_SIZE: "5",
  };
  let database: TestDatabase;
  let db: Db;
  let a: GatewayProcess;
  let b: GatewayProcess;
  let demo: Tenant;
  const workers: WorkerProcess[] = [];
  const clients: WsClient[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    // A first: it migrates the fresh database and creates the demo account.
    a = await spawnGateway(database, { ...shared, DISPATCHER: "false" });
    b = await spawnGateway(database, { ...shared, DISPATCHER: "false" });
    expect(a.demo).not.toBeNull();
    expect(b.demo).toBeNull();
    demo = a.demo!;
    // The test reads and seeds the same database directly (fixtures stand in for the
    // sender-number review and project creation that other tests cover).
    db = openDb(loadConfig({ DATABASE_URL: database.url, DATA_DIR: database.dataDir }).database);
  }, 180_000);
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    for (const w of workers) w.kill("SIGKILL");
    await Promise.all(workers.map((w) => w.exited));
    for (const g of [a, b]) g?.kill("SIGTERM");
    await Promise.all([a?.exited, b?.exited]);
    await db?.$disconnect();
    await database?.drop();
  }, 180_000);

  it("a send through A reaches a subscriber on B with every status change; a worker killed mid-delivery is replaced and nothing is lost or duplicated", {
    timeout: 240_000,
  }, async () => {
    await db.senderNumber.create({
      data: {
        accountId: demo.accountId,
        number: "0212345678",
        method: "SMS",
        status: "APPROVED",
        approvedAt: new Date(),
      },
    });
    const projectId = (
      await db.project.create({ data: { accountId: demo.accountId, name: "topology" } })
    ).id;

    // Subscribe on B to the whole project, live only (no afterSeq): what arrives came
    // through Redis from the worker. B's /metrics says when the subscription is active.
    const onB = wsClient(b.graphqlUrl, demo.memberKey);
    clients.push(onB);
    const viaB = wsSubscribe<StatusPayload>(onB, STATUS, {
      projectId: encodeGlobalID("Project", projectId),
    });
    await eventually(
      async () =>
        (await scrape(b.url)).get("smsgw_graphql_active_subscriptions", {
          transport: "graphql-ws",
        }),
      (n) => n === 1,
      "the subscription on B to be active",
    );

    const first = spawnWorker(database, workerEnv);
    workers.push(first);
    const firstOwner = await first.ready;

    const to = numbers(TOTAL, 90_000_000);
    const sent = await a.gql<{
      sendMessage: {
        __typename: string;
        data?: { request: { id: string; recipientCount: number } };
      };
    }>(
      SEND,
      {
        input: {
          projectId: encodeGlobalID("Project", projectId),
          type: "SMS",
          from: "0212345678",
          content: "topology",
          recipients: { list: to.map((n) => ({ to: n })) },
        },
      },
      demo.memberKey,
    );
    expect(sent.errors).toBeUndefined();
    expect(sent.data.sendMessage.__typename).toBe("MutationSendMessageSuccess");
    expect(sent.data.sendMessage.data!.request.recipientCount).toBe(TOTAL);
    const requestGid = sent.data.sendMessage.data!.request.id;
    const requestId = decodeGlobalID(requestGid).id;

    // Once B has seen some deliveries, the worker dies without warning.
    const completedOn = (items: StatusPayload[]) =>
      items.filter((i) => i.messageStatusChanged.status === "COMPLETED").length;
    await viaB.until((items) => completedOn(items) >= 40, 30_000);
    first.kill("SIGKILL");
    expect((await first.exited).signal).toBe("SIGKILL");

    // Mid-delivery: some messages are done, some still READY, and the dead worker still
    // holds leases on the ones it was sending.
    const completedByFirst = await db.message.count({ where: { requestId, status: "COMPLETED" } });
    const stranded = await db.message.findMany({
      where: { requestId, status: "PROCESSING" },
      select: { id: true, leaseOwner: true, attempt: true },
    });
    expect(completedByFirst).toBeGreaterThanOrEqual(40);
    expect(completedByFirst).toBeLessThan(TOTAL);
    expect(stranded.length).toBeGreaterThan(0);
    expect(stranded.every((m) => m.leaseOwner === firstOwner && m.attempt === 1)).toBe(true);
    expect(await db.message.count({ where: { requestId, status: "READY" } })).toBe(
      TOTAL - completedByFirst - stranded.length,
    );

    // Another worker (with its own /metrics) takes over, the stranded ones after their lease.
    const metricsPort = await freePort();
    const second = spawnWorker(database, {
      ...workerEnv,
      METRICS_PORT: String(metricsPort),
      HOST: "127.0.0.1",
    });
    workers.push(second);
    const secondOwner = await second.ready;

    // One PROCESSING and one COMPLETED event per message (a takeover is not a new PROCESSING).
    await viaB.until((items) => items.length >= 2 * TOTAL, 60_000);
    await eventually(
      () => db.message.count({ where: { requestId, status: "COMPLETED" } }),
      (n) => n === TOTAL,
      "every message to be COMPLETED",
    );
    // Nothing more arrives: one more message, sent now, gets the next two seqs; B's stream
    // sends in seq order, so once its two events are here a duplicate of any earlier one
    // would be here too (an extra event before them).
    const marker = await a.gql<{ sendMessage: { data?: { request: { id: string } } } }>(
      SEND,
      {
        input: {
          projectId: encodeGlobalID("Project", projectId),
          type: "SMS",
          from: "0212345678",
          content: "topology marker",
          recipients: { list: [{ to: "01089999999" }] },
        },
      },
      demo.memberKey,
    );
    const markerGid = marker.data.sendMessage.data!.request.id;
    await viaB.until(
      (items) =>
        items.some(
          (i) =>
            i.messageStatusChanged.requestId === markerGid &&
            i.messageStatusChanged.status === "COMPLETED",
        ),
      60_000,
    );

    // On B: every status change, in seq order, no gap, no duplicate.
    expect(viaB.errors).toEqual([]);
    const all = viaB.items.map((i) => i.messageStatusChanged);
    expect(all.map((e) => e.seq)).toEqual(Array.from({ length: 2 * TOTAL + 2 }, (_, i) => i + 1));
    expect(all.slice(-2).map((e) => [e.requestId, e.status])).toEqual([
      [markerGid, "PROCESSING"],
      [markerGid, "COMPLETED"],
    ]);
    const events = all.slice(0, -2);
    expect(events.every((e) => e.requestId === requestGid)).toBe(true);
    const perMessage = new Map<string, string[]>();
    for (const e of events)
      perMessage.set(e.messageId, [...(perMessage.get(e.messageId) ?? []), e.status]);
    expect(perMessage.size).toBe(TOTAL);
    for (const statuses of perMessage.values())
      expect(statuses).toEqual(["PROCESSING", "COMPLETED"]);
    expect(
      events
        .filter((e) => e.status === "COMPLETED")
        .every((e) => e.statusName === "success" && e.statusCode === "0"),
    ).toBe(true);

    // In the database: each message COMPLETED once; the stranded ones by the second worker
    // on their second attempt.
    const messages = await db.message.findMany({
      where: { requestId },
      select: { id: true, status: true, result: true, leaseOwner: true, attempt: true },
    });
    expect(messages).toHaveLength(TOTAL);
    expect(messages.every((m) => m.status === "COMPLETED" && m.result === "SUCCESS")).toBe(true);
    const strandedIds = new Set(stranded.map((m) => m.id));
    for (const m of messages.filter((m) => strandedIds.has(m.id)))
      expect(m).toMatchObject({ leaseOwner: secondOwner, attempt: 2 });
    const completedEvents = await db.messageStatusEvent.groupBy({
      by: ["messageId"],
      where: { requestId, status: "COMPLETED" },
      _count: { _all: true },
    });
    expect(completedEvents).toHaveLength(TOTAL);
    expect(completedEvents.every((g) => g._count._all === 1)).toBe(true);
    expect(await db.messageStatusEvent.count({ where: { requestId } })).toBe(2 * TOTAL);
    expect(await db.messageStatusEvent.count({ where: { projectId } })).toBe(2 * TOTAL + 2);

    // The second worker handed the carrier exactly the messages it completed (and the marker).
    const bySecond = messages.filter((m) => m.leaseOwner === secondOwner).length;
    expect(bySecond).toBe(TOTAL - completedByFirst);
    const workerMetrics = await scrape(`http://127.0.0.1:${metricsPort}`);
    expect(workerMetrics.get("smsgw_carrier_outcomes_total", { result: "success" })).toBe(
      bySecond + 1,
    );
    expect(workerMetrics.get("smsgw_messages", { status: "COMPLETED", result: "success" })).toBe(
      TOTAL + 1,
    );
    expect((await scrape(b.url)).get("smsgw_dispatch_queue_depth")).toBe(0);

    second.kill("SIGTERM");
    expect(await second.exited).toEqual({ code: 0, signal: null });
  });

  it("both gateways stop cleanly on SIGTERM", { timeout: 30_000 }, async () => {
    await Promise.all(clients.splice(0).map((c) => c.dispose()));
    for (const g of [a, b]) g.kill("SIGTERM");
    expect(await a.exited).toEqual({ code: 0, signal: null });
    expect(await b.exited).toEqual({ code: 0, signal: null });
    expect(a.output()).toContain("gateway stopped");
  });
});
