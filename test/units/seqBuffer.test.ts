// Unit tests of SeqBuffer (src/realtime/seqBuffer.ts): live events a status stream heard
// but has not handled, kept in seq order whatever order they arrive in, duplicates dropped.
import { describe, expect, it } from "vitest";
import type { StatusEvent } from "../../src/realtime/events.ts";
import { SeqBuffer } from "../../src/realtime/seqBuffer.ts";

const event = (seq: number): StatusEvent =>
  ({
    seq,
    accountId: "a",
    projectId: "p",
    requestId: "r",
    messageId: `m${seq}`,
    status: "PROCESSING",
    result: null,
    resultCode: null,
    resultMessage: null,
    telcoCode: null,
    completeTime: null,
    createdAt: new Date(0),
  }) as StatusEvent;

const drain = (b: SeqBuffer) => {
  const out: number[] = [];
  for (let e = b.peek(); e; e = b.peek()) {
    out.push(e.seq);
    b.shift();
  }
  return out;
};

describe("SeqBuffer", () => {
  it("keeps events sorted by seq when they arrive out of order", () => {
    const b = new SeqBuffer();
    for (const seq of [5, 3, 4, 9, 1, 7]) b.insert(event(seq));
    expect(b.size).toBe(6);
    expect(drain(b)).toEqual([1, 3, 4, 5, 7, 9]);
    expect(b.size).toBe(0);
  });

  it("drops an event it already holds (the same publish heard twice)", () => {
    const b = new SeqBuffer();
    for (const seq of [1, 2, 2, 3, 1]) b.insert(event(seq));
    expect(drain(b)).toEqual([1, 2, 3]);
  });

  it("inserts after shifted items correctly, and clear() empties it", () => {
    const b = new SeqBuffer();
    b.insert(event(10));
    b.insert(event(11));
    b.shift();
    b.insert(event(12));
    b.insert(event(8)); // older than the head: still ordered among what is left
    expect(drain(b)).toEqual([8, 11, 12]);
    b.insert(event(1));
    b.clear();
    expect(b.size).toBe(0);
    expect(b.peek()).toBeUndefined();
  });

  it("stays ordered across its compaction (more than 1,024 shifted items)", () => {
    const b = new SeqBuffer();
    const seen: number[] = [];
    for (let seq = 1; seq <= 5000; seq++) {
      b.insert(event(seq));
      if (seq % 3 === 0) {
        seen.push(b.peek()!.seq);
        b.shift();
      }
    }
    seen.push(...drain(b));
    expect(seen).toEqual(Array.from({ length: 5000 }, (_, i) => i + 1));
  });
});
