// Unit tests of the SQLite program runner (src/db/program.ts): a transaction body runs
// synchronously under BEGIN IMMEDIATE; while another connection holds the write lock it is
// retried asynchronously (the thread never blocks on the lock); an error rolls it back.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { insertMany, openProgramRunner, query, type ProgramRunner } from "../../src/db/program.ts";
import type { RawDb } from "../../src/db/raw.ts";

let dir: string;
let file: string;
let runner: ProgramRunner;
let other: Database.Database;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "smsgw-program-"));
  file = join(dir, "t.db");
  other = new Database(file);
  other.pragma("journal_mode = WAL");
  other.exec(`CREATE TABLE "T" ("id" INTEGER PRIMARY KEY, "v" TEXT)`);
  runner = openProgramRunner({ provider: "sqlite", file } as never, {} as RawDb);
});
afterEach(async () => {
  await runner.close();
  other.close();
  rmSync(dir, { recursive: true, force: true });
});

const count = () => (other.prepare(`SELECT count(*) AS n FROM "T"`).get() as { n: number }).n;

describe("the SQLite program runner", () => {
  it("runs a program in one transaction and returns its result; inserts of any size land once, in order", async () => {
    const rows = Array.from({ length: 1234 }, (_, i) => [i + 1, `v${i}`]);
    const result = await runner.transaction(function* () {
      yield* insertMany("T", ["id", "v"], rows);
      return yield* query<{ n: number }>(`SELECT count(*) AS n FROM "T"`);
    });
    expect(result).toEqual([{ n: 1234 }]);
    expect(other.prepare(`SELECT "v" FROM "T" ORDER BY "id" LIMIT 3`).all()).toEqual([
      { v: "v0" },
      { v: "v1" },
      { v: "v2" },
    ]);
  });

  it("rolls back everything when the program throws", async () => {
    await expect(
      runner.transaction(function* () {
        yield* insertMany("T", ["id", "v"], [[1, "a"]]);
        throw new Error("refused");
      }),
    ).rejects.toThrow("refused");
    expect(count()).toBe(0);
  });

  it("while another connection holds the write lock, retries asynchronously instead of blocking, then commits once", async () => {
    other.exec("BEGIN IMMEDIATE");
    // The runner waits between retries with setTimeout: fake timers let the test run those
    // waits itself instead of sleeping (and know that a retry is pending, not just hope).
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    let attempts = 0;
    let done: Promise<string>;
    try {
      done = runner.transaction(function* () {
        attempts++;
        yield* insertMany("T", ["id", "v"], [[1, "after the lock"]]);
        return "committed";
      });
      // BEGIN IMMEDIATE met the lock before the body ran; this line runs, so the thread did
      // not wait for the lock: a retry is scheduled instead.
      expect(attempts).toBe(0);
      expect(vi.getTimerCount()).toBe(1);
      // Several retries meet the lock too; each schedules the next, none runs the body.
      await vi.advanceTimersByTimeAsync(200);
      expect(attempts).toBe(0);
      expect(vi.getTimerCount()).toBe(1);
      other.exec("COMMIT");
      await vi.runOnlyPendingTimersAsync();
    } finally {
      vi.useRealTimers();
    }
    expect(await done).toBe("committed");
    // The body ran exactly once: only ever inside the lock.
    expect(attempts).toBe(1);
    expect(other.prepare(`SELECT "v" FROM "T"`).all()).toEqual([{ v: "after the lock" }]);
  });

  it("read() runs statements outside a transaction", async () => {
    other.exec(`INSERT INTO "T" VALUES (7, 'seven')`);
    expect(await runner.read(() => query(`SELECT "v" FROM "T" WHERE "id" = ?`, [7]))).toEqual([
      { v: "seven" },
    ]);
  });
});
