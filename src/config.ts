// Every environment variable the gateway reads, parsed and validated in one place.
// The README's configuration table lists every one (test/config.test.ts checks it).
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
  CARRIER: z.enum(["simulated", "sens"]).default("simulated"),
  CARRIER_LATENCY_MS: int(0, 60_000).default(200),
  CARRIER_FAILURE_RATE: z.coerce.number().min(0).max(1).default(0),
  CARRIER_SEED: z.string().optional(),
  CARRIER_TIMEOUT_MS: int(10, 600_000).default(10_000),
  SENS_BASE_URL: z
    .string()
    .regex(/^https?:\/\/[^\s/?#]+[^\s?#]*$/, "must be an http:// or https:// URL (no query)")
    .default("https://sens.apigw.ntruss.com"),
  SENS_ACCESS_KEY: z.string().optional(),
  SENS_SECRET_KEY: z.string().optional(),
  SENS_SERVICE_ID: z
    .string()
    .regex(/^[A-Za-z0-9:_.-]{1,200}$/, "letters, digits and : _ . - only")
    .optional(),
  SENS_POLL_INTERVAL_MS: int(10, 600_000).default(1000),
  SENS_POLL_TIMEOUT_MS: int(100, 7 * 24 * 3_600_000).default(600_000),
  SENS_MAX_RETRIES: int(0, 10).default(4),
  DISPATCHER: bool.default(true),
  DISPATCH_BATCH_SIZE: int(1, 5000).default(500),
  DISPATCH_CONCURRENCY: int(1, 100_000).default(1000),
  DISPATCH_IDLE_MS: int(5, 60_000).default(100),
  DISPATCH_MAX_ATTEMPTS: int(1, 100).default(5),
  LEASE_MS: int(100, 3_600_000).default(30_000),
  SCHEDULER_POLL_MS: int(10, 600_000).default(1000),
  SCHEDULER_GRACE_MS: int(1000, 7 * 24 * 3_600_000).default(10 * 60_000),
  SCHEDULER_BATCH_SIZE: int(1, 5000).default(500),
  CLOCK_OFFSET_MS: z.coerce.number().int().default(0),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "must start with redis:// or rediss://")
    .optional(),
  REDIS_CHANNEL_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_.-]{1,100}$/, "letters, digits and : _ . - only")
    .default("smsgw"),
  SUBSCRIPTION_QUEUE_LIMIT: int(10, 10_000_000).default(10_000),
  WS_MAX_PAYLOAD_BYTES: int(1024, 100 * 1024 * 1024).default(64 * 1024),
  WS_CONNECTION_INIT_TIMEOUT_MS: int(10, 60_000).default(3000),
  SUBSCRIPTIONS_PER_SOCKET: int(1, 100_000).default(100),
  SUBSCRIPTIONS_PER_ACCOUNT: int(1, 1_000_000).default(2000),
  KEY_RECHECK_MS: int(10, 3_600_000).default(30_000),
  METRICS_PORT: int(0, 65535).default(0),
  SECRET_KEY: z.string().optional(),
  SENS_REST_RATE_PER_SEC: z.coerce.number().positive().max(1_000_000).default(100),
  SENS_REST_RATE_BURST: int(1, 1_000_000).default(200),
  SENS_REST_FAILED_AUTH_RATE_PER_SEC: z.coerce.number().positive().max(1_000_000).default(0.5),
  SENS_REST_FAILED_AUTH_BURST: int(1, 1_000_000).default(20),
  API_KEYS_PER_ACCOUNT: int(2, 100_000).default(50),
  WEBHOOK_ALLOW_HTTP: bool.default(false),
  WEBHOOK_ALLOW_PRIVATE_URLS: bool.default(false),
  WEBHOOK_RETRY_PERIOD_MS: int(1000, 30 * 24 * 3_600_000).default(24 * 3_600_000),
  WEBHOOK_TIMEOUT_MS: int(100, 120_000).default(10_000),
  WEBHOOK_CONCURRENCY: int(1, 10_000).default(50),
  WEBHOOK_POLL_MS: int(5, 60_000).default(100),
  WEBHOOK_ENDPOINTS_PER_PROJECT: int(1, 1000).default(10),
  WEBHOOK_LOG_DAYS: int(1, 90).default(7),
  WEBHOOK_THREAD: bool.default(true),
});

