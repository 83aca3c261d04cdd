// Issue 10 item 1: losing PostgreSQL connections never crashes a gateway or a worker. Every
// backend of the test database is terminated again and again — while sends are being
// written, while the dispatcher claims and completes, while the scheduler starts
// reservations — and once it is kept away for a while. Sends caught by it are refused
// with a typed, retryable DATABASE_UNAVAILABLE (a 503), never "Unexpected error.";
// a retry with the same idempotency key is accepted exactly once; /readyz says the
// database is down while it is and recovers after; and every accepted message reaches
// the carrier and ends COMPLETED exactly once. PostgreSQL only (SQLite has no server to
// lose); the classification itself is checked on both.
import { randomBytes } from "node:crypto";
import { print } from "graphql";
import { createClient } from "graphql-ws";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { openDb, type Db } from "../src/db/client.ts";
import { isDatabaseUnavailable } from "../src/db/errors.ts";
import type { Carrier, CarrierMessage, CarrierOutcome } from "../src/delivery/carrier.ts";
import { ValidationError } from "../src/domain/errors.ts";
import { graphql } from "./generated/index.ts";
import type { SendMessageInput } from "./generated/graphql.ts";
import { createTestDatabase, testProvider, type TestDatabase } from "./helpers/db.ts";
import { eventually } from "./helpers/eventually.ts";
import { approvedSender, globalId, project } from "./helpers/fixtures.ts";
import { freePort, scrape, spawnGateway, type GatewayProcess } from "./helpers/gatewayProcess.ts";
import { startGateway, type GraphQLResponse, type TestGateway } from "./helpers/harness.ts";
import {
  databaseFaults,
  whenRunning,
  type DatabaseFaults,
  type Target,
} from "./helpers/pgFaults.ts";
import { SensClient } from "./helpers/sensClient.ts";
import { spawnWorker, type WorkerProcess } from "./helpers/worker.ts";
import WebSocket from "ws";

const Send = graphql(`
  mutation FaultSend($input: SendMessageInput!) {
    sendMessage(input: $input) {
      __typename
      ... on MutationSendMessageSuccess { data { replayed request { id recipientCount } } }
      ... on Error { code message }
    }
  }
`);

const CreateKey = graphql(`
  mutation FaultCreateKey($projectId: ID!) {
    createProjectAccessKey(projectId: $projectId) {
      __typename
      ... on MutationCreateProjectAccessKeySuccess { data { secretKey accessKey { accessKey } } }
      ... on Error { code message }
    }
  }
`);

const SENDER = "0212345678";
const numbers = (count: number, first: number) =>
  Array.from({ length: count }, (_, i) => `010${String(first + i).padStart(8, "0")}`);
const rawId = (relayId: string) => Buffer.from(relayId, "base64").toString().split(":")[1]!;

type SendResponse = GraphQLResponse<{
  sendMessage: {
    __typename: string;
    data?: { replayed: boolean; request: { id: string; recipientCount: number } };
    code?: string;
  };
} | null>;

/** The only way a send may fail while the database is gone: typed, retryable, HTTP 503. */
function expectRetryableRefusal(res: SendResponse): void {
  expect(res.status, JSON.stringify(res)).toBe(503);
  expect(res.errors?.[0]?.extensions, JSON.stringify(res)).toMatchObject({
    code: "DATABASE_UNAVAILABLE",
    retryable: true,
    retryAfterSeconds: 1,
  });
}

/** An accepted send's request id, or null for a typed refusal; anything else fails the test. */
function acceptedOrRefused(res: SendResponse): { requestId: string; replayed: boolean } | null {
  const result = res.data?.sendMessage;
  if (result?.__typename === "MutationSendMessageSuccess" && result.data)
    return { requestId: rawId(result.data.request.id), replayed: result.data.replayed };
  expectRetryableRefusal(res);
  return null;
}

