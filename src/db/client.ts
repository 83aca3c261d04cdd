// Opens the Prisma client for the configured provider. Both generated clients come from
// the same models, so the SQLite client's type is used as the one `Db` type everywhere.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { DatabaseConfig } from "../config.ts";
import { openPgPool, PG_POOL_DEFAULTS, type ConnectionErrorSink } from "./pgPool.ts";
import { PrismaClient as PgClient } from "../generated/prisma-postgres/client.ts";
import { PrismaClient as SqliteClient } from "../generated/prisma-sqlite/client.ts";
import { emptySelectGuard } from "./emptySelect.ts";

export type Db = SqliteClient;
export { Prisma } from "../generated/prisma-sqlite/client.ts";
export * from "../generated/prisma-sqlite/enums.ts";

/** Called with the text of every SQL statement Prisma sends (tests count them; metrics may). */
export type SqlObserver = (sql: string) => void;

/** `onLost` hears of PostgreSQL connections the server dropped (they are replaced on the next query). */
export function openDb(
  db: DatabaseConfig,
  onSql?: SqlObserver,
  onLost: ConnectionErrorSink = () => undefined,
): Db {
  if (db.provider === "sqlite") {
    const adapter = new PrismaBetterSQLite3(
      { url: db.url, timeout: 15_000 },
      { timestampFormat: "unixepoch-ms" },
    );
    return guarded(new SqliteClient({ adapter: onSql ? observed(adapter, onSql) : adapter }));
  }
  // Our own pool rather than the adapter's, so its clients are watched like every other
  // connection (the adapter listens only while a transaction starts and runs); Prisma ends
  // it on $disconnect.
  const pool = openPgPool(
    { ...PG_POOL_DEFAULTS, connectionString: db.url, max: 10 },
    "prisma",
    onLost,
  );
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  const client = new PgClient({ adapter: onSql ? observed(adapter, onSql) : adapter });
  return guarded(client as unknown as Db);
}

/**
 * The extension only rewrites arguments, so the extended client has the same API; its type
 * is Prisma's computed one, which TypeScript does not see as the base client's.
 */
function guarded(client: SqliteClient): Db {
  return client.$extends(emptySelectGuard) as unknown as Db;
}

type Queryable = {
  queryRaw(q: { sql: string }): Promise<unknown>;
  executeRaw(q: { sql: string }): Promise<unknown>;
};

/** Wraps a driver adapter factory so that every statement, in or out of transactions, is reported. */
function observed<F extends { connect(): Promise<unknown> }>(factory: F, onSql: SqlObserver): F {
  const watch = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(obj, prop, receiver) {
        const value = Reflect.get(obj, prop, receiver);
        if (typeof value !== "function") return value;
        if (prop === "queryRaw" || prop === "executeRaw") {
          return (q: { sql: string }) => {
            onSql(q.sql);
            return (value as Queryable["queryRaw"]).call(obj, q);
          };
        }
        if (prop === "startTransaction") {
          return async (...args: unknown[]) =>
            watch(
              (await (value as (...a: unknown[]) => Promise<object>).apply(obj, args)) as object,
            );
        }
        return value.bind(obj);
      },
    });
  return new Proxy(factory, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver);
      if (prop === "connect")
        return async () => watch((await (value as () => Promise<object>).call(obj)) as object);
      return typeof value === "function" ? value.bind(obj) : value;
    },
  });
}
