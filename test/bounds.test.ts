// Issue 10, item 18: what the gateway keeps in memory stays bounded however many distinct
// keys a long-running load brings. One describe per cache or statement set that was bounded.
import { describe, expect, it } from "vitest";
import { insertChunks } from "../src/db/raw.ts";

describe("multi-row inserts use a few fixed statement shapes", () => {
  const columns = [
    "id",
    "accountId",
    "projectId",
    "requestId",
    "to",
    "countryCode",
    "subject",
    "content",
    "status",
    "requestTime",
  ];
  const rowsOf = (n: number) => Array.from({ length: n }, (_, i) => columns.map((c) => `${c}${i}`));

  it("inserts of every size from 1 to 1,500 rows share at most 6 statement texts", () => {
    // Every distinct text is a prepared statement (SQLite keeps ~0.25 MB of native memory
    // per 500-row one); one text per remainder size used to make 500 of them.
    const texts = new Set<string>();
    for (let n = 1; n <= 1_500; n++)
      for (const chunk of insertChunks("Message", columns, rowsOf(n))) texts.add(chunk.sql);
    expect(texts.size).toBeLessThanOrEqual(6);
  });

  it("still writes every row once, in order, with at most 13 statements beyond the full chunks", () => {
    for (const n of [1, 3, 4, 255, 256, 499, 500, 501, 1_337, 100_000]) {
      const rows = rowsOf(n);
      const chunks = [...insertChunks("Message", columns, rows)];
      expect(chunks.flatMap((c) => c.values)).toEqual(rows.flat());
      for (const c of chunks)
        expect(c.sql.split("), (").length * columns.length).toBe(c.values.length);
      expect(chunks.length).toBeLessThanOrEqual(Math.floor(n / 500) + 13);
    }
  });
});