describe("connection failures are classified in one place (db/errors.ts)", () => {
  const pgError = (code: string, severity = "ERROR") =>
    Object.assign(new Error("x"), { code, severity });
  it.each([
    ["57P01 admin_shutdown from pg", pgError("57P01", "FATAL")],
    ["an 08006 connection failure", pgError("08006")],
    ["FATAL 55000 (database not accepting connections)", pgError("55000", "FATAL")],
    ["pg's 'Connection terminated unexpectedly'", new Error("Connection terminated unexpectedly")],
    ["a socket reset", Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" })],
    [
      "Prisma's DriverAdapterError with the pg error as cause",
      Object.assign(new Error("terminating connection"), {
        name: "DriverAdapterError",
        cause: { kind: "postgres", originalCode: "57P01", code: "57P01", severity: "FATAL" },
      }),
    ],
    [
      "Prisma's P1017 (server closed the connection)",
      Object.assign(new Error("Server has closed the connection."), { code: "P1017" }),
    ],
    [
      "Prisma's P2010 raw-query wrapper",
      Object.assign(
        new Error(
          "Raw query failed. Code: `57P01`. Message: `terminating connection due to administrator command`",
        ),
        { code: "P2010" },
      ),
    ],
  ])("%s is DATABASE_UNAVAILABLE", (_name, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it.each([
    ["a unique violation", pgError("23505")],
    ["a serialization failure", pgError("40001")],
    ["SQLite's busy lock", Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" })],
    ["a validation error", new ValidationError("content is 81 bytes")],
    ["a plain bug", new TypeError("Cannot read properties of undefined")],
  ])("%s is not", (_name, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
  });
});

/** Opens a graphql-ws connection with `key` and resolves with the code the socket was closed with (or "connected"). */
function wsConnect(httpUrl: string, key: string): Promise<number | "connected"> {
  return new Promise((resolve) => {
    const client = createClient({
      url: `${httpUrl.replace(/^http/, "ws")}/graphql`,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => undefined, // the close code is asserted instead
      connectionParams: { authorization: `Bearer ${key}` },
      on: {
        closed: (e) => resolve((e as { code: number }).code),
        connected: () => {
          void client.dispose();
          resolve("connected");
        },
      },
    });
  });
}

/**
 * Counts carrier calls per message. Messages to 0109… are held until `release()`, so their
 * reservations stay PROCESSING — and the scheduler re-checks them every poll — through
 * every round, and deliveries are in the carrier's hands while backends die.
 */
class CountingCarrier implements Carrier {
  readonly name = "counting";
  readonly calls = new Map<string, number>();
  private open: () => void = () => undefined;
  private readonly gate = new Promise<void>((resolve) => (this.open = resolve));
  release(): void {
    this.open();
  }
  async send(message: CarrierMessage): Promise<CarrierOutcome> {
    this.calls.set(message.id, (this.calls.get(message.id) ?? 0) + 1);
    await (message.to.startsWith("0109")
      ? this.gate
      : new Promise((resolve) => setTimeout(resolve, 2)));
    return {
      result: "SUCCESS",
      code: "0",
      message: "success",
      telcoCode: "SKT",
      completeTime: new Date(),
    };
  }
}

/** Every message COMPLETED exactly once: one COMPLETED event each, and seqs 1…n with no gap or repeat. */
async function expectCompletedExactlyOnce(db: Db, projectId: string): Promise<number> {
  const messages = await db.message.count({ where: { projectId } });
  expect(await db.message.count({ where: { projectId, status: { not: "COMPLETED" } } })).toBe(0);
  const completions = await db.messageStatusEvent.groupBy({
    by: ["messageId"],
    where: { projectId, status: "COMPLETED" },
    _count: { _all: true },
  });
  expect(completions).toHaveLength(messages);
  expect(completions.filter((c) => c._count._all !== 1)).toEqual([]);
  const seqs = (
    await db.messageStatusEvent.findMany({
      where: { projectId },
      select: { seq: true },
      orderBy: { seq: "asc" },
    })
  ).map((e) => e.seq);
  expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
  return messages;
}

/** Each idempotency key made exactly one request. */
async function expectOneRequestPerKey(db: Db, keys: string[]): Promise<void> {
  const perKey = await db.messageRequest.groupBy({
    by: ["idempotencyKey"],
    where: { idempotencyKey: { in: keys } },
    _count: { _all: true },
  });
  expect(perKey.map((k) => k.idempotencyKey).sort()).toEqual([...keys].sort());
  expect(perKey.filter((k) => k._count._all !== 1)).toEqual([]);
}

const onPostgres = testProvider === "postgresql";
if (!onPostgres)
  console.info(
    "db-faults: PostgreSQL connection-loss tests skipped (TEST_DATABASE=postgres runs them)",
  );

describe.skipIf(!onPostgres)("PostgreSQL connection loss, gateway in this process", () => {
  const carrier = new CountingCarrier();
  const logs: Record<string, unknown>[] = [];
  let gw: TestGateway;
  let faults: DatabaseFaults;
  let projectId: string;
  let rest: SensClient;

  beforeAll(async () => {
    gw = await startGateway({
      carrier,
      onLog: (line) => logs.push(line),
      // Leases longer than the whole test: a result recorded late is still this
      // dispatcher's, so nothing is handed to the carrier twice (and the held messages
      // do not time out).
      env: {
        SECRET_KEY: randomBytes(32).toString("base64"),
        LOG_LEVEL: "warn",
        LEASE_MS: "61000",
        CARRIER_TIMEOUT_MS: "60000",
        DISPATCH_BATCH_SIZE: "100",
        SCHEDULER_POLL_MS: "20",
      },
    });
    await approvedSender(gw, gw.demo.accountId, SENDER);
    const p = await project(gw, gw.demo.accountId, "Faults");
    projectId = p.id;
    const key = (await gw.gql(CreateKey, { projectId: globalId("Project", p.id) })).data
      .createProjectAccessKey;
    if (key.__typename !== "MutationCreateProjectAccessKeySuccess")
      throw new Error(JSON.stringify(key));
    rest = new SensClient(
      gw.app.url,
      p.id,
      { accessKey: key.data.accessKey.accessKey, secretKey: key.data.secretKey },
      gw.clock,
    );
    faults = await databaseFaults(gw.db.url);
  });
  afterAll(async () => {
    await faults?.allow().catch(() => undefined);
    await faults?.close();
    await gw?.stop();
  });

  const input = (to: string[], over: Partial<SendMessageInput> = {}): SendMessageInput => ({
    projectId: globalId("Project", projectId),
    from: SENDER,
    content: "배송 안내",
    recipients: { list: to.map((n) => ({ to: n })) },
    ...over,
  });
  const send = (to: string[], idempotencyKey: string, over: Partial<SendMessageInput> = {}) =>
    gw.gql(Send, { input: input(to, { idempotencyKey, ...over }) }) as Promise<SendResponse>;
  const readyz = async () => {
    const res = await fetch(`${gw.app.url}/readyz`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  /** Sends until accepted: every refusal on the way must be the typed retryable one. */
  async function sendUntilAccepted(
    to: string[],
    key: string,
    over: Partial<SendMessageInput> = {},
  ) {
    for (let attempt = 0; attempt < 20; attempt++) {
      const accepted = acceptedOrRefused(await send(to, key, over));
      if (accepted) return { ...accepted, attempts: attempt + 1 };
    }
    throw new Error(`send ${key} was never accepted`);
  }

  it("terminating every backend mid-send, mid-delivery and mid-schedule, 12 times, and an outage held open: typed refusals, retries accepted once, everything COMPLETED exactly once", {
    timeout: 90_000,
  }, async () => {
    const MINUTES = 16;
    const keys: string[] = [];
    const accepted = new Map<string, number>(); // requestId → recipients
    let refused = 0;
    let restRefused = 0;
    const caught: Record<Target, number> = { send: 0, dispatch: 0, schedule: 0 };
    try {
      // Reservations that fall due now, so the scheduler is busy during the rounds (their
      // slow recipients keep them PROCESSING, which the scheduler re-checks every poll).
      const localTime = DateTime.fromJSDate(gw.clock.now(), { zone: "Asia/Seoul" })
        .plus({ minutes: MINUTES - 1 })
        .startOf("minute")
        .toFormat("yyyy-MM-dd HH:mm");
      for (let r = 0; r < 6; r++) {
        const key = `reservation-${r}`;
        keys.push(key);
        const { requestId } = await sendUntilAccepted(numbers(40, 90_000_000 + r * 100), key, {
          mode: "RESERVATION",
          reservation: { localTime, timeZone: "Asia/Seoul" },
        });
        accepted.set(requestId, 40);
      }
      gw.clock.advance(MINUTES * 60_000);

      // What each round waits to be running before it terminates the backends. Only two
      // scheduler rounds: each one fails the scheduler's tick on purpose, and a scheduler
      // failing tick after tick backs off for longer and longer (up to 8 s).
      const targets: Target[] = [
        "send",
        "dispatch",
        "schedule",
        "send",
        "dispatch",
        "send",
        "dispatch",
        "schedule",
        "send",
        "dispatch",
        "send",
        "dispatch",
      ];
      for (const [round, target] of targets.entries()) {
        let pending = 3;
        const settle = <T>(p: Promise<T>) => p.finally(() => pending--);
        const graphqlSends = [0, 1].map((j) => {
          const key = `round-${round}-${j}`;
          keys.push(key);
          const to = numbers(150, 10_000_000 + round * 1000 + j * 200);
          return { key, to, response: settle(send(to, key)) };
        });
        const restSend = settle(
          rest.request("POST", "/messages", {
            json: {
              type: "SMS",
              from: SENDER,
              content: "REST 안내",
              messages: numbers(50, 50_000_000 + round * 100).map((to) => ({ to })),
            },
          }),
        );

        // A send round stops waiting when the sends are done. The others wait for their
        // transaction whatever the sends do — the scheduler for up to its longest backoff.
        if (await whenRunning(faults, target, () => target === "send" && pending === 0, 12_000))
          caught[target]++;
        await faults.terminateAll();

        for (const s of graphqlSends) {
          const first = acceptedOrRefused(await s.response);
          if (!first) refused++;
          // Refused: retried with the same key once the database answers again. When the
          // first attempt's commit had applied after all, the retry is its replay.
          const done = first ?? (await sendUntilAccepted(s.to, s.key));
          accepted.set(done.requestId, s.to.length);
        }
        const r = await restSend;
        if (r.status === 202) accepted.set((r.body as { requestId: string }).requestId, 50);
        else {
          restRefused++;
          expect(r.status, JSON.stringify(r.body)).toBe(503);
          expect(r.headers.get("retry-after")).toBe("1");
          expect(r.body).toMatchObject({
            status: 503,
            errors: "DATABASE_UNAVAILABLE",
            retryable: true,
          });
        }

        if (round === 5) {
          // An outage held open: nobody can connect until it is over.
          await faults.block();
          try {
            expect(await readyz()).toEqual({
              status: 503,
              body: { status: "unavailable", database: "down" },
            });
            expectRetryableRefusal(await send(numbers(3, 70_000_000), "during-outage"));
            // Every other operation likewise, a mutation and a query alike.
            expectRetryableRefusal(
              (await gw.gql(
                `mutation { createProject(input: { name: "x" }) { __typename } }`,
              )) as SendResponse,
            );
            expectRetryableRefusal(
              (await gw.gql(`{ projects(first: 1) { totalCount } }`)) as SendResponse,
            );
            const r = await rest.request("POST", "/messages", {
              json: { type: "SMS", from: SENDER, content: "x", messages: [{ to: "01070000000" }] },
            });
            expect([r.status, r.headers.get("retry-after"), r.body.errors]).toEqual([
              503,
              "1",
              "DATABASE_UNAVAILABLE",
            ]);
            // A subscriber (re)connecting now is told to try again (1013), not that its key is bad (4403).
            expect(await wsConnect(gw.app.url, gw.demo.memberKey)).toBe(1013);
            const sse = await fetch(gw.url, {
              method: "POST",
              headers: {
                "content-type": "application/json",
                accept: "text/event-stream",
                authorization: `Bearer ${gw.demo.memberKey}`,
              },
              body: JSON.stringify({
                query: `subscription { messageStatusChanged(projectId: "${globalId("Project", projectId)}") { seq } }`,
              }),
            });
            // The process serves (/livez), and scrapes answer without the message gauges
            // (a scrape reports the failures counted up to its start: hence the second).
            expect((await fetch(`${gw.app.url}/livez`)).status).toBe(200);
            await scrape(gw.app.url);
            expect(
              (await scrape(gw.app.url)).get("smsgw_metrics_collect_failures_total"),
            ).toBeGreaterThan(0);
            // And a subscriber over Server-Sent Events gets the same typed refusal, as an
            // event of an accepted stream (the SSE protocol's way; see sse-errors.test.ts).
            expect([sse.status, sse.headers.get("retry-after")]).toEqual([200, "1"]);
            const text = await sse.text();
            expect(text).toContain("event: next");
            expect(text).toContain('"code":"DATABASE_UNAVAILABLE","retryable":true');
          } finally {
            await faults.allow();
          }
          await eventually(readyz, (r) => r.status === 200, "/readyz to recover after the outage");
          expect((await readyz()).body).toEqual({ status: "ok", database: "up" });
          expect(await wsConnect(gw.app.url, gw.demo.memberKey)).toBe("connected");
        }
      }

      // Wait for delivery to finish, then count.
      carrier.release();
      const db = gw.app.deps.db;
      await eventually(
        () => db.message.count({ where: { projectId, status: { not: "COMPLETED" } } }),
        (n) => n === 0,
        "every message to be COMPLETED",
        40_000,
      );
      await eventually(
        () => db.reservation.count({ where: { projectId, status: { not: "DONE" } } }),
        (n) => n === 0,
        "every reservation to be DONE",
        20_000,
      );

      for (const [requestId, recipients] of accepted)
        expect(await db.message.count({ where: { requestId } })).toBe(recipients);
      await expectOneRequestPerKey(db, keys);
      const total = await expectCompletedExactlyOnce(db, projectId);
      // Every message reached the carrier exactly once (a refused REST send whose commit
      // had applied after all is delivered too, also once).
      expect(carrier.calls.size).toBe(total);
      expect([...carrier.calls.values()].filter((n) => n !== 1)).toEqual([]);
    } finally {
      carrier.release();
      gw.clock.advance(-MINUTES * 60_000);
    }

    // The rounds really hit transactions, and both kinds of callers saw the loss.
    expect(caught.send, JSON.stringify(caught)).toBeGreaterThanOrEqual(2);
    expect(caught.dispatch, JSON.stringify(caught)).toBe(5);
    expect(caught.schedule, JSON.stringify(caught)).toBe(2);
    expect(refused + restRefused).toBeGreaterThan(0);
    const messages = logs.map((l) => String(l.msg));
    expect(messages.filter((m) => m === "database connection lost").length).toBeGreaterThan(0);
    expect(
      messages.some((m) =>
        /^(claiming messages|recording delivery results) failed: database unavailable/.test(m),
      ),
    ).toBe(true);
    expect(
      messages.some((m) => m === "scheduler tick failed: database unavailable; retrying"),
    ).toBe(true);
    // Nothing was masked as an unexpected error.
    expect(logs.filter((l) => /unexpected error/.test(String(l.msg)))).toEqual([]);
  });
});

describe.skipIf(!onPostgres)(
  "results that cannot be recorded are never sent again by their own dispatcher",
  () => {
    const carrier = new CountingCarrier();
    const logs: Record<string, unknown>[] = [];
    let gw: TestGateway;
    let faults: DatabaseFaults;
    let projectId: string;

    beforeAll(async () => {
      gw = await startGateway({
        carrier,
        onLog: (line) => logs.push(line),
        env: { LOG_LEVEL: "warn", LEASE_MS: "6000", CARRIER_TIMEOUT_MS: "5000" },
      });
      await approvedSender(gw, gw.demo.accountId, SENDER);
      projectId = (await project(gw, gw.demo.accountId, "Leases")).id;
      faults = await databaseFaults(gw.db.url);
    });
    afterAll(async () => {
      carrier.release();
      await faults?.allow().catch(() => undefined);
      await faults?.close();
      await gw?.stop();
    });

    it("an outage outlasting the leases of results in hand: they are recorded once it ends, none is claimed and handed to the carrier again", {
      timeout: 60_000,
    }, async () => {
      const LEASE_PASSED = 7000;
      const to = numbers(20, 90_500_000); // 0109…: held by the carrier until release()
      const res = (await gw.gql(Send, {
        input: {
          projectId: globalId("Project", projectId),
          from: SENDER,
          content: "리스",
          recipients: { list: to.map((n) => ({ to: n })) },
        },
      })) as SendResponse;
      const requestId = acceptedOrRefused(res)!.requestId;
      await eventually(
        () => carrier.calls.size,
        (n) => n === 20,
        "the carrier to hold all 20 messages",
      );

      await faults.block();
      try {
        // The carrier answers while the database is gone: the results cannot be recorded.
        carrier.release();
        await eventually(
          () =>
            logs.some((l) =>
              String(l.msg).startsWith("recording delivery results failed: database unavailable"),
            ),
          Boolean,
          "recording to fail",
        );
        // Meanwhile the leases run out (on the gateway's clock).
        gw.clock.advance(LEASE_PASSED);
        await faults.allow();
        // The dispatcher is woken at once: a claim now would find 20 expired leases — its own.
        gw.app.deps.queued.notify();
        await eventually(
          () => gw.app.deps.db.message.count({ where: { requestId, status: "COMPLETED" } }),
          (n) => n === 20,
          "the 20 results to be recorded",
        );
      } finally {
        gw.clock.advance(-LEASE_PASSED);
      }
      expect([...carrier.calls.values()]).toEqual(Array(20).fill(1));
      const messages = await gw.app.deps.db.message.findMany({ where: { requestId } });
      expect(messages.every((m) => m.attempt === 1 && m.result === "SUCCESS")).toBe(true);
      await expectCompletedExactlyOnce(gw.app.deps.db, projectId);
    });
  },
);

describe.skipIf(!onPostgres)(
  "PostgreSQL connection loss, a gateway process and a worker process",
  () => {
    let database: TestDatabase;
    let db: Db;
    let gateway: GatewayProcess;
    let worker: WorkerProcess;
    let workerOps: string;
    let faults: DatabaseFaults;
    let projectId: string;
    const alive = { gateway: true, worker: true };

    beforeAll(async () => {
      database = await createTestDatabase();
      gateway = await spawnGateway(database, { DISPATCHER: "false" });
      const port = await freePort();
      workerOps = `http://127.0.0.1:${port}`;
      worker = spawnWorker(database, {
        METRICS_PORT: String(port),
        CARRIER_LATENCY_MS: "2",
        LEASE_MS: "10000",
        CARRIER_TIMEOUT_MS: "1000",
        DISPATCH_BATCH_SIZE: "100",
      });
      await worker.ready;
      void gateway.exited.then(() => (alive.gateway = false));
      void worker.exited.then(() => (alive.worker = false));
      db = openDb(loadConfig({ DATABASE_URL: database.url, DATA_DIR: database.dataDir }).database);
      await db.senderNumber.create({
        data: {
          accountId: gateway.demo!.accountId,
          number: SENDER,
          method: "SMS",
          status: "APPROVED",
          approvedAt: new Date(),
        },
      });
      projectId = (
        await db.project.create({ data: { accountId: gateway.demo!.accountId, name: "Faults" } })
      ).id;
      faults = await databaseFaults(database.url);
    }, 60_000);
    afterAll(async () => {
      await faults?.allow().catch(() => undefined);
      await faults?.close();
      for (const p of [gateway, worker]) p?.kill("SIGKILL");
      await Promise.all([gateway?.exited, worker?.exited]);
      await db?.$disconnect();
      await database?.drop();
    }, 60_000);

    const send = (to: string[], idempotencyKey: string) =>
      gateway.gql(
        print(Send),
        {
          input: {
            projectId: globalId("Project", projectId),
            from: SENDER,
            content: "안내",
            recipients: { list: to.map((n) => ({ to: n })) },
            idempotencyKey,
          },
        },
        gateway.demo!.memberKey,
      ) as Promise<SendResponse>;
    const ready = async (base: string) => {
      const res = await fetch(`${base}/readyz`);
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };

    it("both processes survive 8 rounds of terminated backends and a held outage; every message is delivered exactly once; both stop cleanly", {
      timeout: 90_000,
    }, async () => {
      const keys: string[] = [];
      for (let round = 0; round < 8; round++) {
        const target: Target = round % 2 ? "dispatch" : "send";
        let pending = 2;
        const sends = [0, 1].map((j) => {
          const key = `p-${round}-${j}`;
          keys.push(key);
          const to = numbers(150, 20_000_000 + round * 1000 + j * 200);
          return { key, to, response: send(to, key).finally(() => pending--) };
        });
        await whenRunning(faults, target, () => pending === 0);
        await faults.terminateAll();
        for (const s of sends) {
          let accepted = acceptedOrRefused(await s.response);
          for (let attempt = 0; !accepted && attempt < 20; attempt++)
            accepted = acceptedOrRefused(await send(s.to, s.key));
          expect(accepted, s.key).not.toBeNull();
        }
        if (round === 4) {
          await faults.block();
          try {
            expect(await ready(gateway.url)).toEqual({
              status: 503,
              body: { status: "unavailable", database: "down" },
            });
            expect(await ready(workerOps)).toEqual({
              status: 503,
              body: { status: "unavailable", database: "down" },
            });
            expectRetryableRefusal(await send(["01070000000"], "p-during-outage"));
          } finally {
            await faults.allow();
          }
          await eventually(
            () => ready(gateway.url),
            (r) => r.status === 200,
            "the gateway's /readyz to recover",
          );
          await eventually(
            () => ready(workerOps),
            (r) => r.status === 200,
            "the worker's /readyz to recover",
          );
        }
        expect(alive).toEqual({ gateway: true, worker: true });
      }

      await eventually(
        () => db.message.count({ where: { projectId, status: { not: "COMPLETED" } } }),
        (n) => n === 0,
        "every message to be COMPLETED",
        40_000,
      );
      await expectOneRequestPerKey(db, keys);
      expect(await db.message.count({ where: { projectId } })).toBe(keys.length * 150);
      const total = await expectCompletedExactlyOnce(db, projectId);
      // The worker's carrier answered once per message: nothing was sent twice.
      const metrics = await scrape(workerOps);
      expect(metrics.get("smsgw_carrier_outcomes_total")).toBe(total);
      expect(metrics.get("smsgw_carrier_errors_total") ?? 0).toBe(0);

      expect(alive).toEqual({ gateway: true, worker: true });
      expect(gateway.output() + worker.output()).not.toMatch(/Unhandled 'error' event|uncaught/i);
      // And after all that, a clean stop.
      gateway.kill("SIGTERM");
      worker.kill("SIGTERM");
      expect(await gateway.exited, gateway.output().slice(-2000)).toEqual({
        code: 0,
        signal: null,
      });
      expect(await worker.exited, worker.output().slice(-2000)).toEqual({ code: 0, signal: null });
    });
  },
);
