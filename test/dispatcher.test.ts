// docs/delivery-and-results.md (delivery) and docs/sending.md#advertising-ad (night-time rule), through the real gateway and database: the
// dispatcher takes every message READY → PROCESSING → COMPLETED exactly once, with the
// simulated carrier's outcomes, gateway-side codes, lease recovery and racing dispatchers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.ts";
import type { Carrier, CarrierMessage } from "../src/delivery/carrier.ts";
import { Dispatcher } from "../src/delivery/dispatcher.ts";
import { MAGIC_NUMBERS, SimulatedCarrier } from "../src/delivery/simulated.ts";
import { statusGuard } from "../src/db/guards.ts";
import { claimMessages, completeMessages } from "../src/db/messages.ts";
import { InvalidTransitionError } from "../src/domain/errors.ts";
import { messageMachine } from "../src/domain/messageStatus.ts";
import { RESULT_CODES } from "../src/domain/resultCodes.ts";
import type { Actor, Deps } from "../src/services/deps.ts";
import { sendMessage, type SendInput } from "../src/services/sending.ts";
import { approvedSender, completeOptOutService, project } from "./helpers/fixtures.ts";
import { startGateway, type TestGateway } from "./helpers/harness.ts";

/** Counts what reaches the carrier, per recipient. */
class CountingCarrier implements Carrier {
  readonly name = "counting";
  readonly calls = new Map<string, number>();
  constructor(private readonly inner: Carrier) {}
  send(message: CarrierMessage) {
    this.calls.set(message.to, (this.calls.get(message.to) ?? 0) + 1);
    return this.inner.send(message);
  }
}

const numbers = (count: number, base = 20_000_000) =>
  Array.from({ length: count }, (_, i) => `010${String(base + i).padStart(8, "0")}`);

function sendInput(projectId: string, to: string[], extra: Partial<SendInput> = {}): SendInput {
  return {
    projectId,
    type: "SMS",
    contentType: "COMM",
    countryCode: "82",
    from: "0212345678",
    content: "hello",
    recipients: { list: to.map((n) => ({ to: n })) },
    invalidRecipients: "REFUSE_ALL",
    ...extra,
  };
}

async function send(
  gw: TestGateway,
  projectId: string,
  to: string[],
  extra: Partial<SendInput> = {},
): Promise<string> {
  const actor: Actor = { accountId: gw.demo.accountId, keyId: "test", role: "MEMBER" };
  const { requestId } = await sendMessage(gw.app.deps, actor, sendInput(projectId, to, extra));
  gw.app.deps.queued.notify();
  return requestId;
}

