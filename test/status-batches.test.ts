// messageStatusBatches through the real server (graphql-ws and SSE): the events of
// messageStatusChanged, several per payload — in seq order, nothing missed or repeated
// across a resume from `lastSeq`, ending after the request's last COMPLETED, another
// account's ids NOT_FOUND, and a stalled client cut off with SUBSCRIPTION_OVERFLOW whose
// resumeAfterSeq is the last batch it received.
import { encodeGlobalID as gid } from "@pothos/plugin-relay";
import { describe, expect, it } from "vitest";
import { readStatusEvents } from "../src/realtime/events.ts";
import type { EventBus } from "../src/realtime/pubsub.ts";
import { openStatusStream } from "../src/realtime/resume.ts";
import { until } from "./helpers/eventually.ts";
import { project } from "./helpers/fixtures.ts";
import { stallingProxy } from "./helpers/proxy.ts";
import { streamHarness } from "./helpers/streamHarness.ts";
import { sseSubscribe, type Collected, type WsClient } from "./helpers/ws.ts";

const BATCHES = `
  subscription Batches($projectId: ID, $requestId: ID, $messageId: ID, $afterSeq: Int, $maxEvents: Int) {
    messageStatusBatches(projectId: $projectId, requestId: $requestId, messageId: $messageId, afterSeq: $afterSeq, maxEvents: $maxEvents) {
      firstSeq lastSeq
      events { seq messageId requestId projectId status statusName statusCode statusMessage telcoCode completeTime timestamp }
    }
  }
`;

/** The same events eight times over (aliases): a stalled socket's buffers fill with few events. */
const BULKY = `
  subscription Bulky($projectId: ID) {
    messageStatusBatches(projectId: $projectId) {
      firstSeq lastSeq
      events { seq messageId requestId projectId status statusName statusCode statusMessage telcoCode completeTime timestamp }
      ${Array.from({ length: 7 }, (_, i) => `e${i}: events { messageId requestId projectId statusMessage timestamp }`).join(" ")}
    }
  }
`;

interface Batch {
  firstSeq: number;
  lastSeq: number;
  events: { seq: number; messageId: string; requestId: string; status: string }[];
}
type Payload = { messageStatusBatches: Batch };

const numbers = (count: number, base: number) =>
  Array.from({ length: count }, (_, i) => `010${String(base + i).padStart(8, "0")}`);
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);
const batches = (c: Collected<Payload>) => c.items.map((i) => i.messageStatusBatches);
const seqs = (c: Collected<Payload>) => batches(c).flatMap((b) => b.events.map((e) => e.seq));
/** Events received so far (cheap enough to check on every payload). */
const received = (items: Payload[]) => {
  let n = 0;
  for (const i of items) n += i.messageStatusBatches.events.length;
  return n;
};

/** Every batch is in order, non-empty, within maxEvents, and its firstSeq/lastSeq are its ends. */
function expectWellFormed(c: Collected<Payload>, maxEvents: number) {
  for (const b of batches(c)) {
    expect(b.events.length).toBeGreaterThan(0);
    expect(b.events.length).toBeLessThanOrEqual(maxEvents);
    expect(b.firstSeq).toBe(b.events[0]!.seq);
    expect(b.lastSeq).toBe(b.events.at(-1)!.seq);
  }
  const all = seqs(c);
  expect(all).toEqual([...all].sort((a, b) => a - b));
  expect(new Set(all).size).toBe(all.length);
}

/** The shared stream harness, with this file's defaults: batches, 50 per claim, eager clients. */
function harness(env: Record<string, string> = {}) {
  const h = streamHarness<Payload>(env);
  return {
    ...h,
    dispatch: (batchSize = 50) => h.dispatch({ batchSize }),
    subscribe: (variables: Record<string, unknown>, client?: WsClient, query = BATCHES) =>
      h.subscribe(query, variables, client),
    client: (key: string, url?: string) => h.client(key, false, url),
    stored: (requestId: string) =>
      h.ctx.gw.app.deps.db.messageStatusEvent.findMany({
        where: { requestId },
        orderBy: { seq: "asc" },
        select: { seq: true },
      }),
  };
}

