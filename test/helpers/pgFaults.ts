// PostgreSQL faults for tests, made by the server itself through an admin connection to the
// `postgres` database: terminate every backend of a test database (what a failover or an
// operator's pg_terminate_backend does to a running gateway), and refuse new connections
// to it for as long as an outage should last.
import pg from "pg";

const adminUrl =
  process.env.TEST_POSTGRES_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

/** What a round waits to be running before it terminates the backends. */
export type Target = "send" | "dispatch" | "schedule";

/**
 * Statements (as pg_stat_activity shows them) of each kind of transaction: a send inserts
 * its messages, a dispatcher claims or completes them, a scheduler reads and updates
 * reservations.
 */
const TARGET_SQL: Record<Target, string> = {
  send: `INSERT INTO "Message%`,
  dispatch: `UPDATE "Message"%`,
  schedule: `%"Reservation"%`,
};

export interface DatabaseFaults {
  /** Ends every session of the test database; returns how many there were. */
  terminateAll(): Promise<number>;
  /** True while a backend of the test database is inside a transaction running `target`'s statements. */
  running(target: Target): Promise<boolean>;
  /** New connections to the test database fail (FATAL 55000) until allow(); open ones are ended. */
  block(): Promise<void>;
  allow(): Promise<void>;
  close(): Promise<void>;
}

export async function databaseFaults(databaseUrl: string): Promise<DatabaseFaults> {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  const admin = new pg.Client({ connectionString: adminUrl });
  admin.on("error", () => undefined); // never terminated itself: it is on another database
  await admin.connect();
  const terminateAll = async () => {
    // pg_terminate_backend in the select list only: computed for the rows the WHERE kept
    // (in the WHERE the planner may call it before the datname filter, on every backend).
    const { rows } = await admin.query<{ pid: number }>(
      `SELECT pid, pg_terminate_backend(pid) AS terminated FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [name],
    );
    // pg_terminate_backend only signals: wait until those sessions are really gone, so that
    // "after the termination" means after it for every connection that existed.
    const pids = rows.map((r) => r.pid);
    while (
      pids.length &&
      (await admin.query(`SELECT 1 FROM pg_stat_activity WHERE pid = ANY($1::int[])`, [pids])).rows
        .length
    ) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    return pids.length;
  };
  return {
    terminateAll,
    async running(target) {
      const { rows } = await admin.query(
        `SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND xact_start IS NOT NULL AND state IN ('active', 'idle in transaction') AND query LIKE $2 LIMIT 1`,
        [name, TARGET_SQL[target]],
      );
      return rows.length > 0;
    },
    async block() {
      await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
      await terminateAll();
    },
    async allow() {
      await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
    },
    async close() {
      await admin.end();
    },
  };
}

/**
 * Waits until `target` is running or `settled()` says the work of the round is over
 * (whichever comes first), polling without sleeps — a transaction may last only a few
 * milliseconds. Returns whether the target was caught running.
 */
export async function whenRunning(
  faults: DatabaseFaults,
  target: Target,
  settled: () => boolean,
  timeoutMs = 5000,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!settled() && Date.now() < deadline) {
    if (await faults.running(target)) return true;
  }
  return false;
}
