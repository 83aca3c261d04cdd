// Raw SQL for the hot paths Prisma is too slow for (bulk inserts of 100k messages, batched
// dispatcher claims): a better-sqlite3 connection on the same file, or a pg pool. SQL is
// written once with `?` placeholders and double-quoted identifiers, which both accept after
// placeholders are renumbered for PostgreSQL. Values: SQLite stores DateTime as epoch ms
// (the Prisma adapter is configured the same way) and booleans as 0/1.
import Database from "better-sqlite3";
import type pg from "pg";
import type { DatabaseConfig } from "../config.ts";
import { isDatabaseUnavailable } from "./errors.ts";
import { openPgPool, PG_POOL_DEFAULTS, type ConnectionErrorSink } from "./pgPool.ts";

export type SqlValue = string | number | boolean | Date | Buffer | null;

export interface RawTx {
  query<T = Record<string, unknown>>(sql: string, params?: SqlValue[]): Promise<T[]>;
  /**
   * Inserts rows in as few statements as the provider allows. With `pgTypes` (one PostgreSQL
   * type per column, e.g. "text", '"MessageStatus"', "timestamp(3)") PostgreSQL receives one
   * array per column through `unnest`, which is several times faster for big batches than
   * multi-row VALUES with one parameter per cell. SQLite ignores it.
   */
  insertMany(
    table: string,
    columns: string[],
    rows: SqlValue[][],
    pgTypes?: string[],
  ): Promise<void>;
}