describe("messageStatusBatches over graphql-ws", () => {
  const h = harness();

  it("by requestId: every event of the request once, in order, several per batch, then the end after the last COMPLETED", async () => {
    const mine = await h.send(numbers(300, 61_000_000));
    const theirs = await h.send(numbers(20, 61_100_000));
    const s = h.subscribe({ requestId: gid("MessageRequest", mine) });
    h.dispatch(50);
    await s.finished; // the server ends the stream by itself
    await h.allCompleted(theirs);
    expect(s.errors).toEqual([]);
    expectWellFormed(s, 1000);
    expect(seqs(s)).toEqual((await h.stored(mine)).map((e) => e.seq));
    const events = batches(s).flatMap((b) => b.events);
    expect(events).toHaveLength(600);
    expect(new Set(events.map((e) => e.requestId))).toEqual(new Set([gid("MessageRequest", mine)]));
    expect(events.at(-1)!.status).toBe("COMPLETED");
    // Coalesced: one claim publishes its 50 PROCESSING events at once, and they travel together.
    expect(Math.max(...batches(s).map((b) => b.events.length))).toBeGreaterThanOrEqual(50);
    expect(batches(s).length).toBeLessThan(events.length);
  });

  it("resumes from the lastSeq of the last batch received with no gap and no duplicate; maxEvents bounds every batch", async () => {
    const r = await h.send(numbers(120, 62_000_000));
    h.dispatch(40);
    await h.allCompleted(r);
    await h.stopDispatchers();
    const stored = (await h.stored(r)).map((e) => e.seq);

    // A replay of 240 stored events in batches of at most 7; leave after a few. The client
    // may have more batches in hand by then: it resumes after the third, as one that had
    // seen only three would.
    const first = h.subscribe({ requestId: gid("MessageRequest", r), maxEvents: 7 });
    await first.until((items) => items.length >= 3);
    first.dispose();
    expectWellFormed(first, 7);
    const kept = batches(first).slice(0, 3);
    const lastSeq = kept.at(-1)!.lastSeq;
    expect(lastSeq).toBeLessThan(stored.at(-1)!);

    const resumed = h.subscribe({
      requestId: gid("MessageRequest", r),
      afterSeq: lastSeq,
      maxEvents: 7,
    });
    await resumed.finished;
    expect(resumed.errors).toEqual([]);
    expectWellFormed(resumed, 7);
    expect(seqs(resumed)[0]).toBeGreaterThan(lastSeq);
    const before = kept.flatMap((b) => b.events.map((e) => e.seq));
    expect([...before, ...seqs(resumed)]).toEqual(stored);
  });

  it("by project, live: every event in seq order, contiguous", async () => {
    const p = (await project(h.ctx.gw, h.ctx.gw.demo.accountId, "batches-live")).id;
    const base = h.listeners();
    const s = h.subscribe({ projectId: gid("Project", p) });
    await until(() => h.listeners() > base, "the subscription to be live");
    const r = await h.send(numbers(80, 63_000_000), p);
    h.dispatch(30);
    await h.allCompleted(r);
    await s.until((items) => received(items) >= 160);
    expectWellFormed(s, 1000);
    expect(seqs(s)).toEqual(range(1, 160));
  });

  it("refuses maxEvents outside 1–10,000 and a negative afterSeq with VALIDATION_FAILED", async () => {
    const projectId = gid("Project", h.ctx.projectId);
    const attempts = [
      h.subscribe({ projectId, maxEvents: 0 }),
      h.subscribe({ projectId, maxEvents: 10_001 }),
      h.subscribe({ projectId, afterSeq: -1 }),
      h.subscribe({}),
    ];
    await Promise.all(attempts.map((a) => a.finished));
    for (const a of attempts) {
      expect(a.items).toEqual([]);
      expect(a.errors).toMatchObject([{ extensions: { code: "VALIDATION_FAILED" } }]);
    }
  });

  it("delivers nothing of another account: its project, request and message ids are NOT_FOUND", async () => {
    const r = await h.send(numbers(2, 64_000_000));
    const message = await h.ctx.gw.app.deps.db.message.findFirstOrThrow({
      where: { requestId: r },
    });
    const stranger = await h.ctx.gw.newTenant("Stranger");
    const c = h.client(stranger.memberKey);
    const attempts = [
      h.subscribe({ projectId: gid("Project", h.ctx.projectId) }, c),
      h.subscribe({ requestId: gid("MessageRequest", r) }, c),
      h.subscribe({ messageId: gid("Message", message.id), afterSeq: 0 }, c),
    ];
    h.dispatch();
    await h.allCompleted(r);
    await Promise.all(attempts.map((a) => a.finished));
    for (const a of attempts) {
      expect(a.items).toEqual([]);
      expect(a.errors).toMatchObject([{ extensions: { code: "NOT_FOUND" } }]);
    }
  });
});

describe("messageStatusBatches over Server-Sent Events", () => {
  const h = harness();

  it("streams the same batches to an SSE client and ends after the message's COMPLETED", async () => {
    const r = await h.send(numbers(1, 65_000_000));
    const message = await h.ctx.gw.app.deps.db.message.findFirstOrThrow({
      where: { requestId: r },
    });
    const s = sseSubscribe<Payload>(h.ctx.gw.url, h.ctx.gw.demo.memberKey, BATCHES, {
      messageId: gid("Message", message.id),
    });
    h.dispatch();
    await s.finished;
    expect(s.errors).toEqual([]);
    expectWellFormed(s, 1000);
    const events = batches(s).flatMap((b) => b.events);
    expect(events.map((e) => e.status)).toEqual(["PROCESSING", "COMPLETED"]);
  });
});

