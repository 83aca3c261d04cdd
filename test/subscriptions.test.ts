// docs/realtime.md live updates through the real server: graphql-ws and SSE, scoped by message,
// request or project, authenticated in connection_init, resumable by seq without gaps or
// duplicates, request progress, released listeners and the bounded per-subscriber queue.
import { encodeGlobalID } from "@pothos/plugin-relay";
import { describe, expect, it } from "vitest";
import { SimulatedCarrier } from "../src/delivery/simulated.ts";
import { project } from "./helpers/fixtures.ts";
import { startGateway, type TestGateway } from "./helpers/harness.ts";
import { until } from "./helpers/eventually.ts";
import { stallingProxy } from "./helpers/proxy.ts";
import { streamHarness } from "./helpers/streamHarness.ts";
import { sseSubscribe, type Collected } from "./helpers/ws.ts";

const STATUS = `
  subscription Status($projectId: ID, $requestId: ID, $messageId: ID, $afterSeq: Int) {
    messageStatusChanged(projectId: $projectId, requestId: $requestId, messageId: $messageId, afterSeq: $afterSeq) {
      seq messageId requestId projectId status statusName statusCode statusMessage telcoCode completeTime timestamp
    }
  }
`;
const PROGRESS = `
  subscription Progress($requestId: ID!) {
    requestProgress(requestId: $requestId) { requestId total ready processing completed success fail done }
  }
`;

interface StatusEventPayload {
  messageStatusChanged: {
    seq: number;
    messageId: string;
    requestId: string;
    projectId: string;
    status: "READY" | "PROCESSING" | "COMPLETED";
    statusName: string | null;
    statusCode: string | null;
    statusMessage: string | null;
    telcoCode: string | null;
    completeTime: string | null;
    timestamp: string;
  };
}
interface ProgressPayload {
  requestProgress: {
    requestId: string;
    total: number;
    ready: number;
    processing: number;
    completed: number;
    success: number;
    fail: number;
    done: boolean;
  };
}

const numbers = (count: number, base: number) =>
  Array.from({ length: count }, (_, i) => `010${String(base + i).padStart(8, "0")}`);
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);
const seqs = (c: Collected<StatusEventPayload>) => c.items.map((i) => i.messageStatusChanged.seq);
const gid = encodeGlobalID;

const harness = (env: Record<string, string> = {}) => streamHarness<StatusEventPayload>(env);

