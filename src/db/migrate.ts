// Applies the committed migrations of the active provider (prisma/<provider>/migrations)
// at start-up and from `npm run db:migrate`. Rows go into Prisma's own `_prisma_migrations`
// table with Prisma's checksum, so `prisma migrate status` agrees with what ran here. We do
// it ourselves because the Prisma CLI cannot use its native engine on our machines, and
// spawning the WebAssembly one at every start costs seconds.
import { createHash, randomUUID } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import type { DatabaseConfig } from "../config.ts";
import { connectPgClient, PG_POOL_DEFAULTS, type ConnectionErrorSink } from "./pgPool.ts";

const prismaDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "prisma");

interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function listMigrations(provider: DatabaseConfig["provider"]): Migration[] {
  const dir = join(prismaDir, provider === "sqlite" ? "sqlite" : "postgres", "migrations");
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

/** Returns the names of the migrations applied by this call; `onLost` hears of a dropped connection (the call then fails). */
export async function migrate(
  db: DatabaseConfig,
  onLost: ConnectionErrorSink = () => undefined,
): Promise<string[]> {
  return db.provider === "sqlite" ? migrateSqlite(db.file) : migratePostgres(db.url, onLost);
}

function migrateSqlite(file: string): string[] {
  mkdirSync(dirname(file), { recursive: true });
  const conn = new Database(file, { timeout: 10_000 });
  try {
    // WAL lets readers and the dispatcher's writer work side by side; it sticks to the file.
    conn.pragma("journal_mode = WAL");
    conn.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME,
      "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME,
      "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
      "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`);
    const applied: string[] = [];
    // BEGIN IMMEDIATE serialises concurrent starters on the same file.
    const run = conn.transaction(() => {
      const done = new Set(
        (
          conn
            .prepare(
              `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
            )
            .all() as { migration_name: string }[]
        ).map((r) => r.migration_name),
      );
      for (const m of listMigrations("sqlite")) {
        if (done.has(m.name)) continue;
        conn.exec(m.sql);
        conn
          .prepare(
            `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, ?, ?, 1)`,
          )
          .run(randomUUID(), m.checksum, Date.now(), m.name, Date.now());
        applied.push(m.name);
      }
    });
    run.immediate();
    return applied;
  } finally {
    conn.close();
  }
}

async function migratePostgres(url: string, onLost: ConnectionErrorSink): Promise<string[]> {
  const client = await connectPgClient(
    { ...PG_POOL_DEFAULTS, connectionString: url },
    "migrate",
    onLost,
  );
  try {
    // One starter at a time across every gateway and worker process.
    await client.query("SELECT pg_advisory_lock(727274)");
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
    const { rows } = await client.query<{ migration_name: string }>(
      `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const done = new Set(rows.map((r) => r.migration_name));
    const applied: string[] = [];
    for (const m of listMigrations("postgresql")) {
      if (done.has(m.name)) continue;
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES ($1, $2, now(), $3, now(), 1)`,
          [randomUUID(), m.checksum, m.name],
        );
        await client.query("COMMIT");
      } catch (err) {
        // On a dropped connection the server rolled back already; keep the original error.
        await client.query("ROLLBACK").catch(() => undefined);
        throw new Error(`migration ${m.name} failed: ${(err as Error).message}`);
      }
      applied.push(m.name);
    }
    return applied;
  } finally {
    await client.query("SELECT pg_advisory_unlock(727274)").catch(() => undefined);
    await client.end();
  }
}
