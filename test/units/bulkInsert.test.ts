// Unit tests of the bulk-insert helpers (src/db/raw.ts, src/db/program.ts): the statement
// sizes of multi-row INSERTs (few distinct texts, every row once, in order), the value
// conversion, the PostgreSQL unnest statement (constant columns as scalars), and a round
// trip through a real in-memory SQLite database.
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { insertMany, query, type SqlOp } from "../../src/db/program.ts";
import {
  chunkSize,
  insertChunks,
  type SqlValue,
  toSqlite,
  unnestStatement,
} from "../../src/db/raw.ts";

const rowsOf = (n: number, cols = 3): SqlValue[][] =>
  Array.from({ length: n }, (_, i) => Array.from({ length: cols }, (_, c) => `r${i}c${c}`));

/** How many rows each statement of insertChunks carries. */
const sizes = (n: number, cols = 3) =>
  [...insertChunks("T", ["a", "b", "c"].slice(0, cols), rowsOf(n, cols))].map(
    (s) => s.values.length / cols,
  );

describe("chunkSize: full chunks, then the remainder in pieces of 256, 64, 16, 4 and 1", () => {
  it("takes a full chunk while one fits, else the largest piece that fits", () => {
    expect(chunkSize(1200, 500)).toBe(500);
    expect(chunkSize(499, 500)).toBe(256);
    expect(chunkSize(255, 500)).toBe(64);
    expect(chunkSize(63, 500)).toBe(16);
    expect(chunkSize(15, 500)).toBe(4);
    expect(chunkSize(3, 500)).toBe(1);
  });

  it("never uses a piece as big as the chunk itself (small chunks of wide tables)", () => {
    expect(chunkSize(100, 64)).toBe(64);
    expect(chunkSize(63, 64)).toBe(16);
  });
});

describe("insertChunks", () => {
  it("yields nothing for no rows", () => {
    expect([...insertChunks("T", ["a"], [])]).toEqual([]);
  });

  it("1,234 rows: two full statements of 500, then 234 as 64+64+64+16+16+4+4+1+1", () => {
    expect(sizes(1234)).toEqual([500, 500, 64, 64, 64, 16, 16, 4, 4, 1, 1]);
  });

  it("binds every value once, in row order, and reuses one text per size", () => {
    const rows = rowsOf(777);
    const statements = [...insertChunks("Message", ["a", "b", "c"], rows)];
    expect(statements.flatMap((s) => s.values)).toEqual(rows.flat());
    const texts = new Set(statements.map((s) => s.sql));
    expect(texts.size).toBe(new Set(sizes(777)).size);
    expect(
      statements[0]!.sql.startsWith('INSERT INTO "Message" ("a", "b", "c") VALUES (?, ?, ?), '),
    ).toBe(true);
  });

  it("stays under the parameter limits of both databases for wide tables", () => {
    const columns = Array.from({ length: 100 }, (_, i) => `c${i}`);
    const rows = Array.from({ length: 1000 }, () => columns.map(() => 1));
    const statements = [...insertChunks("Wide", columns, rows)];
    expect(Math.max(...statements.map((s) => s.values.length))).toBeLessThanOrEqual(32_000);
    expect(statements.reduce((n, s) => n + s.values.length, 0)).toBe(100 * 1000);
  });

  it("converts values for the driver: SQLite stores instants as epoch ms and booleans as 0/1", () => {
    const at = new Date("2026-11-25T00:00:00Z");
    const [st] = [
      ...insertChunks("T", ["at", "ok", "no", "n"], [[at, true, false, null]], toSqlite),
    ];
    expect(st!.values).toEqual([at.getTime(), 1, 0, null]);
  });
});

describe("unnestStatement (PostgreSQL)", () => {
  const at = new Date("2026-11-25T00:00:00Z");

  it("sends varying columns as arrays and constant ones once as a scalar", () => {
    const { sql, params } = unnestStatement(
      "Message",
      ["id", "requestId", "createdAt"],
      ["text", "text", "timestamp(3)"],
      [
        ["m1", "r1", at],
        ["m2", "r1", new Date(at)],
      ],
    );
    expect(sql).toBe(
      'INSERT INTO "Message" ("id", "requestId", "createdAt") SELECT u.c0, $2::text, $3::timestamp(3) FROM unnest($1::text[]) AS u(c0)',
    );
    expect(params).toEqual([["m1", "m2"], "r1", at.toISOString()]);
  });

  it("keeps a row source for identical rows, and needs none for a single row", () => {
    const twice = unnestStatement(
      "T",
      ["a", "b"],
      ["text", "int"],
      [
        ["x", 1],
        ["x", 1],
      ],
    );
    expect(twice.sql).toBe(
      'INSERT INTO "T" ("a", "b") SELECT u.c0, $2::int FROM unnest($1::text[]) AS u(c0)',
    );
    expect(twice.params).toEqual([["x", "x"], 1]);
    const once = unnestStatement("T", ["a", "b"], ["text", "int"], [["x", null]]);
    expect(once).toEqual({
      sql: 'INSERT INTO "T" ("a", "b") SELECT $1::text, $2::int',
      params: ["x", null],
    });
  });
});

describe("insertMany in a program", () => {
  it("yields one insertMany operation, and none for no rows", () => {
    const ops = (rows: SqlValue[][]) => {
      const out: SqlOp[] = [];
      const program = (function* () {
        yield* insertMany("T", ["a"], rows, ["text"]);
        return yield* query("SELECT 1");
      })();
      for (let step = program.next(); !step.done; step = program.next([])) out.push(step.value);
      return out.map((op) => op.kind);
    };
    expect(ops([["x"]])).toEqual(["insertMany", "query"]);
    expect(ops([])).toEqual(["query"]);
  });

  it("round trip: the statements of 1,234 rows store every row once in real SQLite", () => {
    const db = new Database(":memory:");
    try {
      db.exec('CREATE TABLE "T" ("a" TEXT PRIMARY KEY, "b" TEXT, "c" TEXT)');
      const rows = rowsOf(1234);
      for (const st of insertChunks("T", ["a", "b", "c"], rows, toSqlite))
        db.prepare(st.sql).run(st.values);
      const stored = db.prepare('SELECT "a", "b", "c" FROM "T" ORDER BY rowid').raw().all();
      expect(stored).toEqual(rows);
    } finally {
      db.close();
    }
  });
});
