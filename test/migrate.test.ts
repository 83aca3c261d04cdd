// Migrations are applied by the gateway itself and recorded in Prisma's own table, so the
// Prisma CLI agrees with what ran.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDatabaseUrl } from "../src/config.ts";
import { listMigrations, migrate } from "../src/db/migrate.ts";
import { createTestDatabase, testProvider, type TestDatabase } from "./helpers/db.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.drop());

describe("migrations", () => {
  it("applies every committed migration once; a second run applies nothing", async () => {
    const config = parseDatabaseUrl(db.url, db.dataDir, process.cwd());
    const names = listMigrations(config.provider).map((m) => m.name);
    expect(names.length).toBeGreaterThan(0);
    expect(await migrate(config)).toEqual(names);
    expect(await migrate(config)).toEqual([]);
  });

  it("`prisma migrate status` reports the database as up to date", async () => {
    const root = join(import.meta.dirname, "..");
    const config = parseDatabaseUrl(db.url, db.dataDir, root);
    const env = {
      ...process.env,
      PRISMA_PROVIDER: testProvider,
      DATABASE_URL: db.url,
      PRISMA_CLI_SQLITE_URL: config.provider === "sqlite" ? config.url : "",
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
    };
    const { stdout } = await promisify(execFile)(
      join(root, "node_modules", ".bin", "prisma"),
      ["migrate", "status"],
      { cwd: root, env },
    );
    expect(stdout).toContain("Database schema is up to date");
  });
});
