// Transaction bodies written once, as generators that yield SQL operations, and run either
// synchronously on a dedicated better-sqlite3 connection or asynchronously on a PostgreSQL
// transaction. Why: better-sqlite3 blocks the thread while it waits for a lock, so a SQLite
// transaction that holds the write lock across an `await` can freeze the whole process when
// another connection of the same process (Prisma's, or RawDb's) tries to write in that gap.
// A program run synchronously never holds the lock across an event-loop turn, and its
// connection never waits for a lock (busy timeout 0): it retries asynchronously instead.
import type { DatabaseConfig } from "../config.ts";
import { yieldToEventLoop } from "../domain/pause.ts";
import { insertChunks, openSqliteConnection, toSqlite, type RawDb, type RawTx, type SqlValue } from "./raw.ts";

export type Row = Record<string, unknown>;

export type SqlOp =
  | { kind: "query"; sql: string; params: SqlValue[] }
  | { kind: "insertMany"; table: string; columns: string[]; rows: SqlValue[][]; pgTypes?: string[] | undefined }
  | { kind: "insertStaged"; staged: StagedRows };

/**
 * Rows prepared for insertion ahead of a transaction (`ProgramRunner.stage`). On SQLite a big
 * batch is written beforehand into a TEMP table of the runner's own connection, in chunks
 * that give way to the event loop — a TEMP table is private to the connection and takes no
 * lock on the database — so the transaction only copies it with one INSERT … SELECT, which
 * takes less than half the time binding and inserting the same rows does (100,000 messages:
 * 145 ms instead of 318 ms; issue 10, item 17). The request stays one transaction.
 * PostgreSQL awaits every statement anyway: there the rows simply wait in memory.
 */
export interface StagedRows {
  readonly table: string;
  readonly columns: string[];
  /** The rows to insert directly; empty once they are in `temp` (the arrays can be collected). */
  readonly rows: SqlValue[][];
  readonly count: number;
  readonly pgTypes?: string[] | undefined;
  /** The TEMP table holding the rows (SQLite, big batches), else null: inserted directly. */
  readonly temp: string | null;
}

/** A transaction body: yields operations, receives each one's rows, returns a result. */
export type TxProgram<T> = Generator<SqlOp, T, Row[]>;

/** Runs a statement; `yield* query(...)` inside a program. */
export function* query<R = Row>(sql: string, params: SqlValue[] = []): Generator<SqlOp, R[], Row[]> {
  return (yield { kind: "query", sql, params }) as R[];
}

/** Inserts rows in as few statements as the provider allows; `yield* insertMany(...)`. */
export function* insertMany(table: string, columns: string[], rows: SqlValue[][], pgTypes?: string[]): Generator<SqlOp, void, Row[]> {
  if (rows.length) yield { kind: "insertMany", table, columns, rows, pgTypes };
}

/** Inserts rows staged before the transaction; `yield* insertStaged(...)` inside a program. */
export function* insertStaged(staged: StagedRows): Generator<SqlOp, void, Row[]> {
  if (staged.count) yield { kind: "insertStaged", staged };
}

export interface ProgramRunner {
  readonly provider: DatabaseConfig["provider"];
  /** Runs `program()` in one transaction (SQLite: BEGIN IMMEDIATE; retried while another writer holds the lock). */
  transaction<T>(program: () => TxProgram<T>): Promise<T>;
  /** Runs read-only statements outside a transaction. */
  read<T>(program: () => TxProgram<T>): Promise<T>;
  /** Prepares rows for `insertStaged` in a later transaction; `unstage` them afterwards, committed or not. */
  stage(table: string, columns: string[], rows: SqlValue[][], pgTypes?: string[]): Promise<StagedRows>;
  unstage(staged: StagedRows): void;
  close(): Promise<void>;
}

/** Drives a program on an async RawDb transaction (PostgreSQL, or SQLite callers that accept the caveat above). */
export async function runOnTx<T>(tx: RawTx, program: TxProgram<T>): Promise<T> {
  let step = program.next();
  while (!step.done) {
    const op = step.value;
    let rows: Row[] = [];
    if (op.kind === "query") rows = await tx.query(op.sql, op.params);
    else if (op.kind === "insertMany") await tx.insertMany(op.table, op.columns, op.rows, op.pgTypes);
    else await tx.insertMany(op.staged.table, op.staged.columns, op.staged.rows, op.staged.pgTypes);
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
    stage: async (table, columns, rows, pgTypes) => ({ table, columns, rows, count: rows.length, pgTypes, temp: null }),
    unstage: () => undefined,
    close: async () => undefined, // the pool belongs to the RawDb
  };
}

/** Give up on the write lock after this long (another process holds it, e.g. a huge send). */
const LOCK_WAIT_LIMIT_MS = 30_000;

/** Batches smaller than this are inserted directly: staging them would only add work. */
const STAGE_FROM_ROWS = 5_000;
/** Staging statements (500 rows each, 1–3 ms) between two turns of the event loop. */
const STAGE_STATEMENTS_PER_TURN = 4;

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
      } else if (op.kind === "insertMany" || op.staged.temp === null) {
        const { table, columns, rows: values } = op.kind === "insertMany" ? op : op.staged;
        for (const chunk of insertChunks(table, columns, values, toSqlite)) prepare(chunk.sql).run(chunk.values);
      } else {
        const { table, columns, temp } = op.staged;
        prepare(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) SELECT ${columns.map((_, i) => `"c${i}"`).join(", ")} FROM temp."${temp}"`).run();
      }
      step = program.next(rows);
    }
    return step.value;
  };
  // TEMP tables are reused by name (a slot per concurrent stage and table shape), so their
  // statements stay in the prepared-statement cache instead of one new text per send.
  const freeSlots = new Map<string, string[]>();
  let slots = 0;
  const unstage = (staged: StagedRows) => {
    if (staged.temp === null) return;
    prepare(`DELETE FROM temp."${staged.temp}"`).run();
    const shape = `${staged.table}(${staged.columns.length})`;
    freeSlots.set(shape, [...(freeSlots.get(shape) ?? []), staged.temp]);
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
          await new Promise((resolve) => setTimeout(resolve, Math.min(20, 1 + attempt) * (0.5 + Math.random())));
        }
      }
    },
    async read(program) {
      return drive(program());
    },
    async stage(table, columns, rows, pgTypes) {
      if (rows.length < STAGE_FROM_ROWS) return { table, columns, rows, count: rows.length, pgTypes, temp: null };
      const shape = `${table}(${columns.length})`;
      let temp = freeSlots.get(shape)?.pop();
      if (!temp) {
        temp = `stage_${++slots}`;
        conn.exec(`CREATE TEMP TABLE "${temp}" (${columns.map((_, i) => `"c${i}"`).join(", ")})`);
      }
      const staged: StagedRows = { table, columns, rows: [], count: rows.length, pgTypes, temp };
      try {
        let statements = 0;
        for (const chunk of insertChunks(temp, columns.map((_, i) => `c${i}`), rows, toSqlite)) {
          prepare(chunk.sql).run(chunk.values);
          if (++statements % STAGE_STATEMENTS_PER_TURN === 0) await yieldToEventLoop();
        }
      } catch (err) {
        unstage(staged);
        throw err;
      }
      return staged;
    },
    unstage,
    async close() {
      conn.close();
    },
  };
}
