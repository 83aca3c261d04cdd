// A throwaway database for one benchmark run: a SQLite file in a temp directory, or a new
// PostgreSQL database on the local server (dropped afterwards).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

const ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

export interface BenchDatabase {
  url: string;
  dir: string;
  drop(): Promise<void>;
}

export async function benchDatabase(provider: "sqlite" | "postgresql"): Promise<BenchDatabase> {
  const dir = mkdtempSync(join(tmpdir(), "smsgw-bench-"));
  if (provider === "sqlite") return { url: `file:${join(dir, "bench.db")}`, dir, drop: async () => rmSync(dir, { recursive: true, force: true }) };
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