describe("messageStatusChanged over graphql-ws", () => {
  const h = harness();

  it("by requestId: PROCESSING then COMPLETED for each message of that request only, with global ids and result fields", async () => {
    const to = numbers(10, 50_000_000);
    const requestId = await h.send(to);
    const other = await h.send(numbers(3, 50_100_000));
    const base = h.listeners();
    const s = h.subscribe(STATUS, { requestId: gid("MessageRequest", requestId) });
    await h.listening(base);
    h.dispatch();
    await s.until((items) => items.length >= 20);
    await h.allCompleted(other);
    // A request stream ends after its last message's COMPLETED event: once it has ended,
    // nothing more can arrive, so an extra event would be among the items now.
    await s.finished;

    expect(s.errors).toEqual([]);
    const events = s.items.map((i) => i.messageStatusChanged);
    expect(events).toHaveLength(20);
    const messages = await h.ctx.gw.app.deps.db.message.findMany({ where: { requestId } });
    for (const m of messages) {
      const mine = events.filter((e) => e.messageId === gid("Message", m.id));
      expect(mine.map((e) => e.status)).toEqual(["PROCESSING", "COMPLETED"]);
      expect(mine[0]).toMatchObject({
        requestId: gid("MessageRequest", requestId),
        projectId: gid("Project", h.ctx.projectId),
        statusName: null,
        statusCode: null,
        telcoCode: null,
        completeTime: null,
      });
      expect(mine[1]).toMatchObject({
        statusName: "success",
        statusCode: "0",
        statusMessage: "success",
        telcoCode: SimulatedCarrier.telcoFor(m.to),
        completeTime: m.completeTime!.toISOString(),
      });
      expect(Date.parse(mine[1]!.timestamp)).toBeGreaterThanOrEqual(Date.parse(mine[0]!.timestamp));
    }
    // Strictly increasing (the other request's events interleave, so not contiguous here).
    expect(seqs(s)).toEqual([...seqs(s)].sort((a, b) => a - b));
    expect(new Set(seqs(s)).size).toBe(20);
  });

  it("by messageId: the message's PROCESSING and COMPLETED events, then the subscription completes", async () => {
    const requestId = await h.send(["01000000001", "01050200001"]);
    const target = await h.ctx.gw.app.deps.db.message.findFirstOrThrow({
      where: { requestId, to: "01000000001" },
    });
    const base = h.listeners();
    const s = h.subscribe(STATUS, { messageId: gid("Message", target.id) });
    await h.listening(base);
    h.dispatch();
    await s.finished;
    expect(s.errors).toEqual([]);
    expect(s.items.map((i) => i.messageStatusChanged)).toMatchObject([
      { messageId: gid("Message", target.id), status: "PROCESSING" },
      {
        messageId: gid("Message", target.id),
        status: "COMPLETED",
        statusName: "fail",
        statusCode: "3018",
      },
    ]);
    await until(() => h.listeners() === base, "the listener to be released");

    // Subscribing to a COMPLETED message: replays what is after afterSeq, then completes.
    const first = s.items[0]!.messageStatusChanged.seq;
    const again = h.subscribe(STATUS, { messageId: gid("Message", target.id), afterSeq: first });
    await again.finished;
    expect(again.items.map((i) => i.messageStatusChanged.status)).toEqual(["COMPLETED"]);
  });

  it("by project: every request's events, in seq order, contiguous", async () => {
    const p = (await project(h.ctx.gw, h.ctx.gw.demo.accountId, "whole")).id;
    const r1 = await h.send(numbers(5, 50_300_000), p);
    const r2 = await h.send(numbers(5, 50_400_000), p);
    const base = h.listeners();
    const s = h.subscribe(STATUS, { projectId: gid("Project", p) });
    await h.listening(base);
    h.dispatch({ batchSize: 3 });
    await s.until((items) => items.length >= 20);
    expect(seqs(s)).toEqual(range(1, 20));
    const requests = new Set(s.items.map((i) => i.messageStatusChanged.requestId));
    expect(requests).toEqual(new Set([gid("MessageRequest", r1), gid("MessageRequest", r2)]));
  });

  it("needs exactly one scope and a non-negative afterSeq", async () => {
    const none = h.subscribe(STATUS, {});
    const two = h.subscribe(STATUS, {
      projectId: gid("Project", h.ctx.projectId),
      requestId: gid("MessageRequest", "x"),
    });
    const negative = h.subscribe(STATUS, {
      projectId: gid("Project", h.ctx.projectId),
      afterSeq: -1,
    });
    await Promise.all([none.finished, two.finished, negative.finished]);
    expect(none.errors).toMatchObject([
      {
        message: "Give exactly one of projectId, requestId or messageId",
        extensions: { code: "VALIDATION_FAILED" },
      },
    ]);
    expect(two.errors).toMatchObject([{ extensions: { code: "VALIDATION_FAILED" } }]);
    expect(negative.errors).toMatchObject([{ extensions: { code: "VALIDATION_FAILED" } }]);
  });
});

describe("messageStatusChanged over Server-Sent Events", () => {
  const h = harness();

  it("streams the same events to an SSE client (Accept: text/event-stream)", async () => {
    const requestId = await h.send(numbers(4, 51_000_000));
    const base = h.listeners();
    const s = sseSubscribe<StatusEventPayload>(h.ctx.gw.url, h.ctx.gw.demo.memberKey, STATUS, {
      requestId: gid("MessageRequest", requestId),
    });
    h.ctx.streams.push(s as Collected<unknown>);
    await h.listening(base);
    h.dispatch();
    await s.until((items) => items.length >= 8);
    expect(s.errors).toEqual([]);
    expect(s.items.filter((i) => i.messageStatusChanged.status === "COMPLETED")).toHaveLength(4);
    expect(
      s.items.every((i) => i.messageStatusChanged.requestId === gid("MessageRequest", requestId)),
    ).toBe(true);

    // Closing the HTTP response releases the server-side listener.
    s.dispose();
    await until(() => h.listeners() === base, "the listener to be released");
  });

  it("refuses SSE subscriptions without a key", async () => {
    const res = await fetch(h.ctx.gw.url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream" },
      body: JSON.stringify({
        query: STATUS,
        variables: { projectId: gid("Project", h.ctx.projectId) },
      }),
    });
    const text = await res.text();
    expect(text).toContain("UNAUTHENTICATED");
    expect(text).not.toContain('messageStatusChanged":{');
  });
});

