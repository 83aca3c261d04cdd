// Exactly one COMPLETED event per message (docs/delivery-and-results.md#exactly-once), with
// the interleavings forced instead of waited for: a dispatcher stalled past its own lease
// claims its own message again, and both attempts answer into one completion batch. Also the
// database's own refusal of a second COMPLETED event, and the dispatcher's clean handling
// of that refusal.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Carrier, CarrierMessage, CarrierOutcome } from "../src/delivery/carrier.ts";
import { Dispatcher } from "../src/delivery/dispatcher.ts";
import { appendStatusEvents, isDuplicateCompletedEvent } from "../src/db/events.ts";
import { completeMessages } from "../src/db/messages.ts";
import type { RawDb } from "../src/db/raw.ts";
import { createLogger } from "../src/logger.ts";
import type { Actor, Deps } from "../src/services/deps.ts";
import { sendMessage } from "../src/services/sending.ts";
import { eventually } from "./helpers/eventually.ts";
import { testProvider } from "./helpers/db.ts";
import { approvedSender, project } from "./helpers/fixtures.ts";
import { startGateway, type TestGateway } from "./helpers/harness.ts";

/** Holds every send until the test answers it. */
class HeldCarrier implements Carrier {
  readonly name = "held";
  /** Long enough that no timeout fires, short enough that no lease renewal runs (LEASE below). */
  readonly maxSendMs = 60_000;
  readonly calls: { message: CarrierMessage; answer: (o: CarrierOutcome) => void }[] = [];
  send(message: CarrierMessage): Promise<CarrierOutcome> {
    return new Promise((resolve) => this.calls.push({ message, answer: resolve }));
  }
}

const LEASE_MS = 120_000;
const success = (code: string, at: Date): CarrierOutcome => ({
  result: "SUCCESS",
  code,
  message: "success",
  telcoCode: "SKT",
  completeTime: at,
});

