// docs/sending.md#recipients: country validation, three ways in, duplicates, row-by-row reports.
import { describe, expect, it } from "vitest";
import {
  MAX_RECIPIENTS,
  normalizeRecipientNumber,
  RECIPIENT_CHUNK,
  RecipientCollector,
} from "../../src/domain/recipients.ts";
import { ValidationError } from "../../src/domain/errors.ts";

describe("recipient numbers", () => {
  it("Korean mobile numbers: separators stripped, +82 / 82 forms brought to 010…", () => {
    for (const raw of [
      "010-1234-5678",
      "010 1234 5678",
      "01012345678",
      "+82 10-1234-5678",
      "821012345678",
      "(010) 1234.5678",
    ]) {
      expect(normalizeRecipientNumber("82", raw)).toEqual({ ok: true, number: "01012345678" });
    }
    expect(normalizeRecipientNumber("82", "011-123-4567")).toEqual({
      ok: true,
      number: "0111234567",
    });
  });

  it("refuses letters, landlines, too short and too long Korean numbers", () => {
    for (const raw of [
      "010-1234-567a",
      "02-123-4567",
      "010123",
      "010123456789",
      "",
      "+1 202 555 0123",
    ]) {
      expect(normalizeRecipientNumber("82", raw).ok, raw).toBe(false);
    }
  });

  it("validates other countries with the phone-number library and stores the national number", () => {
    expect(normalizeRecipientNumber("1", "(202) 555-0123")).toEqual({
      ok: true,
      number: "2025550123",
    });
    expect(normalizeRecipientNumber("1", "+1 202 555 0123")).toEqual({
      ok: true,
      number: "2025550123",
    });
    expect(normalizeRecipientNumber("81", "090-1234-5678")).toEqual({
      ok: true,
      number: "9012345678",
    });
    expect(normalizeRecipientNumber("86", "138 1234 5678")).toEqual({
      ok: true,
      number: "13812345678",
    });
    expect(normalizeRecipientNumber("65", "8123 4567")).toEqual({ ok: true, number: "81234567" });
    expect(normalizeRecipientNumber("852", "9123 4567")).toEqual({ ok: true, number: "91234567" });
    expect(normalizeRecipientNumber("886", "0912 345 678")).toEqual({
      ok: true,
      number: "912345678",
    });
    expect(normalizeRecipientNumber("1", "202555").ok).toBe(false);
    expect(normalizeRecipientNumber("65", "+81 90 1234 5678").ok).toBe(false);
  });
});