describe("messageStatusBatches and the bounded subscriber queue (SUBSCRIPTION_QUEUE_LIMIT)", () => {
  const h = harness({ SUBSCRIPTION_QUEUE_LIMIT: "10" });

  it("a client that keeps reading gets a burst larger than the queue in full", async () => {
    const p = (await project(h.ctx.gw, h.ctx.gw.demo.accountId, "batches-burst")).id;
    const r = await h.send(numbers(60, 66_000_000), p);
    const base = h.listeners();
    const s = h.subscribe({ projectId: gid("Project", p) });
    await until(() => h.listeners() > base, "the subscription to be live");
    // One claim publishes 50 PROCESSING events at once: five times the limit of 10.
    h.dispatch(50);
    await h.allCompleted(r);
    await s.until((items) => received(items) >= 120);
    expect(s.errors).toEqual([]);
    expect(seqs(s)).toEqual(range(1, 120));
  });

  it("a stalled client is cut off with SUBSCRIPTION_OVERFLOW after its last batch; resuming from it loses nothing", async () => {
    const p = (await project(h.ctx.gw, h.ctx.gw.demo.accountId, "batches-flood")).id;
    const proxy = await stallingProxy(h.ctx.gw.url);
    try {
      const base = h.listeners();
      const s = h.subscribe(
        { projectId: gid("Project", p) },
        h.client(h.ctx.gw.demo.memberKey, proxy.url),
        BULKY,
      );
      await until(() => h.listeners() > base, "the subscription to be live");
      // Once the socket buffers between gateway and client are full (a few MB on Linux
      // loopback), the gateway's writes stop and the events queue until the limit.
      proxy.stall();
      const count = 4_000; // 8,000 events of ~3 kB (BULKY): several times what the buffers hold
      const r = await h.send(numbers(count, 67_000_000), p);
      h.dispatch(500);
      await until(() => h.listeners() === base, "the stream to be cut off", 60_000);
      await h.allCompleted(r);
      proxy.resume();
      await s.finished;
      expect(s.errors).toHaveLength(1);
      const error = s.errors[0] as { extensions: { code: string; resumeAfterSeq: number | null } };
      expect(error.extensions.code).toBe("SUBSCRIPTION_OVERFLOW");
      const lastSeq = batches(s).at(-1)?.lastSeq ?? null;
      expect(error.extensions.resumeAfterSeq).toBe(lastSeq);
      expectWellFormed(s, 1000);
      expect(seqs(s).length).toBeLessThan(2 * count);

      const resumed = h.subscribe({ projectId: gid("Project", p), afterSeq: lastSeq ?? 0 });
      const rest = 2 * count - (lastSeq ?? 0);
      await resumed.until((items) => received(items) >= rest, 60_000);
      expect([...seqs(s), ...seqs(resumed)]).toEqual(range(1, 2 * count));
    } finally {
      await proxy.close();
    }
    // Thousands of events through a stalled socket and a replay in pages of five (the queue
    // limit of 10): many seconds on a busy 2-core machine.
  }, 120_000);
});

describe("the status stream underneath both subscriptions", () => {
  const h = harness();

  it("an event heard between listening and reading the log's head is delivered once", async () => {
    const p = (await project(h.ctx.gw, h.ctx.gw.demo.accountId, "window")).id;
    const r = await h.send(numbers(1, 68_000_000), p);
    h.dispatch();
    await h.allCompleted(r);
    await h.stopDispatchers();
    const deps = h.ctx.gw.app.deps;
    const scope = { accountId: h.ctx.gw.demo.accountId, projectId: p };
    const [first] = await readStatusEvents(deps.db, scope, 0, 1, 1);
    // A late publish of seq 1 that reaches the new listener before the stream has read where
    // the log stands (the window between subscribing and reading the head).
    const pubsub: EventBus = Object.create(deps.pubsub);
    pubsub.subscribe = async (projectId, listener) => {
      const unsubscribe = await deps.pubsub.subscribe(projectId, listener);
      listener([first!]);
      return unsubscribe;
    };
    const stream = await openStatusStream({ ...deps, pubsub }, scope, {
      afterSeq: 0,
      queueLimit: 100,
    });
    const seen: number[] = [];
    for await (const item of stream) {
      if ("seq" in item) seen.push(item.seq);
      if (seen.at(-1) === 2) break;
    }
    expect(seen).toEqual([1, 2]);
  });
});