describe("authentication and tenancy", () => {
  const h = harness();

  it("closes sockets whose connection_init has no key or a bad key with 4403", async () => {
    for (const key of [null, "sgw_not_a_real_key"]) {
      const c = h.client(key, false);
      const s = h.subscribe(STATUS, { projectId: gid("Project", h.ctx.projectId) }, c);
      await s.finished;
      expect(c.closeCodes).toContain(4403);
      expect(s.items).toEqual([]);
    }
  });

  it("delivers nothing of another account: its project, request and message ids are NOT_FOUND", async () => {
    const requestId = await h.send(numbers(2, 52_000_000));
    const message = await h.ctx.gw.app.deps.db.message.findFirstOrThrow({ where: { requestId } });
    const stranger = await h.ctx.gw.newTenant("Stranger");
    const c = h.client(stranger.memberKey);
    const attempts = [
      h.subscribe(STATUS, { projectId: gid("Project", h.ctx.projectId) }, c),
      h.subscribe(STATUS, { requestId: gid("MessageRequest", requestId) }, c),
      h.subscribe(STATUS, { messageId: gid("Message", message.id), afterSeq: 0 }, c),
      h.subscribe<ProgressPayload>(PROGRESS, { requestId: gid("MessageRequest", requestId) }, c),
    ];
    h.dispatch();
    await h.allCompleted(requestId);
    await Promise.all(attempts.map((a) => a.finished));
    for (const a of attempts) {
      expect(a.items).toEqual([]);
      expect(a.errors).toMatchObject([{ extensions: { code: "NOT_FOUND" } }]);
    }
  });
});

