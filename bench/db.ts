// A throwaway database for one benchmark run: a SQLite file in a temp directory, or a new
// PostgreSQL database on the local server (dropped afterwards).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { buildApp, type App } from "../src/app.ts";
import type { Clock } from "../src/clock.ts";
import { loadConfig, type Config } from "../src/config.ts";
import { createLogger } from "../src/logger.ts";
import type { Actor } from "../src/services/deps.ts";

const ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

export interface BenchDatabase {
  url: string;
  dir: string;
  drop(): Promise<void>;
}

export async function benchDatabase(provider: "sqlite" | "postgresql"): Promise<BenchDatabase> {
  const dir = mkdtempSync(join(tmpdir(), "smsgw-bench-"));
  if (provider === "sqlite")
    return {
      url: `file:${join(dir, "bench.db")}`,
      dir,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  const name = `smsgw_bench_${Date.now()}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: ADMIN_URL });
    await c.connect();
    await c.query(sql);
    await c.end();
  };
  await admin(`CREATE DATABASE "${name}"`);
  return {
    url: `postgresql://postgres@127.0.0.1:5432/${name}`,
    dir,
    drop: async () => {
      await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const BENCH_SENDER = "0212345678";

export interface BenchGateway {
  app: App;
  config: Config;
  accountId: string;
  projectId: string;
  /** The demo account's member, for calling services directly. */
  actor: Actor;
}

/** The gateway (started, on `db`) with the demo account, one project and an APPROVED sender (BENCH_SENDER). */
export async function startBenchGateway(
  db: BenchDatabase,
  env: Record<string, string> = {},
  clock?: Clock,
): Promise<BenchGateway> {
  const config = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: db.dir,
    DATABASE_URL: db.url,
    LOG_LEVEL: "warn",
    ...env,
  });
  const app = buildApp(config, {
    logger: createLogger("warn"),
    jobs: false,
    ...(clock ? { clock } : {}),
  });
  await app.start();
  const accountId = app.demo!.accountId;
  const project = await app.deps.db.project.create({ data: { accountId, name: "bench" } });
  await app.deps.db.senderNumber.create({
    data: {
      accountId,
      number: BENCH_SENDER,
      method: "SMS",
      status: "APPROVED",
      approvedAt: new Date(),
    },
  });
  return {
    app,
    config,
    accountId,
    projectId: project.id,
    actor: { accountId, keyId: "bench", role: "MEMBER" },
  };
}
