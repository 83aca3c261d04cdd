// Token buckets per REST access key (SENS answers 429 when a key calls too fast): each key
// may burst `burst` requests and then `ratePerSec` per second. Without Redis the buckets live
// in the process; with REDIS_URL they live in Redis, updated by one atomic script per call,
// so every gateway instance behind a load balancer draws from the same bucket. Should Redis
// be unreachable, the process falls back to its own buckets rather than refusing or hanging
// (each instance then allows the full rate, as without Redis).
import type { Redis } from "ioredis";
import type { Clock } from "../clock.ts";
import type { Logger } from "../logger.ts";
import { connectRedis } from "../redis.ts";
import { withTimeout } from "../timeout.ts";

/** Past this many keys, buckets that have refilled completely are forgotten (they equal new ones). */
const SWEEP_ABOVE = 10_000;
/** A Redis answer slower than this counts as Redis being unavailable for this call. */
const REDIS_COMMAND_TIMEOUT_MS = 500;

export type Take = { ok: true } | { ok: false; retryAfterMs: number };

export interface RateLimiter {
  /** Takes one token from `key`'s bucket, or says how long until one is available. */
  take(key: string): Promise<Take>;
  close(): Promise<void>;
}

export interface BucketShape {
  ratePerSec: number;
  burst: number;
}

/** The refill rule both implementations follow: `tokens` after `elapsedMs` (none for a clock that went back). */
function refill(shape: BucketShape, tokens: number, elapsedMs: number): number {
  return Math.min(shape.burst, tokens + (Math.max(0, elapsedMs) / 1000) * shape.ratePerSec);
}

export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly shape: BucketShape,
    private readonly clock: Clock,
  ) {}

  take(key: string): Take {
    const now = this.clock.now().getTime();
    const bucket = this.buckets.get(key) ?? { tokens: this.shape.burst, at: now };
    bucket.tokens = refill(this.shape, bucket.tokens, now - bucket.at);
    bucket.at = Math.max(bucket.at, now);
    if (this.buckets.size > SWEEP_ABOVE) this.sweep(now);
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return { ok: false, retryAfterMs: Math.ceil(((1 - bucket.tokens) / this.shape.ratePerSec) * 1000) };
    bucket.tokens -= 1;
    return { ok: true };
  }

  private sweep(now: number): void {
    for (const [key, b] of this.buckets) {
      if (refill(this.shape, b.tokens, now - b.at) >= this.shape.burst) this.buckets.delete(key);
    }
  }
}

/**
 * The same rule as TokenBuckets, run inside Redis. KEYS[1] = the bucket (a hash of tokens and
 * at); ARGV = now (epoch ms), rate per second, burst. Returns {1, 0} or {0, retryAfterMs}.
 * The key expires once it would have refilled completely, so idle keys cost nothing.
 */
const TAKE_SCRIPT = `
local now = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local burst = tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
if now > at then
  tokens = math.min(burst, tokens + (now - at) / 1000 * rate)
  at = now
end
local ok, wait = 0, 0
if tokens >= 1 then
  tokens = tokens - 1
  ok = 1
else
  wait = math.ceil((1 - tokens) / rate * 1000)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(at))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return {ok, wait}
`;

type ScriptedRedis = Redis & { takeToken(key: string, now: number, rate: number, burst: number): Promise<[number, number]> };

class RedisTokenBuckets implements RateLimiter {
  private readonly fallback: TokenBuckets;

  constructor(
    private readonly redis: ScriptedRedis,
    private readonly keyPrefix: string,
    private readonly shape: BucketShape,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    this.fallback = new TokenBuckets(shape, clock);
  }

  async take(key: string): Promise<Take> {
    const now = this.clock.now().getTime();
    try {
      const [ok, wait] = await withTimeout(this.redis.takeToken(`${this.keyPrefix}${key}`, now, this.shape.ratePerSec, this.shape.burst), REDIS_COMMAND_TIMEOUT_MS);
      return ok === 1 ? { ok: true } : { ok: false, retryAfterMs: Math.max(1, wait) };
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, "REST rate limit: Redis unavailable, using this process's own buckets");
      return this.fallback.take(key);
    }
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** Buckets in Redis when `redis` is given (shared by every instance), else in this process. */
export async function createRateLimiter(
  shape: BucketShape,
  redis: { url: string; channelPrefix: string } | null,
  clock: Clock,
  logger: Logger,
): Promise<RateLimiter> {
  if (!redis) {
    const buckets = new TokenBuckets(shape, clock);
    return { take: async (key) => buckets.take(key), close: async () => undefined };
  }
  // No offline queue: while Redis is away a call fails at once and the fallback answers.
  const client = await connectRedis(redis.url, "rate-limit", logger, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  client.defineCommand("takeToken", { numberOfKeys: 1, lua: TAKE_SCRIPT });
  return new RedisTokenBuckets(client as ScriptedRedis, `${redis.channelPrefix}:rest-rate:`, shape, clock, logger);
}