describe("resume with afterSeq", () => {
  const h = harness();

  it("replays exactly the missed events from the log, then live ones, while live events arrive during the replay", async () => {
    const p = (await project(h.ctx.gw, h.ctx.gw.demo.accountId, "resume")).id;
    const c1 = h.client();
    let base = h.listeners();
    const first = h.subscribe(STATUS, { projectId: gid("Project", p) }, c1);
    await h.listening(base);

    // 1. Some events while connected.
    const r1 = await h.send(numbers(30, 53_000_000), p);
    h.dispatch({ batchSize: 7 });
    await first.until((items) => items.length >= 60);
    await h.allCompleted(r1);
    await h.stopDispatchers();
    expect(seqs(first)).toEqual(range(1, 60));
    const lastSeen = 60;

    // 2. Disconnect; many more happen meanwhile (more than one replay page).
    first.dispose();
    await c1.dispose();
    await until(() => h.listeners() === base, "the listener to be released");
    const r2 = await h.send(numbers(700, 53_100_000), p);
    h.dispatch({ batchSize: 100 });
    await h.allCompleted(r2);
    await h.stopDispatchers();

    // 3. Reconnect with afterSeq while a third request is being delivered: its live events
    //    arrive while the 1,400 missed ones are still being replayed.
    const r3 = await h.send(numbers(200, 53_900_000), p);
    base = h.listeners();
    const resumed = h.subscribe(STATUS, { projectId: gid("Project", p), afterSeq: lastSeen });
    await h.listening(base);
    h.dispatch({ batchSize: 10, latencyMs: 1 });
    const total = 60 + 1400 + 400;
    await resumed.until((items) => items.length >= total - lastSeen, 20_000);
    await h.allCompleted(r3);
    // No duplicates: one more message's two events get the next seqs, and the stream sends
    // in seq order, so once they are here a duplicate of anything earlier would be too.
    const last = await h.send(numbers(1, 53_999_999), p);
    await resumed.until((items) => items.length >= total - lastSeen + 2, 20_000);
    expect(resumed.errors).toEqual([]);
    expect(seqs(resumed)).toEqual(range(lastSeen + 1, total + 2));
    expect(resumed.items.slice(-2).map((i) => i.messageStatusChanged.requestId)).toEqual([
      gid("MessageRequest", last),
      gid("MessageRequest", last),
    ]);
  });

  it("fills a gap from the log when a live event skips ahead (e.g. a publish that was lost)", async () => {
    const p = (await project(h.ctx.gw, h.ctx.gw.demo.accountId, "gaps")).id;
    const r = await h.send(numbers(6, 54_000_000), p);
    const base = h.listeners();
    const s = h.subscribe(STATUS, { projectId: gid("Project", p) });
    await h.listening(base);
    // Swallow every other publish: only the log can provide those events.
    const bus = h.ctx.gw.app.deps.pubsub;
    const publish = bus.publish.bind(bus);
    let n = 0;
    bus.publish = (events) => {
      if (n++ % 2 === 0) publish(events);
    };
    try {
      h.dispatch({ batchSize: 1 });
      await h.allCompleted(r);
      await s.until((items) => items.length >= 12, 10_000);
    } finally {
      bus.publish = publish;
    }
    expect(seqs(s)).toEqual(range(1, 12));
  });

  it("scoped resume: only the request's events after afterSeq", async () => {
    const p = (await project(h.ctx.gw, h.ctx.gw.demo.accountId, "scoped")).id;
    const mine = await h.send(numbers(5, 55_000_000), p);
    const theirs = await h.send(numbers(5, 55_100_000), p);
    h.dispatch({ batchSize: 2 });
    await h.allCompleted(mine);
    await h.allCompleted(theirs);
    const stored = await h.ctx.gw.app.deps.db.messageStatusEvent.findMany({
      where: { requestId: mine },
      orderBy: { seq: "asc" },
    });
    const cut = stored[3]!.seq;
    const s = h.subscribe(STATUS, { requestId: gid("MessageRequest", mine), afterSeq: cut });
    // The request stream ends after the last COMPLETED event: everything it sends is here.
    await s.finished;
    expect(seqs(s)).toEqual(stored.slice(4).map((e) => e.seq));
  });
});

describe("requestProgress", () => {
  const h = harness();

  it("pushes counts by status until every message is COMPLETED, then ends", async () => {
    const requestId = await h.send([...numbers(8, 56_000_000), "01000000002"]);
    const base = h.listeners();
    const s = h.subscribe<ProgressPayload>(PROGRESS, {
      requestId: gid("MessageRequest", requestId),
    });
    await s.until((items) => items.length >= 1);
    expect(s.items[0]!.requestProgress).toEqual({
      requestId: gid("MessageRequest", requestId),
      total: 9,
      ready: 9,
      processing: 0,
      completed: 0,
      success: 0,
      fail: 0,
      done: false,
    });
    await h.listening(base);
    h.dispatch({ batchSize: 1, concurrency: 1, latencyMs: 60 });
    await s.finished;
    expect(s.errors).toEqual([]);
    const updates = s.items.map((i) => i.requestProgress);
    expect(updates.at(-1)).toEqual({
      requestId: gid("MessageRequest", requestId),
      total: 9,
      ready: 0,
      processing: 0,
      completed: 9,
      success: 8,
      fail: 1,
      done: true,
    });
    expect(updates.length).toBeGreaterThan(2);
    // Monotonic: completed never goes back, and only the last update is done.
    for (let i = 1; i < updates.length; i++)
      expect(updates[i]!.completed).toBeGreaterThanOrEqual(updates[i - 1]!.completed);
    expect(updates.filter((u) => u.done)).toHaveLength(1);
    await until(() => h.listeners() === base, "the listener to be released");
  });
});

