// Token buckets per REST access key (SENS answers 429 when a key calls too fast): each key
// may burst `burst` requests and then `ratePerSec` per second. A second set of buckets
// counts failed authentications per client address, so guessing access keys or signatures
// costs time (src/rest/authGuard.ts). Without Redis the buckets live
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
/** Buckets kept at most, full or not (~100 bytes each). */
const MAX_BUCKETS = 100_000;
/** A Redis answer slower than this counts as Redis being unavailable for this call. */
const REDIS_COMMAND_TIMEOUT_MS = 500;

export type Take = { ok: true } | { ok: false; retryAfterMs: number };

export interface RateLimiter {
  /** Takes one token from access key `key`'s bucket, or says how long until one is available. */
  take(key: string): Promise<Take>;
  /** Buckets of failed authentications, keyed by client address. */
  readonly failedAuth: Buckets;
  close(): Promise<void>;
}

/** One family of buckets. `cost` 0 only looks: ok while a token is left, nothing taken. */
export interface Buckets {
  take(key: string, cost?: number): Promise<Take>;
}

/** SENS_REST_RATE_*, and SENS_REST_FAILED_AUTH_* for `failedAuth`. */
export interface RateLimits extends BucketShape {
  failedAuth: BucketShape;
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
  /** In least-recently-used order: a key is moved to the end whenever it is taken from. */
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly shape: BucketShape,
    private readonly clock: Clock,
    private readonly bounds = { sweepAbove: SWEEP_ABOVE, max: MAX_BUCKETS },
  ) {}

  /** Buckets held in memory now. */
  get size(): number {
    return this.buckets.size;
  }

  take(key: string, cost = 1): Take {
    const now = this.clock.now().getTime();
    // Looking at an unknown key stores nothing: most addresses never fail to authenticate.
    if (cost === 0 && !this.buckets.has(key)) return { ok: true };
    const bucket = this.buckets.get(key) ?? { tokens: this.shape.burst, at: now };
    bucket.tokens = refill(this.shape, bucket.tokens, now - bucket.at);
    bucket.at = Math.max(bucket.at, now);
    if (this.buckets.size > this.bounds.sweepAbove) this.sweep(now);
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    // Hard bound, for a flood of distinct keys (addresses) none of which refills in time:
    // the least recently used go first. Forgetting a bucket only hands that key a new burst.
    for (const oldest of this.buckets.keys()) {
      if (this.buckets.size <= this.bounds.max) break;
      this.buckets.delete(oldest);
    }
    if (bucket.tokens < 1)
      return {
        ok: false,
        retryAfterMs: Math.ceil(((1 - bucket.tokens) / this.shape.ratePerSec) * 1000),
      };
    bucket.tokens -= cost;
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
 * at); ARGV = now (epoch ms), rate per second, burst, cost. Returns {1, 0} or {0, retryAfterMs}.
 * The key expires once it would have refilled completely, so idle keys cost nothing; a look
 * (cost 0) writes nothing.
 */
const TAKE_SCRIPT = `
local now = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local burst = tonumber(ARGV[3])
local cost = tonumber(ARGV[4])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
if now > at then
  tokens = math.min(burst, tokens + (now - at) / 1000 * rate)
  at = now
end
local ok, wait = 0, 0
if tokens >= 1 then
  tokens = tokens - cost
  ok = 1
else
  wait = math.ceil((1 - tokens) / rate * 1000)
end
if cost > 0 then
  redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(at))
  redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
end
return {ok, wait}
`;

type ScriptedRedis = Redis & {
  takeToken(
    key: string,
    now: number,
    rate: number,
    burst: number,
    cost: number,
  ): Promise<[number, number]>;
};

class RedisTokenBuckets implements Buckets {
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

  async take(key: string, cost = 1): Promise<Take> {
    const now = this.clock.now().getTime();
    try {
      const [ok, wait] = await withTimeout(
        this.redis.takeToken(
          `${this.keyPrefix}${key}`,
          now,
          this.shape.ratePerSec,
          this.shape.burst,
          cost,
        ),
        REDIS_COMMAND_TIMEOUT_MS,
      );
      return ok === 1 ? { ok: true } : { ok: false, retryAfterMs: Math.max(1, wait) };
    } catch (err) {
      this.logger.warn(
        { err: (err as Error).message },
        "REST rate limit: Redis unavailable, using this process's own buckets",
      );
      return this.fallback.take(key, cost);
    }
  }
}

function memoryBuckets(shape: BucketShape, clock: Clock): Buckets {
  const buckets = new TokenBuckets(shape, clock);
  return { take: async (key, cost) => buckets.take(key, cost) };
}

/** Buckets in Redis when `redis` is given (shared by every instance), else in this process. */
export async function createRateLimiter(
  limits: RateLimits,
  redis: { url: string; channelPrefix: string } | null,
  clock: Clock,
  logger: Logger,
): Promise<RateLimiter> {
  const perKey: BucketShape = { ratePerSec: limits.ratePerSec, burst: limits.burst };
  if (!redis) {
    const keys = memoryBuckets(perKey, clock);
    return {
      take: (key) => keys.take(key),
      failedAuth: memoryBuckets(limits.failedAuth, clock),
      close: async () => undefined,
    };
  }
  // No offline queue: while Redis is away a call fails at once and the fallback answers.
  const client = (await connectRedis(redis.url, "rate-limit", logger, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
  })) as ScriptedRedis;
  client.defineCommand("takeToken", { numberOfKeys: 1, lua: TAKE_SCRIPT });
  const keys = new RedisTokenBuckets(
    client,
    `${redis.channelPrefix}:rest-rate:`,
    perKey,
    clock,
    logger,
  );
  return {
    take: (key) => keys.take(key),
    failedAuth: new RedisTokenBuckets(
      client,
      `${redis.channelPrefix}:rest-auth-fail:`,
      limits.failedAuth,
      clock,
      logger,
    ),
    close: async () => {
      await client.quit().catch(() => client.disconnect());
    },
  };
}
