// Every environment variable the gateway reads, parsed and validated in one place.
// The README's configuration table mirrors `describeConfig()` below.
import { isAbsolute, join, resolve } from "node:path";
import { z } from "zod";

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const envSchema = z.object({
  HOST: z.string().default("0.0.0.0"),
  PORT: int(0, 65535).default(4000),
  DATA_DIR: z.string().default("./data"),
  DATABASE_URL: z.string().optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  CORS_ORIGINS: z.string().default("*"),
  GRAPHIQL: bool.default(true),
  DEMO_BOOTSTRAP: bool.default(true),
  MAX_REQUEST_BYTES: int(1024, 1024 * 1024 * 1024).default(12 * 1024 * 1024),
  GRAPHQL_MAX_DEPTH: int(2, 100).default(12),
  GRAPHQL_MAX_COMPLEXITY: int(10, 1_000_000).default(5000),
  GRAPHQL_MAX_ALIASES: int(1, 1000).default(30),
  GRAPHQL_MAX_TOKENS: int(100, 1_000_000).default(10_000),
  CARRIER: z.enum(["simulated"]).default("simulated"),
  CARRIER_LATENCY_MS: int(0, 60_000).default(200),
  CARRIER_FAILURE_RATE: z.coerce.number().min(0).max(1).default(0),
  CARRIER_SEED: z.string().optional(),
  CARRIER_TIMEOUT_MS: int(10, 600_000).default(10_000),
  DISPATCHER: bool.default(true),
  DISPATCH_BATCH_SIZE: int(1, 5000).default(500),
  DISPATCH_CONCURRENCY: int(1, 100_000).default(1000),
  DISPATCH_IDLE_MS: int(5, 60_000).default(100),
  DISPATCH_MAX_ATTEMPTS: int(1, 100).default(5),
  LEASE_MS: int(100, 3_600_000).default(30_000),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, "must start with redis:// or rediss://").optional(),
  REDIS_CHANNEL_PREFIX: z.string().regex(/^[A-Za-z0-9:_.-]{1,100}$/, "letters, digits and : _ . - only").default("smsgw"),
  SUBSCRIPTION_QUEUE_LIMIT: int(10, 10_000_000).default(10_000),
});

export type DatabaseConfig =
  | { provider: "sqlite"; file: string; url: string }
  | { provider: "postgresql"; url: string };

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  database: DatabaseConfig;
  logLevel: z.infer<typeof envSchema>["LOG_LEVEL"];
  corsOrigins: "*" | string[];
  graphiql: boolean;
  demoBootstrap: boolean;
  maxRequestBytes: number;
  limits: { depth: number; complexity: number; aliases: number; tokens: number };
  carrier: { kind: "simulated"; latencyMs: number; failureRate: number; seed: string | undefined };
  dispatch: DispatchConfig;
  /** Redis pub/sub for status events across processes; null = in-memory (one process). */
  redis: { url: string; channelPrefix: string } | null;
  subscriptionQueueLimit: number;
}

/** The delivery dispatcher (src/delivery/dispatcher.ts); see the README's "Delivery" section. */
export interface DispatchConfig {
  /** Run a dispatcher inside the gateway process (`npm run worker` runs one on its own). */
  enabled: boolean;
  batchSize: number;
  concurrency: number;
  idleMs: number;
  maxAttempts: number;
  leaseMs: number;
  carrierTimeoutMs: number;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

export function loadConfig(env: Record<string, string | undefined> = process.env, cwd = process.cwd()): Config {
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== "")));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  // A lease must outlive the longest carrier call plus the completion write, or a healthy
  // worker's messages would be reclaimed (and sent again) by another one.
  if (e.LEASE_MS < e.CARRIER_TIMEOUT_MS + 1000) {
    throw new ConfigError(`invalid configuration:\n  LEASE_MS: must be at least CARRIER_TIMEOUT_MS + 1000 (${e.CARRIER_TIMEOUT_MS + 1000})`);
  }
  const dataDir = isAbsolute(e.DATA_DIR) ? e.DATA_DIR : resolve(cwd, e.DATA_DIR);
  return {
    host: e.HOST,
    port: e.PORT,
    dataDir,
    database: parseDatabaseUrl(e.DATABASE_URL, dataDir, cwd),
    logLevel: e.LOG_LEVEL,
    corsOrigins: e.CORS_ORIGINS.trim() === "*" ? "*" : e.CORS_ORIGINS.split(",").map((s) => s.trim()).filter(Boolean),
    graphiql: e.GRAPHIQL,
    demoBootstrap: e.DEMO_BOOTSTRAP,
    maxRequestBytes: e.MAX_REQUEST_BYTES,
    limits: {
      depth: e.GRAPHQL_MAX_DEPTH,
      complexity: e.GRAPHQL_MAX_COMPLEXITY,
      aliases: e.GRAPHQL_MAX_ALIASES,
      tokens: e.GRAPHQL_MAX_TOKENS,
    },
    carrier: {
      kind: e.CARRIER,
      latencyMs: e.CARRIER_LATENCY_MS,
      failureRate: e.CARRIER_FAILURE_RATE,
      seed: e.CARRIER_SEED,
    },
    dispatch: {
      enabled: e.DISPATCHER,
      batchSize: e.DISPATCH_BATCH_SIZE,
      concurrency: e.DISPATCH_CONCURRENCY,
      idleMs: e.DISPATCH_IDLE_MS,
      maxAttempts: e.DISPATCH_MAX_ATTEMPTS,
      leaseMs: e.LEASE_MS,
      carrierTimeoutMs: e.CARRIER_TIMEOUT_MS,
    },
    redis: e.REDIS_URL ? { url: e.REDIS_URL, channelPrefix: e.REDIS_CHANNEL_PREFIX } : null,
    subscriptionQueueLimit: e.SUBSCRIPTION_QUEUE_LIMIT,
  };
}

/** `postgres://…`/`postgresql://…` selects PostgreSQL; `file:…` or nothing selects SQLite. */
export function parseDatabaseUrl(url: string | undefined, dataDir: string, cwd: string): DatabaseConfig {
  if (!url) {
    const file = join(dataDir, "gateway.db");
    return { provider: "sqlite", file, url: `file:${file}` };
  }
  if (/^postgres(ql)?:\/\//.test(url)) return { provider: "postgresql", url };
  if (url.startsWith("file:")) {
    const raw = url.slice("file:".length).replace(/^\/\//, "");
    const file = isAbsolute(raw) ? raw : resolve(cwd, raw);
    return { provider: "sqlite", file, url: `file:${file}` };
  }
  throw new ConfigError(`DATABASE_URL must start with file:, postgres:// or postgresql:// (got "${url.split(":")[0]}:…")`);
}
