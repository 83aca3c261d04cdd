// docs/realtime.md across processes: two gateway instances on one database with Redis pub/sub and
// no dispatcher of their own, plus a separate worker process. A send made through gateway
// A is delivered by the worker, and its events reach subscribers on gateway B (and A).
import { randomUUID } from "node:crypto";
import { encodeGlobalID } from "@pothos/plugin-relay";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "./helpers/eventually.ts";
import { approvedSender, project } from "./helpers/fixtures.ts";
import { scrape } from "./helpers/gatewayProcess.ts";
import { startGateway, type TestGateway } from "./helpers/harness.ts";
import { spawnWorker, type WorkerProcess } from "./helpers/worker.ts";
import { wsClient, wsSubscribe, type WsClient } from "./helpers/ws.ts";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

const SEND = `
  mutation ScaleOutSend($input: SendMessageInput!) {
    sendMessage(input: $input) {
      __typename
      ... on MutationSendMessageSuccess { data { request { id } } }
      ... on Error { code message }
    }
  }
`;
const STATUS = `
  subscription ScaleOutStatus($projectId: ID, $requestId: ID) {
    messageStatusChanged(projectId: $projectId, requestId: $requestId) { seq messageId requestId status statusName statusCode }
  }
`;
const PROGRESS = `
  subscription ScaleOutProgress($requestId: ID!) {
    requestProgress(requestId: $requestId) { total completed success done }
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

const numbers = (count: number, base: number) =>
  Array.from({ length: count }, (_, i) => `010${String(base + i).padStart(8, "0")}`);

describe("two gateways and a worker sharing Redis", () => {
  // A channel prefix of its own, so parallel test runs on the same Redis do not mix.
  const env = {
    DISPATCHER: "false",
    REDIS_URL,
    REDIS_CHANNEL_PREFIX: `smsgw-test-${randomUUID()}`,
  };
  let a: TestGateway;
  let b: TestGateway;
  let worker: WorkerProcess;
  const clients: WsClient[] = [];

  beforeAll(async () => {
    a = await startGateway({ env });
    b = await startGateway({ env, database: a.db, demo: a.demo });
    worker = spawnWorker(a.db, { ...env, CARRIER_LATENCY_MS: "5" });
    await worker.ready;
    await approvedSender(a, a.demo.accountId);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    worker?.kill("SIGTERM");
    await worker?.exited;
    await b?.stop();
    await a?.stop(); // drops the shared database last
  });

  it("uses Redis on both gateways", () => {
    expect(a.app.deps.pubsub.kind).toBe("redis");
    expect(b.app.deps.pubsub.kind).toBe("redis");
  });

  it("an event produced by the worker reaches a subscriber on gateway B for a send made through gateway A", {
    timeout: 30_000,
  }, async () => {
    const projectId = (await project(a, a.demo.accountId, "scale-out")).id;
    const onB = wsClient(b.url, b.demo.memberKey);
    const onA = wsClient(a.url, a.demo.memberKey);
    clients.push(onA, onB);
    const viaB = wsSubscribe<StatusPayload>(onB, STATUS, {
      projectId: encodeGlobalID("Project", projectId),
    });
    const viaA = wsSubscribe<StatusPayload>(onA, STATUS, {
      projectId: encodeGlobalID("Project", projectId),
    });
    // Active once each gateway's /metrics counts it: the count goes up after the stream's
    // Redis subscription is acknowledged, so nothing published from then on is missed.
    for (const gw of [a, b])
      await eventually(
        async () =>
          (await scrape(gw.app.url)).get("smsgw_graphql_active_subscriptions", {
            transport: "graphql-ws",
          }),
        (n) => n === 1,
        "the subscription to be active",
      );

    const to = [...numbers(20, 70_000_000), "01000000003"];
    const sent = await a.gql<
      { sendMessage: { __typename: string; data?: { request: { id: string } } } },
      unknown
    >(SEND, {
      input: {
        projectId: encodeGlobalID("Project", projectId),
        type: "SMS",
        from: "0212345678",
        content: "scale out",
        recipients: { list: to.map((n) => ({ to: n })) },
      },
    });
    expect(sent.errors).toBeUndefined();
    expect(sent.data.sendMessage.__typename).toBe("MutationSendMessageSuccess");
    const requestId = sent.data.sendMessage.data!.request.id;

    const progress = wsSubscribe<{
      requestProgress: { total: number; completed: number; success: number; done: boolean };
    }>(onB, PROGRESS, { requestId });

    await viaB.until((items) => items.length >= 2 * to.length, 20_000);
    await viaA.until((items) => items.length >= 2 * to.length, 20_000);
    await progress.finished;

    for (const s of [viaA, viaB]) {
      expect(s.errors).toEqual([]);
      expect(s.items.map((i) => i.messageStatusChanged.seq)).toEqual(
        Array.from({ length: 2 * to.length }, (_, i) => i + 1),
      );
      expect(s.items.every((i) => i.messageStatusChanged.requestId === requestId)).toBe(true);
      const completed = s.items
        .map((i) => i.messageStatusChanged)
        .filter((e) => e.status === "COMPLETED");
      expect(completed).toHaveLength(to.length);
      expect(completed.filter((e) => e.statusCode === "3023")).toHaveLength(1);
    }
    expect(progress.items.at(-1)?.requestProgress).toEqual({
      total: 21,
      completed: 21,
      success: 20,
      done: true,
    });

    // The worker, not a gateway, delivered them.
    const owners = await a.app.deps.db.message.findMany({
      where: { projectId },
      distinct: ["leaseOwner"],
      select: { leaseOwner: true },
    });
    expect(owners.map((o) => o.leaseOwner)).toEqual([await worker.ready]);
  });
});