describe("server-side resources", () => {
  const h = harness();

  it("releases the pub/sub listener when a client unsubscribes or its socket closes", async () => {
    const base = h.listeners();
    const c = h.client();
    const a = h.subscribe(STATUS, { projectId: gid("Project", h.ctx.projectId) }, c);
    const b = h.subscribe<ProgressPayload>(
      PROGRESS,
      { requestId: gid("MessageRequest", await h.send(numbers(1, 57_000_000))) },
      c,
    );
    await h.listening(base, 2);
    await b.until((items) => items.length >= 1);
    a.dispose();
    await until(() => h.listeners() === base + 1, "one listener to be released");
    await c.dispose(); // the whole socket goes away with b still open
    await until(() => h.listeners() === base, "the listener to be released");
    expect(h.listeners()).toBe(base);
  });
});

describe("bounded subscriber queue (SUBSCRIPTION_QUEUE_LIMIT)", () => {
  const h = harness({ SUBSCRIPTION_QUEUE_LIMIT: "10" });

  it("a client that keeps reading gets a burst larger than the queue in full: frames go straight to its socket", async () => {
    const p = (await project(h.ctx.gw, h.ctx.gw.demo.accountId, "burst")).id;
    const r = await h.send(numbers(60, 57_000_000), p);
    const base = h.listeners();
    const s = h.subscribe(STATUS, { projectId: gid("Project", p) });
    await h.listening(base);
    // One claim publishes 50 PROCESSING events at once: five times the limit of 10.
    h.dispatch({ batchSize: 50 });
    await s.until((items) => items.length >= 120);
    await h.allCompleted(r);
    expect(s.errors).toEqual([]);
    expect(seqs(s)).toEqual(range(1, 120));
  });

  it("ends the subscription of a client that stopped reading with SUBSCRIPTION_OVERFLOW and the seq to resume from; resuming loses nothing", async () => {
    const p = (await project(h.ctx.gw, h.ctx.gw.demo.accountId, "flood")).id;
    const proxy = await stallingProxy(h.ctx.gw.url);
    let second: TestGateway | undefined;
    try {
      const base = h.listeners();
      const s = h.subscribe(
        STATUS,
        { projectId: gid("Project", p) },
        h.client(h.ctx.gw.demo.memberKey, false, proxy.url),
      );
      await h.listening(base);
      // The client's network stalls: once the socket buffers between gateway and client are
      // full (up to ~4 MB on Linux loopback), the gateway's writes stop and the events queue.
      proxy.stall();
      const count = 12_000; // 24,000 events of ~450 bytes: more than twice what the buffers hold
      const r = await h.send(numbers(count, 58_000_000), p);
      h.dispatch({ batchSize: 500 });
      // The stream is cut off on the server while the client is still stalled.
      await until(() => h.listeners() === base, "the stream to be cut off", 60_000);
      await h.allCompleted(r);
      proxy.resume();
      await s.finished;
      expect(s.errors).toHaveLength(1);
      const error = s.errors[0] as {
        message: string;
        extensions: { code: string; resumeAfterSeq: number | null };
      };
      expect(error.extensions.code).toBe("SUBSCRIPTION_OVERFLOW");
      expect(error.message).toMatch(/resubscribe with afterSeq/);
      const lastReceived = s.items.at(-1)?.messageStatusChanged.seq ?? null;
      expect(error.extensions.resumeAfterSeq).toBe(lastReceived);
      expect(s.items.length).toBeLessThan(2 * count);

      // Resume on a second gateway of the same database with the default queue limit: with
      // a limit of 10 the replay reads 5 rows per query, thousands of round trips that a
      // loaded machine stretches past any timeout. Every event is in the log by now.
      second = await startGateway({
        database: h.ctx.gw.db,
        demo: h.ctx.gw.demo,
        env: { DISPATCHER: "false" },
      });
      const resumed = h.subscribe(
        STATUS,
        { projectId: gid("Project", p), afterSeq: lastReceived ?? 0 },
        h.client(h.ctx.gw.demo.memberKey, true, second.url),
      );
      await resumed.until((items) => items.length >= 2 * count - (lastReceived ?? 0), 60_000);
      expect([...seqs(s), ...seqs(resumed)]).toEqual(range(1, 2 * count));
    } finally {
      await proxy.close();
      await second?.stop();
    }
    // 24,000 events through a stalled socket and back: 15–28 s alone on a busy 2-core
    // machine, so the default 30 s would make the test depend on the machine's load.
  }, 120_000);
});