/** Every variable the gateway reads. */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(envSchema.shape);

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
  carrier: {
    kind: "simulated" | "sens";
    latencyMs: number;
    failureRate: number;
    seed: string | undefined;
    sens: SensConfig | null;
  };
  dispatch: DispatchConfig;
  /** Reservations and schedules (src/delivery/scheduler.ts); runs wherever the dispatcher runs. */
  scheduler: { pollMs: number; graceMs: number; batchSize: number };
  /** Added to the system clock (demos and multi-process tests that need "later"); 0 in production. */
  clockOffsetMs: number;
  /** Redis pub/sub for status events across processes; null = in-memory (one process). */
  redis: { url: string; channelPrefix: string } | null;
  subscriptionQueueLimit: number;
  /** graphql-ws bounds (src/http/websocket.ts) and subscription caps (src/realtime/limits.ts). */
  realtime: RealtimeLimits;
  /** Workers: port of the /metrics, /livez, /readyz server; null = none (gateways serve them on PORT). */
  metricsPort: number | null;
  /** Most unrevoked GraphQL API keys per account (createApiKey and the CLI). */
  apiKeysPerAccount: number;
  /** Webhook endpoints and their delivery worker (src/webhooks/, docs/webhooks.md). */
  webhooks: WebhookConfig;
  /** 32 bytes that encrypt REST access-key secrets at rest (SECRET_KEY); see src/secretKey.ts. */
  secretKey: Buffer | null;
  /** SENS-compatible REST: per-access-key token bucket, and failed authentications per client address (src/rest/rateLimit.ts). */
  sensRest: {
    ratePerSec: number;
    burst: number;
    failedAuth: { ratePerSec: number; burst: number };
  };
}

export interface RealtimeLimits {
  /** Largest WebSocket frame a client may send; bigger ones close the socket (1009) before they are buffered. */
  wsMaxPayloadBytes: number;
  /** A socket that has not sent connection_init by then is closed (4408). */
  wsConnectionInitTimeoutMs: number;
  /** Subscriptions streaming at once on one graphql-ws socket. */
  perSocket: number;
  /** Subscriptions streaming at once for one account on this gateway process (graphql-ws and SSE together). */
  perAccount: number;
  /** How often the keys of open sockets and SSE streams are checked again (a lost revocation publish). */
  keyRecheckMs: number;
}

/** CARRIER=sens: NAVER Cloud SENS SMS API v2 (src/delivery/sens/index.ts). Per-request timeout: CARRIER_TIMEOUT_MS. */
export interface SensConfig {
  baseUrl: string;
  accessKey: string;
  secretKey: string;
  serviceId: string;
  pollIntervalMs: number;
  pollTimeoutMs: number;
  maxRetries: number;
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

export interface WebhookConfig {
  allowHttp: boolean;
  allowPrivateUrls: boolean;
  retryPeriodMs: number;
  timeoutMs: number;
  concurrency: number;
  pollMs: number;
  endpointsPerProject: number;
  logDays: number;
  /** Deliver from a worker thread of its own (webhooks/thread.ts) rather than the gateway's event loop. */
  thread: boolean;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

type Env = z.infer<typeof envSchema>;

export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  cwd = process.cwd(),
): Config {
  const e = parseEnv(env);
  const dataDir = isAbsolute(e.DATA_DIR) ? e.DATA_DIR : resolve(cwd, e.DATA_DIR);
  return {
    ...httpConfig(e, dataDir, cwd),
    ...deliveryConfig(e),
    ...realtimeConfig(e),
    metricsPort: e.METRICS_PORT === 0 ? null : e.METRICS_PORT,
    secretKey: e.SECRET_KEY ? parseSecretKey(e.SECRET_KEY) : null,
    apiKeysPerAccount: e.API_KEYS_PER_ACCOUNT,
    webhooks: webhookConfig(e),
    sensRest: sensRestConfig(e),
  };
}

/** The variables checked against the schema, and against each other. */
function parseEnv(env: Record<string, string | undefined>): Env {
  const parsed = envSchema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, v]) => v !== "")),
  );
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  // A lease must outlive the longest carrier call plus the completion write, or a healthy
  // worker's messages would be reclaimed (and sent again) by another one.
  if (e.LEASE_MS < e.CARRIER_TIMEOUT_MS + 1000) {
    throw new ConfigError(
      `invalid configuration:\n  LEASE_MS: must be at least CARRIER_TIMEOUT_MS + 1000 (${e.CARRIER_TIMEOUT_MS + 1000})`,
    );
  }
  return e;
}

/** Where the gateway listens and stores, and what one request may be. */
function httpConfig(e: Env, dataDir: string, cwd: string) {
  return {
    host: e.HOST,
    port: e.PORT,
    dataDir,
    database: parseDatabaseUrl(e.DATABASE_URL, dataDir, cwd),
    logLevel: e.LOG_LEVEL,
    corsOrigins:
      e.CORS_ORIGINS.trim() === "*"
        ? "*"
        : e.CORS_ORIGINS.split(",")
            .map((s) => s.trim())
            .filter(Boolean),
    graphiql: e.GRAPHIQL,
    demoBootstrap: e.DEMO_BOOTSTRAP,
    maxRequestBytes: e.MAX_REQUEST_BYTES,
    limits: {
      depth: e.GRAPHQL_MAX_DEPTH,
      complexity: e.GRAPHQL_MAX_COMPLEXITY,
      aliases: e.GRAPHQL_MAX_ALIASES,
      tokens: e.GRAPHQL_MAX_TOKENS,
    },
  } satisfies Partial<Config>;
}

