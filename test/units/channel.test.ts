// Unit tests of Channel (src/realtime/channel.ts), the push-to-pull iterator every
// subscription stream is made of: order, end and early return, backpressure, the
// synchronous poll() path the graphql-ws frame writer uses, and pushLatest.
import { describe, expect, it } from "vitest";
import { Channel } from "../../src/realtime/channel.ts";

describe("Channel", () => {
  it("hands items out in push order, to a waiting next() and from the queue alike", async () => {
    const c = new Channel<number>();
    const first = c.next();
    c.push(1);
    c.push(2);
    c.push(3);
    expect(await first).toEqual({ value: 1, done: false });
    expect(c.size).toBe(2);
    expect(await c.next()).toEqual({ value: 2, done: false });
    expect(await c.next()).toEqual({ value: 3, done: false });
  });

  it("end(): the consumer still gets what is queued, then done; onClose runs exactly once after the drain", async () => {
    let closed = 0;
    const c = new Channel<string>(() => closed++);
    c.push("a");
    c.push("b");
    c.end();
    c.push("ignored after end");
    expect(closed).toBe(0);
    const seen: string[] = [];
    for await (const v of c) seen.push(v);
    expect(seen).toEqual(["a", "b"]);
    expect(closed).toBe(1);
    expect(await c.next()).toEqual({ value: undefined, done: true });
    expect(closed).toBe(1);
  });

  it("return() takes effect at once, even while the consumer awaits next(), and drops the queue", async () => {
    let closed = 0;
    const c = new Channel<number>(() => closed++);
    const pending = c.next();
    await c.return();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(closed).toBe(1);
    c.push(1);
    expect(c.size).toBe(0);
    expect(c.isClosed).toBe(true);
  });

  it("waitForRoom resolves once the queue is below the mark, or when the channel closes", async () => {
    const c = new Channel<number>();
    for (let i = 0; i < 5; i++) c.push(i);
    let roomy = false;
    const room = c.waitForRoom(3).then(() => (roomy = true));
    await c.next();
    await c.next();
    await Promise.resolve();
    expect(roomy).toBe(false);
    await c.next();
    await room;
    expect(roomy).toBe(true);
    const blocked = c.waitForRoom(1);
    await c.return();
    await expect(blocked).resolves.toBeUndefined();
  });

  it("poll() and onChange(): a synchronous consumer sees each push in the producer's call", () => {
    const c = new Channel<number>();
    const taken: (number | string)[] = [];
    c.onChange(() => {
      for (;;) {
        const r = c.poll();
        if (r === "empty") return;
        if (r === "done") {
          taken.push("done");
          return;
        }
        taken.push(r.value);
      }
    });
    c.push(1);
    expect(taken).toEqual([1]);
    c.push(2);
    c.end();
    expect(taken).toEqual([1, 2, "done"]);
    expect(c.isClosed).toBe(true);
  });

  it("pushLatest keeps only the newest queued item", async () => {
    const c = new Channel<number>();
    c.pushLatest(1);
    c.pushLatest(2);
    c.pushLatest(3);
    expect(c.size).toBe(1);
    expect(await c.next()).toEqual({ value: 3, done: false });
    const waiting = c.next();
    c.pushLatest(4);
    expect(await waiting).toEqual({ value: 4, done: false });
  });

  it("compacts its storage: 100,000 items through a long-lived channel keep order", async () => {
    const c = new Channel<number>();
    let expected = 0;
    for (let round = 0; round < 100; round++) {
      for (let i = 0; i < 1000; i++) c.push(round * 1000 + i);
      for (let i = 0; i < 1000; i++) expect((await c.next()).value).toBe(expected++);
    }
    expect(c.size).toBe(0);
  });
});