describe("collecting recipients", () => {
  it("takes a list, a text block and a CSV in one request, numbering rows per source", async () => {
    const c = new RecipientCollector("82");
    await c.addList([{ to: "010-1111-1111", content: "hi A" }]);
    await c.addText("01022222222\n\n010-3333-3333\n");
    await c.addCsv("to,subject,content\n010-4444-4444,Hello,Body D\n");
    const r = c.result();
    expect(r.recipients).toEqual([
      { source: "LIST", row: 1, to: "01011111111", content: "hi A" },
      { source: "TEXT", row: 1, to: "01022222222" },
      { source: "TEXT", row: 3, to: "01033333333" },
      { source: "CSV", row: 2, to: "01044444444", subject: "Hello", content: "Body D" },
    ]);
    expect(r.rejected).toEqual([]);
  });

  it("collapses duplicates into the first occurrence and reports them", async () => {
    const c = await new RecipientCollector("82").addList([
      { to: "01011111111" },
      { to: "010-1111-1111" },
    ]);
    const r = (await c.addText("+82 10 1111 1111")).result();
    expect(r.recipients).toHaveLength(1);
    expect(r.duplicates).toEqual([
      {
        source: "LIST",
        row: 2,
        value: "010-1111-1111",
        code: "DUPLICATE",
        reason: "same number as list row 1",
      },
      {
        source: "TEXT",
        row: 1,
        value: "+82 10 1111 1111",
        code: "DUPLICATE",
        reason: "same number as list row 1",
      },
    ]);
  });

  it("reports invalid numbers and broken CSV rows row by row, keeping the good rows", async () => {
    const r = (
      await new RecipientCollector("82").addCsv(
        "to,content\n01011111111,ok\nabc,bad number\n01022222222,too,many\n01033333333,fine\n",
      )
    ).result();
    expect(r.recipients.map((x) => x.to)).toEqual(["01011111111", "01033333333"]);
    expect(r.rejected.map(({ row, code, value }) => ({ row, code, value }))).toEqual([
      { row: 3, code: "INVALID_NUMBER", value: "abc" },
      { row: 4, code: "BROKEN_ROW", value: "01022222222,too,many" },
    ]);
  });

  it("refuses a CSV without a usable header or with an unclosed quote, naming the line", async () => {
    await expect(new RecipientCollector("82").addCsv("number,content\n010,x\n")).rejects.toThrow(
      ValidationError,
    );
    await expect(new RecipientCollector("82").addCsv("")).rejects.toThrow(/empty/);
    await expect(
      new RecipientCollector("82").addCsv('to,content\n01011111111,"open\n01022222222,x\n'),
    ).rejects.toThrow(/line 3/);
  });

  it(`refuses more than ${MAX_RECIPIENTS.toLocaleString("en")} recipients`, async () => {
    const text = Array.from(
      { length: MAX_RECIPIENTS + 1 },
      (_, i) => `010${String(10_000_000 + i)}`,
    ).join("\n");
    await expect(new RecipientCollector("82").addText(text)).rejects.toThrow(/at most 100,000/);
    const ok = (
      await new RecipientCollector("82").addText(text.slice(0, text.lastIndexOf("\n")))
    ).result();
    expect(ok.recipients).toHaveLength(MAX_RECIPIENTS);
  });
});

describe("collecting gives way to the event loop between chunks (issue 10, item 17)", () => {
  /** A pause that records how many rows had been collected when it was called. */
  const countingPause = (collector: () => RecipientCollector) => {
    const seenAt: number[] = [];
    return { seenAt, pause: async () => void seenAt.push(collector().result().recipients.length) };
  };
  const us = (n: number) => Array.from({ length: n }, (_, i) => String(2_122_000_000 + i));

  it("pauses once per chunk of a list, a text block and a CSV, with the rows of that chunk done", async () => {
    let c!: RecipientCollector;
    const { seenAt, pause } = countingPause(() => c);
    c = new RecipientCollector("1", pause, 1_000);
    await c.addList(us(5_000).map((to) => ({ to })));
    expect(seenAt).toEqual([1_000, 2_000, 3_000, 4_000, 5_000]);
    seenAt.length = 0;
    c = new RecipientCollector("1", pause, 1_000);
    await c.addText(us(3_500).join("\n"));
    expect(seenAt).toEqual([1_000, 2_000, 3_000]);
    expect(c.result().recipients).toHaveLength(3_500);
  });

  it("parses a big CSV in pieces with a pause between them, keeping line numbers and every row", async () => {
    let pauses = 0;
    const c = new RecipientCollector("1", async () => void pauses++, RECIPIENT_CHUNK);
    const rows = us(20_000);
    await c.addCsv(
      `to,content\n${rows.map((n, i) => `${n},"row ${i}\nsecond line"`).join("\n")}\n`,
    );
    const r = c.result();
    expect(r.recipients).toHaveLength(20_000);
    // The line a record ends on, as csv-parse counts it (its second line here).
    expect(r.recipients[19_999]).toEqual({
      source: "CSV",
      row: 3 + 19_999 * 2,
      to: "2122019999",
      content: "row 19999\nsecond line",
    });
    // ~0.8 MB of CSV: a dozen parser pieces plus one pause per 2,000 checked rows.
    expect(pauses).toBeGreaterThanOrEqual(10 + 20_000 / RECIPIENT_CHUNK);
  });
});
