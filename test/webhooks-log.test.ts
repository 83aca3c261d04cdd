// docs/webhooks.md#the-project-event-log, its guarantees with real failures: a log write that
// fails undoes the change it belongs to (a trigger makes every ProjectEvent insert fail, on
// both databases), so the log holds a change iff it committed; changes committed while no
// worker runs are all delivered later, even by a worker SIGKILLed half-way and its heir; and
// webhookEndpointLag shows the lag growing and returning to 0, for the project's own account only.
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Scheduler } from "../src/delivery/scheduler.ts";
import { webhookDeps } from "../src/webhooks/deps.ts";
import { WebhookWorker } from "../src/webhooks/worker.ts";
import { eventually } from "./helpers/eventually.ts";
import { approvedSender, completeOptOutService, globalId, project } from "./helpers/fixtures.ts";
import { startGateway, type TestGateway } from "./helpers/harness.ts";
import { createEndpoint, eventCount, lagOf, verifiedEvents } from "./helpers/webhookEndpoints.ts";
import { accepted, startReceiver, type Receiver } from "./helpers/webhookReceiver.ts";
import { spawnWorker, type WorkerProcess } from "./helpers/worker.ts";
import { wsClient, wsSubscribe } from "./helpers/ws.ts";

const SECRET_KEY = Buffer.alloc(32, 5).toString("base64");
const FLAGS = {
  SECRET_KEY,
  WEBHOOK_ALLOW_HTTP: "true",
  WEBHOOK_ALLOW_PRIVATE_URLS: "true",
  WEBHOOK_POLL_MS: "10",
  CARRIER_LATENCY_MS: "0",
};
let gw: TestGateway;
let rx: Receiver;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  rx = await startReceiver();
  // No delivery in the gateway: each test runs the scheduler and webhook workers it needs.
  gw = await startGateway({ env: { ...FLAGS, DISPATCHER: "false" } });
  await approvedSender(gw, gw.demo.accountId);
});
afterAll(async () => {
  for (const w of workers) w.kill("SIGKILL");
  await Promise.all(workers.map((w) => w.exited));
  await gw?.stop();
  await rx?.close();
});

/** Makes every insert into the project event log fail (a crash at the log write), or stops it. */
async function failLogWrites(on: boolean): Promise<void> {
  const db = gw.app.deps.db;
  const sqlite = gw.app.config.database.provider === "sqlite";
  if (on && sqlite)
    await db.$executeRawUnsafe(
      `CREATE TRIGGER "crash_log" BEFORE INSERT ON "ProjectEvent" BEGIN SELECT RAISE(ABORT, 'simulated crash'); END`,
    );
  else if (on) {
    await db.$executeRawUnsafe(
      `CREATE FUNCTION crash_log() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'simulated crash'; END $$ LANGUAGE plpgsql`,
    );
    await db.$executeRawUnsafe(
      `CREATE TRIGGER "crash_log" BEFORE INSERT ON "ProjectEvent" FOR EACH STATEMENT EXECUTE FUNCTION crash_log()`,
    );
  } else if (sqlite) await db.$executeRawUnsafe(`DROP TRIGGER "crash_log"`);
  else {
    await db.$executeRawUnsafe(`DROP TRIGGER "crash_log" ON "ProjectEvent"`);
    await db.$executeRawUnsafe(`DROP FUNCTION crash_log()`);
  }
}

const SEND = `mutation($input: SendMessageInput!) { sendMessage(input: $input) {
  ... on MutationSendMessageSuccess { data { request { reservation { id } } } } } }`;

async function reserve(projectId: string): Promise<string> {
  const localTime = DateTime.fromJSDate(gw.clock.now(), { zone: "Asia/Seoul" })
    .plus({ minutes: 61 })
    .startOf("minute")
    .toFormat("yyyy-MM-dd HH:mm");
  const res = await gw.gql<
    { sendMessage: { data: { request: { reservation: { id: string } } } } },
    unknown
  >(SEND, {
    input: {
      projectId: globalId("Project", projectId),
      from: "0212345678",
      content: "예약",
      recipients: { list: [{ to: "01012340000" }] },
      mode: "RESERVATION",
      reservation: { localTime, timeZone: "Asia/Seoul" },
    },
  });
  return res.data.sendMessage.data.request.reservation.id;
}

