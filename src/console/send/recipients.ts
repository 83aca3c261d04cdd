// Recipients as the Send screen gathers them: the template CSV it offers for download, and a
// first reading of an imported CSV (header, row count, rows with the wrong number of
// columns) with the same parser and options as the gateway (src/domain/recipients.ts).
// Numbers and duplicates are judged by the gateway: the preview reports them row by row.
import { parse } from "csv-parse/browser/esm/sync";

export const MAX_RECIPIENTS = 100_000;
export const CSV_COLUMNS = ["to", "subject", "content"] as const;

/** The downloadable template: the header and two example rows (overrides left empty in one). */
export function templateCsv(): string {
  return [
    CSV_COLUMNS.join(","),
    "01012345678,,",
    '01098765432,"Per-recipient subject (LMS)","Per-recipient content, replacing the message"',
    "",
  ].join("\r\n");
}

export type CsvSummary =
  | { ok: false; problem: "empty" | "header" | "unreadable"; detail: string }
  | {
      ok: true;
      columns: string[];
      /** Recipient rows (the header excluded). */
      rows: number;
      /** Rows the gateway will report as BROKEN_ROW: line number in the file, columns found. */
      broken: { line: number; found: number }[];
    };

interface ParsedRow {
  record: string[];
  info: { lines: number };
}

/** Reads a recipient CSV as the gateway will: header `to[,subject][,content]` in any order. */
export function summarizeCsv(text: string): CsvSummary {
  let records: ParsedRow[];
  try {
    records = parse(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      trim: true,
    }) as unknown as ParsedRow[];
  } catch (err) {
    return { ok: false, problem: "unreadable", detail: (err as Error).message };
  }
  const [header, ...rows] = records;
  if (!header) return { ok: false, problem: "empty", detail: "" };
  const columns = header.record.map((c) => c.toLowerCase());
  const known = columns.every((c) => (CSV_COLUMNS as readonly string[]).includes(c));
  if (!columns.includes("to") || !known || new Set(columns).size !== columns.length)
    return { ok: false, problem: "header", detail: header.record.join(",") };
  return {
    ok: true,
    columns,
    rows: rows.length,
    broken: rows
      .filter((r) => r.record.length !== columns.length)
      .map((r) => ({ line: r.info.lines, found: r.record.length })),
  };
}

/** Numbers in the paste box: one per line, blank lines ignored (as the gateway reads `text`). */
export const textLines = (text: string) => text.split(/\r?\n/).filter((l) => l.trim()).length;
