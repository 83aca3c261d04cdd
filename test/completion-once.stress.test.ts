// Stress harness for exactly-once completion (docs/delivery-and-results.md#the-dispatcher),
// skipped unless STRESS_ONCE=1: timing decides what it hits, so it is a loop check, not a
// regression test (test/completion-once.test.ts forces the same interleavings). Leases far
// shorter than the carrier's answers make dispatchers claim messages again all the time —
// their own (one dispatcher) or each other's — and it counts COMPLETED events per message
// and carrier calls per recipient. Knobs: STRESS_N messages, STRESS_D dispatchers,
// STRESS_LEASE and STRESS_TIMEOUT (ms), STRESS_JITTER (the carrier's extra 0…n ms),
// STRESS_STALL (the event loop is blocked this long every 100 ms, like a loaded machine: lease
// renewals run late too).
//   STRESS_ONCE=1 STRESS_D=1 STRESS_JITTER=300 TEST_DATABASE=postgres npx vitest run test/completion-once.stress.test.ts
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Carrier, CarrierMessage } from "../src/delivery/carrier.ts";
import { Dispatcher } from "../src/delivery/dispatcher.ts";
import { SimulatedCarrier } from "../src/delivery/simulated.ts";
import type { Actor } from "../src/services/deps.ts";
import { sendMessage } from "../src/services/sending.ts";
import { eventually } from "./helpers/eventually.ts";
import { approvedSender, project } from "./helpers/fixtures.ts";
import { startGateway, type TestGateway } from "./helpers/harness.ts";

const knob = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

/** Counts calls per recipient; answers after a random extra delay. */
class JitteryCarrier implements Carrier {
  readonly name = "jittery";
  readonly calls = new Map<string, number>();
  constructor(
    private readonly inner: Carrier,
    private readonly jitterMs: number,
  ) {}
  async send(m: CarrierMessage) {
    this.calls.set(m.to, (this.calls.get(m.to) ?? 0) + 1);
    await new Promise((resolve) => setTimeout(resolve, Math.random() * this.jitterMs));
    return this.inner.send(m);
  }
}

describe.skipIf(!process.env.STRESS_ONCE)("completion under constant lease expiry", () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({ env: { DISPATCHER: "false" } });
    await approvedSender(gw, gw.demo.accountId);
  });
  afterAll(() => gw?.stop());

  it("one COMPLETED event per message", async () => {
    const projectId = (await project(gw, gw.demo.accountId, "stress")).id;
    const n = knob("STRESS_N", 2000);
    const to = Array.from({ length: n }, (_, i) => `010${String(50_000_000 + i).padStart(8, "0")}`);
    const actor: Actor = { accountId: gw.demo.accountId, keyId: "stress", role: "MEMBER" };
    const { requestId } = await sendMessage(gw.app.deps, actor, {
      projectId,
      type: "SMS",
      contentType: "COMM",
      countryCode: "82",
      from: "0212345678",
      content: "stress",
      recipients: { list: to.map((number) => ({ to: number })) },
      invalidRecipients: "REFUSE_ALL",
    });
    const carrier = new JitteryCarrier(
      new SimulatedCarrier({ latencyMs: 5, failureRate: 0, clock: gw.app.deps.clock }),
      knob("STRESS_JITTER", 300),
    );
    const dispatchers = Array.from({ length: knob("STRESS_D", 1) }, () =>
      new Dispatcher(
        { ...gw.app.deps, carrier },
        {
          batchSize: 50,
          concurrency: 300,
          idleMs: 5,
          maxAttempts: 50,
          leaseMs: knob("STRESS_LEASE", 150),
          carrierTimeoutMs: knob("STRESS_TIMEOUT", 1000),
          database: gw.app.config.database,
        },
      ).start(),
    );
    const stallMs = knob("STRESS_STALL", 120);
    const staller = setInterval(() => {
      const until = Date.now() + stallMs;
      while (Date.now() < until);
    }, 100);
    await eventually(
      () => gw.app.deps.db.message.count({ where: { requestId, status: { not: "COMPLETED" } } }),
      (left) => left === 0,
      "every message completed",
      240_000,
    );
    clearInterval(staller);
    await Promise.all(dispatchers.map((d) => d.stop()));
    const perMessage = await gw.app.deps.db.messageStatusEvent.groupBy({
      by: ["messageId"],
      where: { requestId, status: "COMPLETED" },
      _count: { _all: true },
    });
    const sum = (pick: (s: Dispatcher["stats"]) => number) =>
      dispatchers.reduce((total, d) => total + pick(d.stats), 0);
    const report = {
      messages: n,
      duplicateCompleted: perMessage.filter((g) => g._count._all > 1).length,
      sentMoreThanOnce: [...carrier.calls.values()].filter((c) => c > 1).length,
      claimed: sum((s) => s.claimed),
      reclaimed: sum((s) => s.reclaimed),
      lostLeases: sum((s) => s.lostLeases),
    };
    console.log(`completion stress: ${JSON.stringify(report)}`);
    expect(report.duplicateCompleted).toBe(0);
    expect(perMessage).toHaveLength(n);
  }, 300_000);
});