describe("exactly one COMPLETED event per message", () => {
  let gw: TestGateway;
  let projectId: string;
  /** The dispatchers' log lines (parsed). */
  const logs: Record<string, unknown>[] = [];
  const logger = createLogger("info", { write: (line: string) => logs.push(JSON.parse(line)) });
  const running: Dispatcher[] = [];
  const start = (deps: Deps) => {
    const d = new Dispatcher(deps, {
      batchSize: 100,
      concurrency: 100,
      idleMs: 20,
      maxAttempts: 5,
      leaseMs: LEASE_MS,
      carrierTimeoutMs: 500,
      database: gw.app.config.database,
    }).start();
    running.push(d);
    return d;
  };

  beforeAll(async () => {
    gw = await startGateway({ env: { DISPATCHER: "false" } });
    await approvedSender(gw, gw.demo.accountId);
    projectId = (await project(gw, gw.demo.accountId)).id;
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((d) => d.stop()));
    logs.length = 0;
  });
  afterAll(() => gw?.stop());

  const send = async (to: string[]) => {
    const actor: Actor = { accountId: gw.demo.accountId, keyId: "test", role: "MEMBER" };
    const { requestId } = await sendMessage(gw.app.deps, actor, {
      projectId,
      type: "SMS",
      contentType: "COMM",
      countryCode: "82",
      from: "0212345678",
      content: "once",
      recipients: { list: to.map((n) => ({ to: n })) },
      invalidRecipients: "REFUSE_ALL",
    });
    return requestId;
  };
  const messagesOf = (requestId: string) =>
    gw.app.deps.db.message.findMany({ where: { requestId }, orderBy: { to: "asc" } });
  /** A COMPLETED event for `messageId` written the way the dispatcher writes one. */
  const writeCompletedEvent = (m: { id: string; requestId: string }, resultCode = "stray") =>
    gw.app.deps.programs.transaction(() =>
      appendStatusEvents(
        [
          {
            accountId: gw.demo.accountId,
            projectId,
            requestId: m.requestId,
            messageId: m.id,
            status: "COMPLETED",
            result: "FAIL",
            resultCode,
            resultMessage: "written by the test",
            telcoCode: null,
            completeTime: gw.clock.now(),
          },
        ],
        gw.clock.now(),
      ),
    );
  const completedEvents = (requestId: string) =>
    gw.app.deps.db.messageStatusEvent.findMany({
      where: { requestId, status: "COMPLETED" },
      orderBy: { seq: "asc" },
    });

  it("a dispatcher that outlived its own lease and claimed its message again hands it to the carrier once and records one completion", async () => {
    const carrier = new HeldCarrier();
    const requestId = await send(["01077770001"]);
    const d = start({ ...gw.app.deps, carrier, logger });
    await eventually(
      async () => carrier.calls.length,
      (n) => n === 1,
      "first attempt at the carrier",
    );
    // The process stalls past its lease (as on a machine with load 25): when it runs again,
    // its claim finds its own message expired and takes it as attempt 2 while attempt 1 is
    // still waiting for the carrier.
    gw.clock.advance(LEASE_MS + 1000);
    d.wake();
    // Counted right before the claimed messages are handed on, in the same turn.
    await eventually(
      async () => d.stats.reclaimed,
      (n) => n === 1,
      "the message claimed again",
    );
    const [reclaimed] = await messagesOf(requestId);
    expect(reclaimed).toMatchObject({ status: "PROCESSING", attempt: 2, leaseOwner: d.owner });
    // Attempt 1 is still at the carrier: it answers for attempt 2, no second send.
    expect(carrier.calls).toHaveLength(1);
    carrier.calls[0]!.answer(success("0", gw.clock.now()));
    const [message] = await eventually(
      () => messagesOf(requestId),
      (ms) => ms.every((m) => m.status === "COMPLETED"),
      "message completed",
    );
    await d.stop();
    expect(message).toMatchObject({ attempt: 2, leaseOwner: d.owner, result: "SUCCESS" });
    expect(await completedEvents(requestId)).toHaveLength(1);
    expect(carrier.calls).toHaveLength(1);
    expect(d.stats).toMatchObject({ claimed: 2, reclaimed: 1, completed: 1, lostLeases: 0 });
    expect(logs.filter((l) => (l.level as number) >= 40)).toEqual([]);
  });

  // Only PostgreSQL lets a claim commit between a completion's statements being written and
  // run; a SQLite program runs from BEGIN to COMMIT without yielding the thread.
  it.skipIf(testProvider === "sqlite")(
    "an answer whose completion ran into the claim of its next attempt is recorded for that attempt",
    async () => {
      const carrier = new HeldCarrier();
      const requestId = await send(["01077770007"]);
      let d: Dispatcher | undefined;
      let stalled = false;
      // The dispatcher's PostgreSQL transactions, with one hook: the first completion
      // statement waits until the same dispatcher, stalled past its lease, claimed the
      // message again — the statement then carries the attempt it was written for.
      const raw: RawDb = {
        ...gw.app.deps.raw,
        transaction: (fn) =>
          gw.app.deps.raw.transaction((tx) =>
            fn({
              ...tx,
              query: async (sql, params) => {
                if (!stalled && /^UPDATE "Message" AS m SET "status" = 'COMPLETED'/.test(sql)) {
                  stalled = true;
                  gw.clock.advance(LEASE_MS + 1000);
                  d!.wake();
                  await eventually(
                    async () => d!.stats.reclaimed,
                    (n) => n === 1,
                    "claimed again",
                  );
                }
                return tx.query(sql, params);
              },
              insertMany: (...args) => tx.insertMany(...args),
            }),
          ),
      };
      d = start({ ...gw.app.deps, raw, carrier, logger });
      await eventually(
        async () => carrier.calls.length,
        (n) => n === 1,
        "attempt at the carrier",
      );
      carrier.calls[0]!.answer(success("0", gw.clock.now()));
      await eventually(
        async () => d.stats.reclaimed,
        (n) => n === 1,
        "claimed again",
      );
      // Stopping records what is in hand: no waiting for the result.
      await d.stop();
      expect(stalled).toBe(true);
      const [message] = await messagesOf(requestId);
      expect(message).toMatchObject({ status: "COMPLETED", attempt: 2, resultCode: "0" });
      expect(await completedEvents(requestId)).toHaveLength(1);
      expect(carrier.calls).toHaveLength(1);
      expect(d.stats).toMatchObject({ reclaimed: 1, completed: 1, lostLeases: 0 });
    },
  );

  it("one completion batch holding two attempts of a message completes it once, with the attempt the message holds", async () => {
    const requestId = await send(["01077770006"]);
    const [m] = await messagesOf(requestId);
    await gw.app.deps.db.message.update({
      where: { id: m!.id },
      data: { status: "PROCESSING", leaseOwner: "stalled", leaseUntil: gw.clock.now(), attempt: 2 },
    });
    const { programs } = gw.app.deps;
    const at = gw.clock.now();
    const attempt = (n: number, code: string) => ({
      message: { id: m!.id, attempt: n },
      outcome: { ...success(code, at), message: `attempt ${n}` },
    });
    const batch = [attempt(1, "1"), attempt(2, "2"), attempt(2, "2")];
    const done = await programs.transaction(() =>
      completeMessages(programs.provider, "stalled", batch),
    );
    // Once, and the second entry: the attempt the row holds (a repeat of it counts once).
    expect(done).toEqual([batch[1]]);
    expect((await messagesOf(requestId))[0]).toMatchObject({
      status: "COMPLETED",
      resultCode: "2",
      resultMessage: "attempt 2",
    });
  });

  it("the database refuses a second COMPLETED event for a message, and nothing of that transaction stays", async () => {
    const requestId = await send(["01077770002"]);
    const d = start(gw.app.deps);
    const [m] = await eventually(
      () => messagesOf(requestId),
      (ms) => ms.every((x) => x.status === "COMPLETED"),
      "message completed",
    );
    await d.stop();
    const before = await gw.app.deps.db.project.findUniqueOrThrow({ where: { id: projectId } });
    const refusal = await writeCompletedEvent(m!).then(
      () => null,
      (err: unknown) => err,
    );
    expect(refusal).not.toBeNull();
    expect(isDuplicateCompletedEvent(refusal)).toBe(true);
    const events = await completedEvents(requestId);
    expect(events.map((e) => e.resultCode)).toEqual(["0"]);
    // The sequence number it took was rolled back with it: the log stays gapless.
    const after = await gw.app.deps.db.project.findUniqueOrThrow({ where: { id: projectId } });
    expect(after.eventSeq).toBe(before.eventSeq);
  });

  it("a completion the index refuses is recorded without the second event: the message completes, the dispatcher goes on", async () => {
    const carrier = new HeldCarrier();
    const requestId = await send(["01077770003"]);
    const d = start({ ...gw.app.deps, carrier, logger });
    await eventually(
      async () => carrier.calls.length,
      (n) => n === 1,
      "attempt at the carrier",
    );
    // Something (whatever it is, a bug) recorded a COMPLETED event while the message is
    // still in the carrier's hands.
    const [held] = await messagesOf(requestId);
    expect(held).toMatchObject({ status: "PROCESSING", leaseOwner: d.owner });
    await writeCompletedEvent(held!);
    carrier.calls[0]!.answer(success("0", gw.clock.now()));
    const [m] = await eventually(
      () => messagesOf(requestId),
      (ms) => ms.every((x) => x.status === "COMPLETED"),
      "message completed despite the refusal",
    );
    expect(m).toMatchObject({ result: "SUCCESS", resultCode: "0", attempt: 1 });
    expect((await completedEvents(requestId)).map((e) => e.resultCode)).toEqual(["stray"]);
    expect(d.stats).toMatchObject({ completed: 1, lostLeases: 0 });
    expect(logs.map((l) => l.msg)).toContain(
      "the database refused a second COMPLETED event for a message; recording without it",
    );
    // Not stuck retrying: the next message goes through with its single event.
    const next = await send(["01077770004"]);
    gw.app.deps.queued.notify();
    d.wake();
    await eventually(
      async () => carrier.calls.length,
      (n) => n === 2,
      "next attempt",
    );
    carrier.calls[1]!.answer(success("0", gw.clock.now()));
    await eventually(
      () => messagesOf(next),
      (ms) => ms.every((x) => x.status === "COMPLETED"),
      "next message completed",
    );
    expect((await completedEvents(next)).map((e) => e.resultCode)).toEqual(["0"]);
  });

  it("a verdict at claim time the index refuses is recorded the same way (9003 after too many attempts)", async () => {
    const requestId = await send(["01077770005"]);
    const [m] = await messagesOf(requestId);
    // A worker died holding it for the last allowed time: the next claim gives up with 9003.
    await gw.app.deps.db.message.update({
      where: { id: m!.id },
      data: {
        status: "PROCESSING",
        leaseOwner: "dead-worker",
        leaseUntil: new Date(gw.clock.now().getTime() - 1000),
        attempt: 5,
      },
    });
    await writeCompletedEvent(m!);
    const carrier = new HeldCarrier();
    const d = start({ ...gw.app.deps, carrier, logger });
    const [done] = await eventually(
      () => messagesOf(requestId),
      (ms) => ms.every((x) => x.status === "COMPLETED"),
      "message given up",
    );
    expect(done).toMatchObject({ result: "FAIL", resultCode: "9003", attempt: 6 });
    expect((await completedEvents(requestId)).map((e) => e.resultCode)).toEqual(["stray"]);
    expect(carrier.calls).toEqual([]);
    expect(d.stats.claimed).toBe(1);
    expect(logs.map((l) => l.msg)).toContain(
      "the database refused a second COMPLETED event for a message; recording without it",
    );
  });
});
