// The demo account is created once, on an empty database — even when two processes (here:
// two independent database clients) start on it at the same moment.
import { afterAll, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { openDb } from "../src/db/client.ts";
import { migrate } from "../src/db/migrate.ts";
import { bootstrapDemo } from "../src/services/accounts.ts";
import { createTestDatabase, type TestDatabase } from "./helpers/db.ts";

let database: TestDatabase | undefined;
afterAll(async () => database?.drop());

it("two starters racing on an empty database create one demo account and print its keys once", async () => {
  database = await createTestDatabase();
  const config = loadConfig({ DATABASE_URL: database.url, DATA_DIR: database.dataDir });
  await migrate(config.database);
  const [a, b] = [openDb(config.database), openDb(config.database)];
  try {
    const results = await Promise.all([bootstrapDemo(a), bootstrapDemo(b)]);
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect(await a.account.count()).toBe(1);
    expect(await a.apiKey.count()).toBe(2);
    expect(await bootstrapDemo(a)).toBeNull();
  } finally {
    await Promise.all([a.$disconnect(), b.$disconnect()]);
  }
});
