// Transaction bodies written once, as generators that yield SQL operations, and run either
// synchronously on a dedicated better-sqlite3 connection or asynchronously on a PostgreSQL
// transaction. Why: better-sqlite3 blocks the thread while it waits for a lock, so a SQLite
// transaction that holds the write lock across an `await` can freeze the whole process when
// another connection of the same process (Prisma's, or RawDb's) tries to write in that gap.
// A program run synchronously never holds the lock across an event-loop turn, and its
// connection never waits for a lock (busy timeout 0): it retries asynchronously instead.
import type { DatabaseConfig } from "../config.ts";
import {
  insertChunks,
  openSqliteConnection,
  toSqlite,
  type RawDb,
  type RawTx,
  type SqlValue,
} from "./raw.ts";

export type Row = Record<string, unknown>;

export type SqlOp =
  | { kind: "query"; sql: string; params: SqlValue[] }
  | {
      kind: "insertMany";
      table: string;
      columns: string[];
      rows: SqlValue[][];
      pgTypes?: string[] | undefined;
    };

/** A transaction body: yields operations, receives each one's rows, returns a result. */
export type TxProgram<T> = Generator<SqlOp, T, Row[]>;

/** Runs a statement; `yield* query(...)` inside a program. */
export function* query<R = Row>(
  sql: string,
  params: SqlValue[] = [],
): Generator<SqlOp, R[], Row[]> {
  return (yield { kind: "query", sql, params }) as R[];
}

/** Inserts rows in as few statements as the provider allows; `yield* insertMany(...)`. */
export function* insertMany(
  table: string,
  columns: string[],
  rows: SqlValue[][],
  pgTypes?: string[],
): Generator<SqlOp, void, Row[]> {
  if (rows.length) yield { kind: "insertMany", table, columns, rows, pgTypes };
}

export interface ProgramRunner {
  readonly provider: DatabaseConfig["provider"];
  /** Runs `program()` in one transaction (SQLite: BEGIN IMMEDIATE; retried while another writer holds the lock). */
  transaction<T>(program: () => TxProgram<T>): Promise<T>;
  /** Runs read-only statements outside a transaction. */
  read<T>(program: () => TxProgram<T>): Promise<T>;
  close(): Promise<void>;
}

/** Drives a program on an async RawDb transaction (PostgreSQL). */
export async function runOnTx<T>(tx: RawTx, program: TxProgram<T>): Promise<T> {
  let step = program.next();
  while (!step.done) {
    const op = step.value;
    let rows: Row[] = [];
    if (op.kind === "query") rows = await tx.query(op.sql, op.params);
    else await tx.insertMany(op.table, op.columns, op.rows, op.pgTypes);
    step = program.next(rows);
  }
  return step.value;
}

export function openProgramRunner(config: DatabaseConfig, raw: RawDb): ProgramRunner {
  if (config.provider === "sqlite") return sqliteRunner(config.file);
  return {
    provider: "postgresql",
    transaction: (program) => raw.transaction((tx) => runOnTx(tx, program())),
    read: (program) => runOnTx(raw, program()),
    close: async () => undefined, // the pool belongs to the RawDb
  };
}

/** Give up on the write lock after this long (another process holds it, e.g. a huge send). */
const LOCK_WAIT_LIMIT_MS = 30_000;

function sqliteRunner(file: string): ProgramRunner {
  // Never wait for the lock inside a statement (that would block the thread): retry instead.
  const { conn, prepare } = openSqliteConnection(file, 0);
  const drive = <T>(program: TxProgram<T>): T => {
    let step = program.next();
    while (!step.done) {
      const op = step.value;
      let rows: Row[] = [];
      if (op.kind === "query") {
        const st = prepare(op.sql);
        const values = op.params.map(toSqlite);
        if (st.reader) rows = st.all(...values) as Row[];
        else st.run(...values);
      } else {
        for (const chunk of insertChunks(op.table, op.columns, op.rows, toSqlite))
          prepare(chunk.sql).run(chunk.values);
      }
      step = program.next(rows);
    }
    return step.value;
  };
  return {
    provider: "sqlite",
    async transaction(program) {
      const started = Date.now();
      for (let attempt = 0; ; attempt++) {
        try {
          // Synchronous from BEGIN IMMEDIATE to COMMIT: no other code runs meanwhile.
          return conn.transaction(() => drive(program())).immediate();
        } catch (err) {
          const busy = (err as { code?: string }).code === "SQLITE_BUSY";
          if (!busy || Date.now() - started > LOCK_WAIT_LIMIT_MS) throw err;
          // Someone else writes: let them finish (they may be in this very process).
          await new Promise((resolve) =>
            setTimeout(resolve, Math.min(20, 1 + attempt) * (0.5 + Math.random())),
          );
        }
      }
    },
    async read(program) {
      return drive(program());
    },
    async close() {
      conn.close();
    },
  };
}
