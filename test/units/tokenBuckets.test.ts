// Unit tests of TokenBuckets (src/rest/rateLimit.ts), the in-process rate limit of the SENS
// REST surface (per access key, and per client address for failed authentications): burst,
// refill by the injected clock, Retry-After, and the two memory bounds.
import { describe, expect, it } from "vitest";
import type { Clock } from "../../src/clock.ts";
import { TokenBuckets } from "../../src/rest/rateLimit.ts";

/** A clock that stands still until the test moves it. */
const clockAt = (ms: number): Clock & { set(d: Date): void } => {
  let t = ms;
  return { now: () => new Date(t), set: (d: Date) => void (t = d.getTime()) };
};

describe("TokenBuckets", () => {
  it("allows a burst, then refuses with the time until the next token, and refills at the rate", () => {
    const clock = clockAt(1_000_000);
    const b = new TokenBuckets({ ratePerSec: 2, burst: 3 }, clock);
    expect([b.take("k"), b.take("k"), b.take("k")]).toEqual([
      { ok: true },
      { ok: true },
      { ok: true },
    ]);
    expect(b.take("k")).toEqual({ ok: false, retryAfterMs: 500 });
    clock.set(new Date(1_000_250));
    expect(b.take("k")).toEqual({ ok: false, retryAfterMs: 250 });
    clock.set(new Date(1_000_500));
    expect(b.take("k")).toEqual({ ok: true });
    // Keys are independent.
    expect(b.take("other")).toEqual({ ok: true });
  });

  it("never holds more than the burst however long a key was idle, and a clock moving back refills nothing", () => {
    const clock = clockAt(0);
    const b = new TokenBuckets({ ratePerSec: 1, burst: 2 }, clock);
    b.take("k");
    b.take("k");
    clock.set(new Date(3_600_000));
    expect([b.take("k"), b.take("k"), b.take("k").ok]).toEqual([{ ok: true }, { ok: true }, false]);
    clock.set(new Date(1_000));
    expect(b.take("k").ok).toBe(false);
  });

  it("a look (cost 0) at an unknown key stores nothing", () => {
    const b = new TokenBuckets({ ratePerSec: 1, burst: 1 }, clockAt(0));
    expect(b.take("look", 0)).toEqual({ ok: true });
    expect(b.size).toBe(0);
  });

  it("forgets buckets that have refilled completely once it holds many", () => {
    const clock = clockAt(0);
    const b = new TokenBuckets({ ratePerSec: 10, burst: 1 }, clock, {
      sweepAbove: 100,
      max: 1_000,
    });
    for (let i = 0; i < 150; i++) b.take(`addr-${i}`);
    expect(b.size).toBe(150);
    clock.set(new Date(1_000)); // every bucket is full again
    b.take("newcomer");
    expect(b.size).toBe(1);
  });

  it("holds at most `max` buckets under a flood of distinct keys, dropping the least recently used", () => {
    const clock = clockAt(0);
    const b = new TokenBuckets({ ratePerSec: 0.001, burst: 1 }, clock, { sweepAbove: 10, max: 50 });
    b.take("regular");
    for (let i = 0; i < 500; i++) {
      b.take(`flood-${i}`);
      if (i % 10 === 0) b.take("regular"); // stays recently used
    }
    expect(b.size).toBe(50);
    // The regular key was kept (and is still limited); an early flood key was forgotten.
    expect(b.take("regular").ok).toBe(false);
    expect(b.take("flood-0")).toEqual({ ok: true });
  });
});
