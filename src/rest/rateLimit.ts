// Token buckets per REST access key (SENS answers 429 when a key calls too fast): each key
// may burst `burst` requests and then `ratePerSec` per second. In memory, per gateway
// process: with N instances behind a load balancer a key gets up to N times the rate.
import type { Clock } from "../clock.ts";

/** Past this many keys, buckets that have refilled completely are forgotten (they equal new ones). */
const SWEEP_ABOVE = 10_000;

export type Take = { ok: true } | { ok: false; retryAfterMs: number };

export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly ratePerSec: number,
    private readonly burst: number,
    private readonly clock: Clock,
  ) {}

  /** Takes one token from `key`'s bucket, or says how long until one is available. */
  take(key: string): Take {
    const now = this.clock.now().getTime();
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    // A clock that moved backwards refills nothing (and takes nothing away).
    bucket.tokens = Math.min(this.burst, bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * this.ratePerSec);
    bucket.at = now;
    if (this.buckets.size > SWEEP_ABOVE) this.sweep(now);
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return { ok: false, retryAfterMs: Math.ceil(((1 - bucket.tokens) / this.ratePerSec) * 1000) };
    bucket.tokens -= 1;
    return { ok: true };
  }

  private sweep(now: number): void {
    for (const [key, b] of this.buckets) {
      if (b.tokens + ((now - b.at) / 1000) * this.ratePerSec >= this.burst) this.buckets.delete(key);
    }
  }
}