/** The carrier, the dispatcher and the scheduler. */
function deliveryConfig(e: Env) {
  return {
    carrier: {
      kind: e.CARRIER,
      latencyMs: e.CARRIER_LATENCY_MS,
      failureRate: e.CARRIER_FAILURE_RATE,
      seed: e.CARRIER_SEED,
      sens: e.CARRIER === "sens" ? sensConfig(e) : null,
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
    scheduler: {
      pollMs: e.SCHEDULER_POLL_MS,
      graceMs: e.SCHEDULER_GRACE_MS,
      batchSize: e.SCHEDULER_BATCH_SIZE,
    },
    clockOffsetMs: e.CLOCK_OFFSET_MS,
  } satisfies Partial<Config>;
}

/** The event bus and the bounds of live streams. */
function realtimeConfig(e: Env) {
  return {
    redis: e.REDIS_URL ? { url: e.REDIS_URL, channelPrefix: e.REDIS_CHANNEL_PREFIX } : null,
    subscriptionQueueLimit: e.SUBSCRIPTION_QUEUE_LIMIT,
    realtime: {
      wsMaxPayloadBytes: e.WS_MAX_PAYLOAD_BYTES,
      wsConnectionInitTimeoutMs: e.WS_CONNECTION_INIT_TIMEOUT_MS,
      perSocket: e.SUBSCRIPTIONS_PER_SOCKET,
      perAccount: e.SUBSCRIPTIONS_PER_ACCOUNT,
      keyRecheckMs: e.KEY_RECHECK_MS,
    },
  } satisfies Partial<Config>;
}

function webhookConfig(e: Env): WebhookConfig {
  return {
    allowHttp: e.WEBHOOK_ALLOW_HTTP,
    allowPrivateUrls: e.WEBHOOK_ALLOW_PRIVATE_URLS,
    retryPeriodMs: e.WEBHOOK_RETRY_PERIOD_MS,
    timeoutMs: e.WEBHOOK_TIMEOUT_MS,
    concurrency: e.WEBHOOK_CONCURRENCY,
    pollMs: e.WEBHOOK_POLL_MS,
    endpointsPerProject: e.WEBHOOK_ENDPOINTS_PER_PROJECT,
    logDays: e.WEBHOOK_LOG_DAYS,
    thread: e.WEBHOOK_THREAD,
  };
}

function sensRestConfig(e: Env): Config["sensRest"] {
  return {
    ratePerSec: e.SENS_REST_RATE_PER_SEC,
    burst: e.SENS_REST_RATE_BURST,
    failedAuth: {
      ratePerSec: e.SENS_REST_FAILED_AUTH_RATE_PER_SEC,
      burst: e.SENS_REST_FAILED_AUTH_BURST,
    },
  };
}

/** SECRET_KEY: 32 bytes as 64 hex digits or as base64 (44 characters). */
export function parseSecretKey(raw: string): Buffer {
  const value = raw.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(value)
    ? Buffer.from(value, "hex")
    : /^[A-Za-z0-9+/]{43}=$/.test(value)
      ? Buffer.from(value, "base64")
      : null;
  if (bytes?.length !== 32) {
    throw new ConfigError(
      "invalid configuration:\n  SECRET_KEY: must be 32 bytes as 64 hex digits or 44 base64 characters (e.g. `openssl rand -base64 32`)",
    );
  }
  return bytes;
}

/** CARRIER=sens needs the keys and the service id; the rest has defaults. */
function sensConfig(e: z.infer<typeof envSchema>): SensConfig {
  const missing = (["SENS_ACCESS_KEY", "SENS_SECRET_KEY", "SENS_SERVICE_ID"] as const).filter(
    (name) => !e[name],
  );
  if (missing.length)
    throw new ConfigError(
      `invalid configuration:\n${missing.map((name) => `  ${name}: required when CARRIER=sens`).join("\n")}`,
    );
  if (e.SENS_POLL_INTERVAL_MS >= e.SENS_POLL_TIMEOUT_MS) {
    throw new ConfigError(
      `invalid configuration:\n  SENS_POLL_TIMEOUT_MS: must be greater than SENS_POLL_INTERVAL_MS (${e.SENS_POLL_INTERVAL_MS})`,
    );
  }
  return {
    baseUrl: e.SENS_BASE_URL.replace(/\/+$/, ""),
    accessKey: e.SENS_ACCESS_KEY!,
    secretKey: e.SENS_SECRET_KEY!,
    serviceId: e.SENS_SERVICE_ID!,
    pollIntervalMs: e.SENS_POLL_INTERVAL_MS,
    pollTimeoutMs: e.SENS_POLL_TIMEOUT_MS,
    maxRetries: e.SENS_MAX_RETRIES,
  };
}

/** `postgres://…`/`postgresql://…` selects PostgreSQL; `file:…` or nothing selects SQLite. */
export function parseDatabaseUrl(
  url: string | undefined,
  dataDir: string,
  cwd: string,
): DatabaseConfig {
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
  throw new ConfigError(
    `DATABASE_URL must start with file:, postgres:// or postgresql:// (got "${url.split(":")[0]}:…")`,
  );
}