async function allCompleted(gw: TestGateway, requestId: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (
    (await gw.app.deps.db.message.count({ where: { requestId, status: { not: "COMPLETED" } } })) > 0
  ) {
    if (Date.now() > deadline)
      throw new Error(`request ${requestId} not completed within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const messagesOf = (gw: TestGateway, requestId: string) =>
  gw.app.deps.db.message.findMany({ where: { requestId }, orderBy: { to: "asc" } });
const eventsOf = (gw: TestGateway, requestId: string) =>
  gw.app.deps.db.messageStatusEvent.findMany({ where: { requestId }, orderBy: { seq: "asc" } });

/** "03:00" etc. Seoul time on 2026-11-25 (UTC+9, no DST). */
const seoul = (hhmm: string) => new Date(`2026-11-25T${hhmm}:00+09:00`);

describe("dispatch configuration", () => {
  it("defaults: a dispatcher in the gateway, batches of 500, 1000 in flight, 30 s leases, 10 s carrier timeout, in-memory pub/sub", () => {
    const c = loadConfig({});
    expect(c.dispatch).toEqual({
      enabled: true,
      batchSize: 500,
      concurrency: 1000,
      idleMs: 100,
      maxAttempts: 5,
      leaseMs: 30_000,
      carrierTimeoutMs: 10_000,
    });
    expect(c.redis).toBeNull();
    expect(c.subscriptionQueueLimit).toBe(10_000);
  });

  it("refuses a lease that would not outlive the carrier timeout, and a REDIS_URL that is not redis://", () => {
    expect(() => loadConfig({ LEASE_MS: "5000", CARRIER_TIMEOUT_MS: "5000" })).toThrow(ConfigError);
    expect(() => loadConfig({ LEASE_MS: "5000", CARRIER_TIMEOUT_MS: "5000" })).toThrow(/LEASE_MS/);
    expect(loadConfig({ LEASE_MS: "6000", CARRIER_TIMEOUT_MS: "5000" }).dispatch.leaseMs).toBe(
      6000,
    );
    expect(() => loadConfig({ REDIS_URL: "http://localhost" })).toThrow(/REDIS_URL/);
    expect(
      loadConfig({ REDIS_URL: "redis://h:6379", REDIS_CHANNEL_PREFIX: "gw1", DISPATCHER: "false" }),
    ).toMatchObject({
      redis: { url: "redis://h:6379", channelPrefix: "gw1" },
      dispatch: { enabled: false },
    });
  });
});

describe("the in-process dispatcher", () => {
  let gw: TestGateway;
  let carrier: CountingCarrier;
  let projectId: string;

  beforeAll(async () => {
    carrier = new CountingCarrier(
      new SimulatedCarrier({ latencyMs: 0, failureRate: 0, clock: { now: () => new Date() } }),
    );
    gw = await startGateway({
      carrier,
      env: { CARRIER_TIMEOUT_MS: "300", LEASE_MS: "1300", DISPATCH_IDLE_MS: "20" },
    });
    await approvedSender(gw, gw.demo.accountId);
    projectId = (await project(gw, gw.demo.accountId)).id;
  });
  afterAll(() => gw?.stop());

  it("takes every message READY → PROCESSING → COMPLETED with the carrier's telco code, one event per change", async () => {
    const to = numbers(25);
    const requestId = await send(gw, projectId, to);
    await allCompleted(gw, requestId);

    const messages = await messagesOf(gw, requestId);
    expect(messages.map((m) => m.to)).toEqual(to);
    for (const m of messages) {
      expect(m).toMatchObject({
        status: "COMPLETED",
        result: "SUCCESS",
        resultCode: "0",
        resultMessage: "success",
        attempt: 1,
        telcoCode: SimulatedCarrier.telcoFor(m.to),
      });
      expect(m.completeTime).toBeInstanceOf(Date);
      expect(carrier.calls.get(m.to)).toBe(1);
    }
    const events = await eventsOf(gw, requestId);
    expect(events).toHaveLength(50);
    for (const m of messages) {
      const mine = events.filter((e) => e.messageId === m.id);
      expect(mine.map((e) => e.status)).toEqual(["PROCESSING", "COMPLETED"]);
      expect(mine[1]).toMatchObject({ result: "SUCCESS", resultCode: "0", telcoCode: m.telcoCode });
    }
    // Per-project seq: contiguous from 1, as nothing else happened in this project yet.
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const p = await gw.app.deps.db.project.findUniqueOrThrow({ where: { id: projectId } });
    expect(p.eventSeq).toBe(50);
  });

  it("fails the documented magic numbers with their codes; the one that never answers ends with the carrier timeout 9003", async () => {
    const magic = Object.keys(MAGIC_NUMBERS);
    expect(magic).toEqual(["01000000001", "01000000002", "01000000003", "01000000004"]);
    const requestId = await send(gw, projectId, [...magic, "01099998888"]);
    await allCompleted(gw, requestId);
    const byTo = Object.fromEntries((await messagesOf(gw, requestId)).map((m) => [m.to, m]));
    expect(byTo["01000000001"]).toMatchObject({
      result: "FAIL",
      resultCode: "3018",
      resultMessage: RESULT_CODES.UNREACHABLE.message,
      telcoCode: SimulatedCarrier.telcoFor("01000000001"),
    });
    expect(byTo["01000000002"]).toMatchObject({
      result: "FAIL",
      resultCode: "3006",
      resultMessage: RESULT_CODES.NUMBER_NOT_IN_SERVICE.message,
    });
    expect(byTo["01000000003"]).toMatchObject({
      result: "FAIL",
      resultCode: "3023",
      resultMessage: RESULT_CODES.SPAM_BLOCKED.message,
    });
    expect(byTo["01000000004"]).toMatchObject({
      result: "FAIL",
      resultCode: "9003",
      resultMessage: RESULT_CODES.CARRIER_TIMEOUT.message,
      telcoCode: null,
      attempt: 1,
    });
    expect(byTo["01099998888"]).toMatchObject({ result: "SUCCESS", resultCode: "0" });
    // The carrier was asked exactly once, even for the one that timed out.
    expect(carrier.calls.get("01000000004")).toBe(1);
  });

  it("never hands opted-out recipients of advertising to the carrier; they end COMPLETED/FAIL 9001", async () => {
    const optProject = (await project(gw, gw.demo.accountId, "opt")).id;
    await completeOptOutService(gw, gw.demo.accountId, optProject, "0801234567", ["01077776666"]);
    const requestId = await send(gw, optProject, ["01077776666", "01077775555"], {
      contentType: "AD",
      content: "(광고) 080-123-4567",
      nightConsent: true,
    });
    await allCompleted(gw, requestId);
    const byTo = Object.fromEntries((await messagesOf(gw, requestId)).map((m) => [m.to, m]));
    expect(byTo["01077776666"]).toMatchObject({
      status: "COMPLETED",
      result: "FAIL",
      resultCode: "9001",
      attempt: 0,
    });
    expect(byTo["01077775555"]).toMatchObject({
      status: "COMPLETED",
      result: "SUCCESS",
      resultCode: "0",
      attempt: 1,
    });
    expect(carrier.calls.get("01077776666")).toBeUndefined();
    expect(carrier.calls.get("01077775555")).toBe(1);
  });

  it("delivers notices (COMM) to opted-out recipients like to anyone: the 080 list refuses advertising only", async () => {
    const optProject = (await project(gw, gw.demo.accountId, "opt-comm")).id;
    await completeOptOutService(gw, gw.demo.accountId, optProject, "0801234567", ["01077774444"]);
    const requestId = await send(gw, optProject, ["01077774444"]);
    await allCompleted(gw, requestId);
    const [m] = await messagesOf(gw, requestId);
    expect(m).toMatchObject({
      status: "COMPLETED",
      result: "SUCCESS",
      resultCode: "0",
      attempt: 1,
    });
    expect(carrier.calls.get("01077774444")).toBe(1);
  });
});

describe("dispatchers started by hand (DISPATCHER=false)", () => {
  let gw: TestGateway;
  let projectId: string;
  const running: Dispatcher[] = [];
  const options = {
    batchSize: 100,
    concurrency: 200,
    idleMs: 20,
    maxAttempts: 3,
    leaseMs: 2000,
    carrierTimeoutMs: 500,
  };
  const start = (deps: Deps = gw.app.deps, extra: Partial<typeof options> = {}) => {
    const d = new Dispatcher(deps, {
      ...options,
      ...extra,
      database: gw.app.config.database,
    }).start();
    running.push(d);
    return d;
  };
  const stopAll = async () => {
    await Promise.all(running.splice(0).map((d) => d.stop()));
  };

  beforeAll(async () => {
    gw = await startGateway({ env: { DISPATCHER: "false" } });
    await approvedSender(gw, gw.demo.accountId);
    projectId = (await project(gw, gw.demo.accountId)).id;
  });
  afterAll(async () => {
    await stopAll();
    await gw?.stop();
  });

  it("leaves messages READY when no dispatcher runs", async () => {
    const requestId = await send(gw, projectId, numbers(3, 30_000_000));
    // Nobody listens for queued messages, so a wake-up starts nothing (no waiting for "nothing").
    expect(gw.app.deps.queued.listeners).toBe(0);
    gw.app.deps.queued.notify();
    expect(await gw.app.deps.db.message.count({ where: { requestId, status: "READY" } })).toBe(3);
    start();
    await allCompleted(gw, requestId);
    await stopAll();
  });

  it("with a seed, fails the same messages on every run (and other messages with another seed)", async () => {
    const to = numbers(200, 31_000_000);
    const failedWith = async (seed: string) => {
      const carrier = new SimulatedCarrier({
        latencyMs: 0,
        failureRate: 0.3,
        seed,
        clock: gw.app.deps.clock,
      });
      const requestId = await send(gw, projectId, to);
      start({ ...gw.app.deps, carrier });
      await allCompleted(gw, requestId);
      await stopAll();
      const failed = (await messagesOf(gw, requestId)).filter((m) => m.result === "FAIL");
      for (const m of failed)
        expect(m).toMatchObject({ resultCode: "3018", telcoCode: SimulatedCarrier.telcoFor(m.to) });
      return failed.map((m) => m.to);
    };
    const first = await failedWith("seed-1");
    const second = await failedWith("seed-1");
    const other = await failedWith("seed-2");
    expect(first.length).toBeGreaterThan(30);
    expect(first.length).toBeLessThan(90);
    expect(second).toEqual(first);
    expect(other).not.toEqual(first);
  });

  describe("AD night-time rule at delivery time (21:00–08:00 Asia/Seoul)", () => {
    it("blocks an AD accepted in the daytime but delivered at night with 9002, without reaching the carrier, unless nightConsent", async () => {
      const adProject = (await project(gw, gw.demo.accountId, "ads")).id;
      await completeOptOutService(gw, gw.demo.accountId, adProject, "0801234567");
      const ad = {
        contentType: "AD" as const,
        content: "(광고) 겨울 세일 무료수신거부 080-123-4567",
      };
      gw.clock.set(seoul("20:50"));
      try {
        const plain = await send(gw, adProject, ["01055550001", "01055550002"], ad);
        const consented = await send(gw, adProject, ["01055550003"], { ...ad, nightConsent: true });
        const comm = await send(gw, adProject, ["01055550004"]);
        gw.clock.set(seoul("21:05"));
        const counting = new CountingCarrier(gw.app.deps.carrier);
        start({ ...gw.app.deps, carrier: counting });
        for (const id of [plain, consented, comm]) await allCompleted(gw, id);
        await stopAll();

        for (const m of await messagesOf(gw, plain)) {
          expect(m).toMatchObject({
            result: "FAIL",
            resultCode: "9002",
            resultMessage: RESULT_CODES.NIGHT_TIME_BLOCKED.message,
            telcoCode: null,
          });
          expect(counting.calls.get(m.to)).toBeUndefined();
          // Decided by the gateway: READY → COMPLETED with a single event.
          expect(
            (await gw.app.deps.db.messageStatusEvent.findMany({ where: { messageId: m.id } })).map(
              (e) => e.status,
            ),
          ).toEqual(["COMPLETED"]);
        }
        expect(await messagesOf(gw, consented)).toMatchObject([
          { result: "SUCCESS", resultCode: "0" },
        ]);
        expect(await messagesOf(gw, comm)).toMatchObject([{ result: "SUCCESS", resultCode: "0" }]);
        expect(counting.calls.get("01055550003")).toBe(1);

        // 08:00 ends the night: the same AD goes out.
        gw.clock.set(seoul("07:59"));
        const early = await send(gw, adProject, ["01055550005"], { ...ad, nightConsent: true });
        gw.clock.set(seoul("08:00"));
        const morning = await send(gw, adProject, ["01055550006"], ad);
        start();
        await allCompleted(gw, early);
        await allCompleted(gw, morning);
        await stopAll();
        expect(await messagesOf(gw, morning)).toMatchObject([
          { result: "SUCCESS", resultCode: "0" },
        ]);
      } finally {
        gw.clock.set(new Date());
      }
    });
  });

  it("ends messages whose sender number was deleted meanwhile with 9004", async () => {
    const sender = await approvedSender(gw, gw.demo.accountId, "0299998888");
    const requestId = await send(gw, projectId, ["01066660001"], { from: "0299998888" });
    await gw.app.deps.db.senderNumber.update({
      where: { id: sender.id },
      data: { deletedAt: new Date() },
    });
    start();
    await allCompleted(gw, requestId);
    await stopAll();
    expect(await messagesOf(gw, requestId)).toMatchObject([
      {
        result: "FAIL",
        resultCode: "9004",
        resultMessage: RESULT_CODES.SENDER_NOT_APPROVED.message,
      },
    ]);
  });

  describe("leases", () => {
    it("reclaims messages whose lease expired (attempt + 1) and rejects the late result of the dispatcher that lost them", async () => {
      const requestId = await send(gw, projectId, numbers(5, 32_000_000));
      const { db, clock } = gw.app.deps;
      // A worker claimed them and died: PROCESSING with a lease that ran out.
      const past = new Date(clock.now().getTime() - 1000);
      await db.message.updateMany({
        where: { requestId },
        data: { status: "PROCESSING", leaseOwner: "dead-worker", leaseUntil: past, attempt: 1 },
      });
      const d = start();
      await allCompleted(gw, requestId);
      await stopAll();
      const messages = await messagesOf(gw, requestId);
      for (const m of messages)
        expect(m).toMatchObject({
          status: "COMPLETED",
          result: "SUCCESS",
          attempt: 2,
          leaseOwner: d.owner,
        });
      expect(d.stats.reclaimed).toBe(5);
      // Status did not change on reclaim, so the only event is the COMPLETED one.
      const events = await eventsOf(gw, requestId);
      expect(events.map((e) => e.status)).toEqual(Array(5).fill("COMPLETED"));

      // The dead worker's completion guard: owner and attempt must match, so nothing changes.
      const stale = await gw.app.deps.raw.query(
        `UPDATE "Message" SET "resultCode" = 'stale' WHERE "id" = ? AND "status" = 'PROCESSING' AND "leaseOwner" = ? AND "attempt" = ? RETURNING "id"`,
        [messages[0]!.id, "dead-worker", 1],
      );
      expect(stale).toEqual([]);
    });

    it("refuses what the message machine forbids: a COMPLETED message is neither claimed again nor completed twice", async () => {
      // The guards come from the transition table, and a move outside it does not build.
      expect(() => statusGuard(messageMachine, ["COMPLETED"], "PROCESSING")).toThrow(
        InvalidTransitionError,
      );
      expect(() => statusGuard(messageMachine, ["READY"], "COMPLETED")).toThrow(
        "message cannot go from READY to COMPLETED",
      );
      const requestId = await send(gw, projectId, ["01066660003"]);
      const d = start();
      await allCompleted(gw, requestId);
      await stopAll();
      const { db, clock, programs } = gw.app.deps;
      const [done] = await messagesOf(gw, requestId);
      // Even with a lease that ran out, a COMPLETED message is not PROCESSING: no claim takes it.
      await db.message.update({
        where: { id: done!.id },
        data: { leaseUntil: new Date(clock.now().getTime() - 1000) },
      });
      const lease = { owner: "other", leaseUntil: clock.now(), now: clock.now(), limit: 10 };
      const reclaimed = await programs.transaction(function* () {
        return [
          ...(yield* claimMessages(programs.provider, "expired", lease)),
          ...(yield* claimMessages(programs.provider, "ready", lease)),
        ];
      });
      expect(reclaimed.filter((m) => m.requestId === requestId)).toEqual([]);
      // Its own dispatcher, same owner and attempt, cannot complete it a second time.
      const again = await programs.transaction(() =>
        completeMessages(programs.provider, d.owner, [
          {
            message: { id: done!.id, attempt: done!.attempt },
            outcome: {
              result: "FAIL",
              code: "9005",
              message: "again",
              telcoCode: null,
              completeTime: clock.now(),
            },
          },
        ]),
      );
      expect(again).toEqual([]);
      expect(await messagesOf(gw, requestId)).toMatchObject([
        { status: "COMPLETED", result: "SUCCESS", resultCode: "0", leaseOwner: d.owner },
      ]);
    });

    it("gives up with 9003 on a message whose lease expired more than DISPATCH_MAX_ATTEMPTS times", async () => {
      const requestId = await send(gw, projectId, ["01066660002"]);
      const past = new Date(gw.app.deps.clock.now().getTime() - 1000);
      await gw.app.deps.db.message.updateMany({
        where: { requestId },
        data: {
          status: "PROCESSING",
          leaseOwner: "dead-worker",
          leaseUntil: past,
          attempt: options.maxAttempts,
        },
      });
      const counting = new CountingCarrier(gw.app.deps.carrier);
      start({ ...gw.app.deps, carrier: counting });
      await allCompleted(gw, requestId);
      await stopAll();
      expect(await messagesOf(gw, requestId)).toMatchObject([
        { result: "FAIL", resultCode: "9003", attempt: options.maxAttempts + 1 },
      ]);
      expect(counting.calls.size).toBe(0);
    });
  });

  it("two dispatchers racing over 2,000 messages complete each exactly once", async () => {
    const raceProject = (await project(gw, gw.demo.accountId, "race")).id;
    const to = numbers(2000, 40_000_000);
    const requestId = await send(gw, raceProject, to);
    const counting = new CountingCarrier(
      new SimulatedCarrier({ latencyMs: 1, failureRate: 0, clock: gw.app.deps.clock }),
    );
    const deps = { ...gw.app.deps, carrier: counting };
    // The race is over claiming. Leases long enough that no loaded machine lets one expire:
    // an expired lease is a takeover (tested above), which may call the carrier again.
    const a = start(deps, { batchSize: 50, leaseMs: 600_000 });
    const b = start(deps, { batchSize: 50, leaseMs: 600_000 });
    await allCompleted(gw, requestId, 60_000);
    await stopAll();

    expect(a.stats.claimed).toBeGreaterThan(0);
    expect(b.stats.claimed).toBeGreaterThan(0);
    expect(a.stats.claimed + b.stats.claimed).toBe(2000);
    expect(a.stats.completed + b.stats.completed).toBe(2000);
    expect([...counting.calls.values()].every((n) => n === 1)).toBe(true);
    expect(counting.calls.size).toBe(2000);

    const completedPerMessage = await gw.app.deps.db.messageStatusEvent.groupBy({
      by: ["messageId"],
      where: { requestId, status: "COMPLETED" },
      _count: { _all: true },
    });
    expect(completedPerMessage).toHaveLength(2000);
    expect(completedPerMessage.every((g) => g._count._all === 1)).toBe(true);
    const events = await gw.app.deps.db.messageStatusEvent.findMany({
      where: { projectId: raceProject },
      orderBy: { seq: "asc" },
      select: { seq: true },
    });
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 4000 }, (_, i) => i + 1));
  });
});
