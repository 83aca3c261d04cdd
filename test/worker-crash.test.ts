// docs/delivery-and-results.md#the-dispatcher, crash safety with real processes: a worker SIGKILLed mid-delivery loses nothing —
// another worker reclaims its expired leases and every message is completed exactly once —
// and a worker asked to stop (SIGTERM) records what it has in hand before exiting.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../src/services/deps.ts";
import { sendMessage } from "../src/services/sending.ts";
import { until } from "./helpers/eventually.ts";
import { approvedSender, project } from "./helpers/fixtures.ts";
import { startGateway, type TestGateway } from "./helpers/harness.ts";
import { spawnWorker, type WorkerProcess } from "./helpers/worker.ts";

const numbers = (count: number, base: number) =>
  Array.from({ length: count }, (_, i) => `010${String(base + i).padStart(8, "0")}`);

describe("worker processes", () => {
  let gw: TestGateway;
  let projectId: string;
  const workers: WorkerProcess[] = [];
  const worker = (env: Record<string, string>) => {
    const w = spawnWorker(gw.db, env);
    workers.push(w);
    return w;
  };
  const send = async (to: string[]) => {
    const actor: Actor = { accountId: gw.demo.accountId, keyId: "test", role: "MEMBER" };
    return (
      await sendMessage(gw.app.deps, actor, {
        projectId,
        type: "SMS",
        contentType: "COMM",
        countryCode: "82",
        from: "0212345678",
        content: "hi",
        recipients: { list: to.map((n) => ({ to: n })) },
        invalidRecipients: "REFUSE_ALL",
      })
    ).requestId;
  };
  const count = (requestId: string, status: "READY" | "PROCESSING" | "COMPLETED") =>
    gw.app.deps.db.message.count({ where: { requestId, status } });

  beforeAll(async () => {
    gw = await startGateway({ env: { DISPATCHER: "false" } });
    await approvedSender(gw, gw.demo.accountId);
    projectId = (await project(gw, gw.demo.accountId)).id;
  });
  afterAll(async () => {
    for (const w of workers) w.kill("SIGKILL");
    await Promise.all(workers.map((w) => w.exited));
    await gw?.stop();
  });

  it("a SIGKILLed worker's messages are reclaimed after their lease by another worker; each completes exactly once, none is lost", {
    timeout: 60_000,
  }, async () => {
    const total = 300;
    const requestId = await send(numbers(total, 60_000_000));

    // A slow carrier and a small concurrency: the worker holds 40 messages at a time.
    const doomed = worker({
      CARRIER_LATENCY_MS: "3000",
      CARRIER_TIMEOUT_MS: "4000",
      LEASE_MS: "5000",
      DISPATCH_CONCURRENCY: "40",
      DISPATCH_BATCH_SIZE: "20",
    });
    const doomedOwner = await doomed.ready;
    await until(
      async () => (await count(requestId, "PROCESSING")) === 40,
      "the first worker to claim 40 messages",
      15_000,
    );
    doomed.kill("SIGKILL");
    expect((await doomed.exited).signal).toBe("SIGKILL");

    const stranded = await gw.app.deps.db.message.findMany({
      where: { requestId, status: "PROCESSING" },
      select: { id: true, leaseOwner: true, attempt: true },
    });
    expect(stranded).toHaveLength(40);
    expect(stranded.every((m) => m.leaseOwner === doomedOwner && m.attempt === 1)).toBe(true);
    expect(await count(requestId, "READY")).toBe(total - 40);

    const rescuer = worker({
      CARRIER_LATENCY_MS: "0",
      CARRIER_TIMEOUT_MS: "500",
      LEASE_MS: "1500",
    });
    const rescuerOwner = await rescuer.ready;
    await until(
      async () => (await count(requestId, "COMPLETED")) === total,
      "every message to be COMPLETED",
      30_000,
    );

    const messages = await gw.app.deps.db.message.findMany({ where: { requestId } });
    expect(messages).toHaveLength(total);
    for (const m of messages)
      expect(m).toMatchObject({
        status: "COMPLETED",
        result: "SUCCESS",
        resultCode: "0",
        leaseOwner: rescuerOwner,
      });
    const strandedIds = new Set(stranded.map((m) => m.id));
    for (const m of messages) expect(m.attempt).toBe(strandedIds.has(m.id) ? 2 : 1);

    const completedPerMessage = await gw.app.deps.db.messageStatusEvent.groupBy({
      by: ["messageId"],
      where: { requestId, status: "COMPLETED" },
      _count: { _all: true },
    });
    expect(completedPerMessage).toHaveLength(total);
    expect(completedPerMessage.every((g) => g._count._all === 1)).toBe(true);
    // One PROCESSING and one COMPLETED event per message, seq gapless across both workers.
    const events = await gw.app.deps.db.messageStatusEvent.findMany({
      where: { projectId },
      orderBy: { seq: "asc" },
    });
    expect(events.filter((e) => e.status === "PROCESSING")).toHaveLength(total);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 2 * total }, (_, i) => i + 1));

    rescuer.kill("SIGTERM");
    expect(await rescuer.exited).toEqual({ code: 0, signal: null });
  });

  it("on SIGTERM a worker stops claiming, records the results of the messages in hand, and exits 0", {
    timeout: 60_000,
  }, async () => {
    const total = 100;
    const requestId = await send(numbers(total, 61_000_000));
    const w = worker({
      CARRIER_LATENCY_MS: "1000",
      CARRIER_TIMEOUT_MS: "3000",
      LEASE_MS: "10000",
      DISPATCH_CONCURRENCY: "10",
      DISPATCH_BATCH_SIZE: "10",
    });
    await w.ready;
    await until(
      async () => (await count(requestId, "PROCESSING")) === 10,
      "the worker to claim 10 messages",
      15_000,
    );
    w.kill("SIGTERM");
    expect(await w.exited, w.output()).toEqual({ code: 0, signal: null });
    expect(w.output()).toContain("worker stopped");
    // Nothing left half-done: what it claimed is COMPLETED, the rest is still READY.
    expect(await count(requestId, "PROCESSING")).toBe(0);
    const completed = await count(requestId, "COMPLETED");
    expect(completed).toBeGreaterThanOrEqual(10);
    expect(completed + (await count(requestId, "READY"))).toBe(total);
  });
});