export interface RawDb extends RawTx {
  readonly provider: DatabaseConfig["provider"];
  /** Runs `fn` in one transaction (PostgreSQL only: SQLite transactions are ProgramRunner programs). */
  transaction<T>(fn: (tx: RawTx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Multi-row INSERT statements of up to 500 rows, under both SQLite's (32,766) and
 * PostgreSQL's (65,535) parameter limits: per-statement overhead dominates single-row inserts.
 * Statement texts come in a few fixed sizes — full chunks, then the remainder in pieces of
 * 256, 64, 16, 4 and 1 rows — because every distinct text is a prepared statement: one per
 * remainder (1–499 rows) cost SQLite ~0.25 MB of native memory each, and a mixed load of
 * sends of every size filled the statement cache with hundreds of them (issue 10, item 18).
 */
export function* insertChunks<V = SqlValue>(
  table: string,
  columns: string[],
  rows: SqlValue[][],
  convert?: (v: SqlValue) => V,
): Generator<{ sql: string; values: V[] }> {
  if (!rows.length) return;
  const per = Math.max(1, Math.min(500, Math.floor(32_000 / columns.length)));
  const head = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES `;
  const tuple = `(${columns.map(() => "?").join(", ")})`;
  const texts = new Map<number, string>();
  for (let i = 0; i < rows.length; ) {
    const size = chunkSize(rows.length - i, per);
    const chunk = rows.slice(i, i + size);
    i += size;
    let sql = texts.get(size);
    if (!sql) {
      sql = head + Array.from({ length: size }, () => tuple).join(", ");
      texts.set(size, sql);
    }
    // Flattened (and converted for the driver) in one pass: big sends bind a million values.
    const values: V[] = [];
    if (convert) for (const row of chunk) for (const v of row) values.push(convert(v));
    else for (const row of chunk) for (const v of row) values.push(v as V);
    yield { sql, values };
  }
}

/** The statement sizes below a full chunk, largest first. */
const PIECES = [256, 64, 16, 4, 1];

/** Rows in the next statement: a full chunk, else the largest piece that fits. */
export function chunkSize(left: number, per: number): number {
  if (left >= per) return per;
  return PIECES.find((p) => p <= left && p < per) ?? 1;
}

/** `onLost` hears of PostgreSQL connections the server dropped (they are replaced on the next query). */
export function openRawDb(
  config: DatabaseConfig,
  onLost: ConnectionErrorSink = () => undefined,
): RawDb {
  return config.provider === "sqlite" ? sqliteRaw(config.file) : postgresRaw(config.url, onLost);
}

/** PostgreSQL gets instants as ISO-8601 UTC text, so the session/process time zone never matters. */
const toPg = (v: SqlValue) => (v instanceof Date ? v.toISOString() : v);

/**
 * A DateTime column read back through raw SQL, on either provider: SQLite stores epoch
 * milliseconds (a number, or a bigint/numeric string from aggregates), PostgreSQL gives a
 * Date (or an ISO string from some expressions). Null stays null.
 */
export function readDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  return new Date(typeof value === "string" && !/^\d+$/.test(value) ? value : Number(value));
}

export const toSqlite = (v: SqlValue): string | number | Buffer | null =>
  v instanceof Date ? v.getTime() : typeof v === "boolean" ? (v ? 1 : 0) : v;

const STATEMENT_CACHE_SIZE = 200;

/**
 * A better-sqlite3 connection in WAL mode with a bounded prepared-statement cache. `timeoutMs`
 * is how long a statement blocks the thread waiting for another writer's lock.
 */
export function openSqliteConnection(
  file: string,
  timeoutMs: number,
): { conn: Database.Database; prepare(sql: string): Database.Statement } {
  const conn = new Database(file, { timeout: timeoutMs });
  conn.pragma("journal_mode = WAL");
  conn.pragma("synchronous = NORMAL");
  const statements = new Map<string, Database.Statement>();
  return {
    conn,
    prepare(sql) {
      let st = statements.get(sql);
      if (!st) {
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.clear();
        st = conn.prepare(sql);
        statements.set(sql, st);
      }
      return st;
    },
  };
}

/**
 * SQLite's RawDb answers single statements only (tests and tools inspect the database with
 * it). Its writes in transactions go through a ProgramRunner (db/program.ts), which never
 * holds the write lock across an await; an async transaction here would, so there is none.
 */
function sqliteRaw(file: string): RawDb {
  const { conn, prepare } = openSqliteConnection(file, 15_000);
  const refuse = (what: string) =>
    Promise.reject(new Error(`SQLite ${what} goes through a ProgramRunner (db/program.ts)`));
  return {
    provider: "sqlite",
    async query<T>(sql: string, params: SqlValue[] = []) {
      const st = prepare(sql);
      const values = params.map(toSqlite);
      if (st.reader) return st.all(...values) as T[];
      st.run(...values);
      return [] as T[];
    },
    insertMany: () => refuse("insertMany"),
    transaction: () => refuse("transaction"),
    async close() {
      conn.close();
    },
  };
}

/** `?` → `$1, $2, …` (our SQL never contains a literal question mark). */
const numbered = (sql: string) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

/** Rows per `unnest` insert: big enough to amortise round trips, small enough for memory. */
const UNNEST_CHUNK = 20_000;

const sameValue = (a: SqlValue | undefined, b: SqlValue | undefined) =>
  a === b || (a instanceof Date && b instanceof Date && a.getTime() === b.getTime());

/**
 * One INSERT … SELECT FROM unnest(arrays): columns that vary get one array each; columns with
 * the same value in every row (account, project, request, status, time of a send) are sent
 * once as a scalar, which halves the work PostgreSQL does for a big send.
 */
export function unnestStatement(
  table: string,
  columns: string[],
  pgTypes: string[],
  rows: SqlValue[][],
): { sql: string; params: unknown[] } {
  const first = rows[0]!;
  const constant = columns.map((_, c) => rows.every((row) => sameValue(row[c], first[c])));
  // Identical rows still need a row source of the right length.
  if (rows.length > 1 && constant.every(Boolean)) constant[0] = false;
  const params: unknown[] = [];
  const varying: string[] = [];
  const arrays: string[] = [];
  const select = columns.map((_, c) => {
    if (constant[c]) {
      params.push(toPg(first[c] ?? null));
      return `$${params.length}::${pgTypes[c]}`;
    }
    params.push(rows.map((row) => toPg(row[c] ?? null)));
    arrays.push(`$${params.length}::${pgTypes[c]}[]`);
    varying.push(`c${c}`);
    return `u.c${c}`;
  });
  const cols = columns.map((c) => `"${c}"`).join(", ");
  const source = arrays.length
    ? ` FROM unnest(${arrays.join(", ")}) AS u(${varying.join(", ")})`
    : "";
  return { sql: `INSERT INTO "${table}" (${cols}) SELECT ${select.join(", ")}${source}`, params };
}

async function insertUnnest(
  client: pg.Pool | pg.PoolClient,
  table: string,
  columns: string[],
  pgTypes: string[],
  rows: SqlValue[][],
): Promise<void> {
  const { sql, params } = unnestStatement(table, columns, pgTypes, rows);
  await client.query(sql, params);
}

function postgresRaw(url: string, onLost: ConnectionErrorSink): RawDb {
  // Dropped connections (idle or checked out) are reported to onLost, never thrown at the
  // process; errors of queries in flight reach their callers (db/pgPool.ts).
  const pool = openPgPool({ ...PG_POOL_DEFAULTS, connectionString: url, max: 5 }, "raw", onLost);
  const on = (client: pg.Pool | pg.PoolClient): RawTx => ({
    async query<T>(sql: string, params: SqlValue[] = []) {
      return (await client.query(numbered(sql), params.map(toPg))).rows as T[];
    },
    async insertMany(table, columns, rows, pgTypes) {
      if (pgTypes && pgTypes.length === columns.length) {
        for (let i = 0; i < rows.length; i += UNNEST_CHUNK)
          await insertUnnest(client, table, columns, pgTypes, rows.slice(i, i + UNNEST_CHUNK));
        return;
      }
      for (const chunk of insertChunks(table, columns, rows, toPg))
        await client.query(numbered(chunk.sql), chunk.values);
    },
  });
  return {
    provider: "postgresql",
    ...on(pool),
    async transaction(fn) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query("BEGIN");
        const result = await fn(on(client));
        await client.query("COMMIT");
        return result;
      } catch (err) {
        // On a lost connection ROLLBACK fails at once (the server already rolled back), and
        // the client is released as broken so that the pool never hands it out again.
        if (isDatabaseUnavailable(err)) broken = err as Error;
        else await client.query("ROLLBACK").catch((e: Error) => (broken = e));
        throw err;
      } finally {
        client.release(broken);
      }
    },
    async close() {
      await pool.end();
    },
  };
}
