// Opens the Prisma client for the configured provider. Both generated clients come from
// the same models, so the SQLite client's type is used as the one `Db` type everywhere.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { DatabaseConfig } from "../config.ts";
import { PrismaClient as PgClient } from "../generated/prisma-postgres/client.ts";
import { PrismaClient as SqliteClient } from "../generated/prisma-sqlite/client.ts";

export type Db = SqliteClient;
export { Prisma } from "../generated/prisma-sqlite/client.ts";
export * from "../generated/prisma-sqlite/enums.ts";

export function openDb(db: DatabaseConfig): Db {
  if (db.provider === "sqlite") {
    return new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: db.url, timeout: 15_000 }, { timestampFormat: "unixepoch-ms" }) });
  }
  const client = new PgClient({ adapter: new PrismaPg({ connectionString: db.url, max: 10 }) });
  return client as unknown as Db;
}