const ars = (number080: string, caller: string) =>
  gw.gql<{ simulateArsOptOut: { __typename: string } | null }, unknown>(
    `mutation($n: String!, $c: String!) { simulateArsOptOut(number080: $n, callerNumber: $c) { __typename } }`,
    { n: number080, c: caller },
    gw.demo.operatorKey,
  );

const callers = (n: number, base: number) =>
  Array.from({ length: n }, (_, i) => `010${String(base + i).padStart(8, "0")}`);

const webhookWorker = () =>
  new WebhookWorker(webhookDeps(gw.app.deps), gw.app.config.webhooks).start();

describe("the project event log", () => {
  it("holds a change iff it committed: when the log write fails, the cancel, the ARS opt-out and the scheduler step are undone", async () => {
    const p = await project(gw, gw.demo.accountId, "atomic");
    await completeOptOutService(gw, gw.demo.accountId, p.id, "0801112222");
    const e = await createEndpoint(gw, rx, p.id, "/atomic", ["RESERVATION_STATUS", "ARS_OPT_OUT"]);
    const [r1, r2] = [await reserve(p.id), await reserve(p.id)];
    const scheduler = new Scheduler(gw.app.deps, {
      ...gw.app.config.scheduler,
      pollMs: 600_000,
      database: gw.app.config.database,
    }).start();
    const db = gw.app.deps.db;
    const statuses = async () =>
      (await db.reservation.findMany({ where: { projectId: p.id }, orderBy: { createdAt: "asc" } }))
        .map((r) => r.status)
        .sort();
    try {
      await failLogWrites(true);
      try {
        const cancel = await gw.gql<{ cancelReservation: unknown }, unknown>(
          `mutation($id: ID!) { cancelReservation(id: $id) { __typename } }`,
          { id: r1 },
        );
        expect(cancel.errors?.length).toBeGreaterThan(0);
        expect((await ars("0801112222", "01099990000")).errors?.length).toBeGreaterThan(0);
        gw.clock.advance(62 * 60_000);
        await expect(scheduler.tick()).rejects.toThrow(/simulated crash/);
        expect(await statuses()).toEqual(["READY", "READY"]);
        expect(await db.optOutNumber.count({ where: { projectId: p.id } })).toBe(0);
        expect(await db.message.count({ where: { projectId: p.id } })).toBe(0);
        expect(await db.projectEvent.count({ where: { projectId: p.id } })).toBe(0);
      } finally {
        await failLogWrites(false);
      }
      await scheduler.tick();
      expect(await statuses()).toEqual(["PROCESSING", "PROCESSING"]);
      expect((await ars("0801112222", "01099990000")).data.simulateArsOptOut).toMatchObject({
        __typename: "MutationSimulateArsOptOutSuccess",
      });
    } finally {
      await scheduler.stop();
    }
    const rows = await db.projectEvent.findMany({
      where: { projectId: p.id },
      orderBy: { seq: "asc" },
    });
    expect(rows.map((r) => [r.seq, r.type])).toEqual([
      [1, "RESERVATION_STATUS"],
      [2, "RESERVATION_STATUS"],
      [3, "ARS_OPT_OUT"],
    ]);
    const worker = webhookWorker();
    try {
      await eventually(
        () => eventCount(rx, e.path),
        (n) => n >= 3,
        "the three committed events",
      );
    } finally {
      await worker.stop();
    }
    const got = verifiedEvents(rx, e);
    expect(got.map((x) => [x.seq, x.type, x.data.status ?? x.data.number])).toEqual([
      [1, "reservation.status", "PROCESSING"],
      [2, "reservation.status", "PROCESSING"],
      [3, "opt_out.added", "01099990000"],
    ]);
    expect(new Set(got.slice(0, 2).map((x) => x.data.reservationId))).toEqual(new Set([r1, r2]));
  });

  it("changes committed while no worker runs all arrive, in order, through a worker SIGKILLed half-way and its heir", {
    timeout: 120_000,
  }, async () => {
    const p = await project(gw, gw.demo.accountId, "crash");
    await completeOptOutService(gw, gw.demo.accountId, p.id, "0803334444");
    const e = await createEndpoint(gw, rx, p.id, "/crash", ["ARS_OPT_OUT"]);
    const numbers = callers(30, 44_000_000);
    for (const n of numbers) await ars("0803334444", n);
    expect(await lagOf(gw, e)).toMatchObject({ lag: 30, projectEventLag: 30 });

    const doomed = spawnWorker(gw.db, FLAGS);
    workers.push(doomed);
    let seen = 0;
    const previous = rx.respond;
    rx.respond = (r) => {
      if (r.path === e.path && ++seen === 10) doomed.kill("SIGKILL");
      return previous(r);
    };
    try {
      await doomed.ready;
      expect((await doomed.exited).signal).toBe("SIGKILL");
      const heir = spawnWorker(gw.db, { ...FLAGS, CLOCK_OFFSET_MS: String(10 * 60_000) });
      workers.push(heir);
      await heir.ready;
      await eventually(
        () => new Set(accepted(rx, e.path).map((r) => r.headers["webhook-id"])).size,
        (n) => n >= 30,
        "every opt-out after the crash",
        90_000,
      );
    } finally {
      rx.respond = previous;
    }
    // The heir would deliver the next test's events, which must wait for that test's own worker.
    workers.at(-1)!.kill("SIGKILL");
    await workers.at(-1)!.exited;
    const all = verifiedEvents(rx, e);
    const firsts = [...new Map(all.map((x) => [x.id, x])).values()];
    expect(firsts.map((x) => [x.seq, x.data.number])).toEqual(numbers.map((n, i) => [i + 1, n]));
    expect(all.length).toBeGreaterThanOrEqual(30);
  });

  it("webhookEndpointLag shows each endpoint's lag as it grows and returns to 0; another account's project is NOT_FOUND", async () => {
    const p = await project(gw, gw.demo.accountId, "lag");
    await completeOptOutService(gw, gw.demo.accountId, p.id, "0805556666");
    const a = await createEndpoint(gw, rx, p.id, "/lag-ars", ["ARS_OPT_OUT"]);
    const b = await createEndpoint(gw, rx, p.id, "/lag-messages", ["MESSAGE_STATUS"]);
    type Snapshot = {
      webhookEndpointLag: {
        totalLag: number;
        endpoints: { endpointId: string; lag: number; projectEventLag: number }[];
      };
    };
    const LAG = `subscription($p: ID!) { webhookEndpointLag(projectId: $p) { totalLag timestamp
      endpoints { endpointId lag messageStatusLag projectEventLag cursorSeq projectEventCursorSeq enabled failing } } }`;
    const ws = wsClient(gw.url, gw.demo.memberKey);
    const stranger = await gw.newTenant("Stranger");
    const strangerWs = wsClient(gw.url, stranger.memberKey);
    const live = wsSubscribe<Snapshot>(ws, LAG, { p: globalId("Project", p.id) });
    const refused = wsSubscribe<Snapshot>(strangerWs, LAG, { p: globalId("Project", p.id) });
    const last = (items: Snapshot[]) => items.at(-1)?.webhookEndpointLag;
    try {
      await live.until((items) => last(items) !== undefined);
      expect(last(live.items)).toMatchObject({
        totalLag: 0,
        endpoints: [
          { endpointId: a.id, lag: 0 },
          { endpointId: b.id, lag: 0 },
        ],
      });
      for (const n of callers(4, 45_000_000)) await ars("0805556666", n);
      await live.until((items) => last(items)?.totalLag === 8);
      expect(last(live.items)!.endpoints.map((x) => x.projectEventLag)).toEqual([4, 4]);
      const worker = webhookWorker();
      try {
        await live.until((items) => last(items)?.totalLag === 0);
      } finally {
        await worker.stop();
      }
      expect(eventCount(rx, a.path)).toBe(4);
      expect(eventCount(rx, b.path)).toBe(0);
      await refused.finished;
      expect(refused.items).toEqual([]);
      expect(refused.errors).toMatchObject([{ extensions: { code: "NOT_FOUND" } }]);
    } finally {
      live.dispose();
      refused.dispose();
      await ws.dispose();
      await strangerWs.dispose();
    }
  });
});
