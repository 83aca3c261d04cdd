// Recipients (docs/sending.md#recipients): numbers from a list, a newline-separated text block or a CSV
// (`to[,subject][,content]` with a header row), validated for the request's country,
// duplicates collapsed, every bad row reported with its source, row, value and reason.
// Korean mobile numbers are checked by the numbering plan directly (the hot path of big
// sends); other countries by libphonenumber-js's full metadata. Collecting is async and
// pauses between chunks of rows (`Pause`), so a 100,000-row request never holds the event
// loop for long: a US number costs ~13 µs in libphonenumber-js, 100k of them 1.3 s.
import { parse as parseCsvStream, type Info } from "csv-parse";
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { REGION_OF, type CountryCode } from "./countryPolicy.ts";
import { ValidationError } from "./errors.ts";
import { describeTextFlaw, findTextFlaw } from "./text.ts";
import { stripSeparators } from "./phone.ts";
import { yieldToEventLoop, type Pause } from "./pause.ts";

export const MAX_RECIPIENTS = 100_000;

export type RecipientSource = "LIST" | "TEXT" | "CSV";

export interface Recipient {
  source: RecipientSource;
  /** 1-based: list position, text line, or CSV line (the header is line 1). */
  row: number;
  /** Normalised number: Korean numbers with their leading 0, others as national number. */
  to: string;
  subject?: string;
  content?: string;
}

export type RowProblemCode = "INVALID_NUMBER" | "DUPLICATE" | "BROKEN_ROW";

export interface RowProblem {
  source: RecipientSource;
  row: number;
  value: string;
  code: RowProblemCode;
  reason: string;
}

export interface RecipientInput {
  to: string;
  subject?: string | null;
  content?: string | null;
}

export interface ParsedRecipients {
  recipients: Recipient[];
  /** Rows that cannot be sent (invalid numbers, broken CSV rows). */
  rejected: RowProblem[];
  /** Later occurrences of a number already in the request; collapsed into the first. */
  duplicates: RowProblem[];
}

const KOREAN_MOBILE = /^(?:010\d{8}|01[16789]\d{7,8})$/;

export type NumberCheck = { ok: true; number: string } | { ok: false; reason: string };

export function normalizeRecipientNumber(countryCode: CountryCode, raw: string): NumberCheck {
  // Fast path for the common case of big sends: a Korean mobile number typed as bare digits.
  if (countryCode === "82" && KOREAN_MOBILE.test(raw)) return { ok: true, number: raw };
  const trimmed = raw.trim();
  if (!trimmed) return { ok: false, reason: "empty number" };
  const international = trimmed.startsWith("+");
  const digits = stripSeparators(trimmed).replace(/^\+/, "");
  if (!/^\d+$/.test(digits))
    return {
      ok: false,
      reason: "a phone number may contain only digits and separators (- . space parentheses)",
    };
  if (countryCode === "82") {
    let national = digits;
    if (
      international ||
      (digits.startsWith("82") && digits.length >= 11 && !digits.startsWith("820"))
    ) {
      if (!digits.startsWith("82"))
        return { ok: false, reason: `+${digits.slice(0, 3)}… is not a Korean (+82) number` };
      national = `0${digits.slice(2)}`;
    }
    return KOREAN_MOBILE.test(national)
      ? { ok: true, number: national }
      : {
          ok: false,
          reason:
            "not a Korean mobile number (010-XXXX-XXXX, or 011/016/017/018/019 with 7–8 digits)",
        };
  }
  const region = REGION_OF[countryCode];
  const candidates = international
    ? [`+${digits}`]
    : [digits, ...(digits.startsWith(countryCode) ? [`+${digits}`] : [])];
  for (const candidate of candidates) {
    const parsed = candidate.startsWith("+")
      ? parsePhoneNumberFromString(candidate)
      : parsePhoneNumberFromString(candidate, region);
    if (parsed && parsed.countryCallingCode === countryCode && parsed.isValid())
      return { ok: true, number: parsed.nationalNumber };
  }
  return { ok: false, reason: `not a valid number for country code +${countryCode}` };
}

/**
 * Korean rows checked between two pauses (a few ms on an idle core), so other requests wait
 * at most that long for one big send.
 */
export const RECIPIENT_CHUNK = 2_000;
/**
 * Numbers outside Korea go through libphonenumber-js (~13 µs each when warm, several times
 * that for its first few thousand calls): a quarter of the rows per turn.
 */
export const FOREIGN_RECIPIENT_CHUNK = 500;

/** CSV text handed to the parser between two pauses (~2,000 short rows). */
const CSV_PIECE_CHARS = 64 * 1024;

/** Collects recipients from every source of one request, in order: list, text, CSV. */
export class RecipientCollector {
  private readonly byNumber = new Map<string, Recipient>();
  private readonly rejected: RowProblem[] = [];
  private readonly duplicates: RowProblem[] = [];
  private rows = 0;
  private steps = 0;

  /** `giveWay` is awaited after every `chunk` rows; tests inject one that counts. */
  constructor(
    private readonly countryCode: CountryCode,
    private readonly giveWay: Pause = yieldToEventLoop,
    private readonly chunk = countryCode === "82" ? RECIPIENT_CHUNK : FOREIGN_RECIPIENT_CHUNK,
  ) {}

  /** True once per chunk of rows: time to give way. */
  private due(): boolean {
    return ++this.steps % this.chunk === 0;
  }

  private add(source: RecipientSource, row: number, input: RecipientInput): void {
    if (++this.rows > MAX_RECIPIENTS) {
      throw ValidationError.field(
        ["recipients"],
        `A request may carry at most ${MAX_RECIPIENTS.toLocaleString("en")} recipients`,
      );
    }
    const check = normalizeRecipientNumber(this.countryCode, input.to);
    if (!check.ok) {
      this.rejected.push({
        source,
        row,
        value: input.to,
        code: "INVALID_NUMBER",
        reason: check.reason,
      });
      return;
    }
    const first = this.byNumber.get(check.number);
    if (first) {
      this.duplicates.push({
        source,
        row,
        value: input.to,
        code: "DUPLICATE",
        reason: `same number as ${first.source.toLowerCase()} row ${first.row}`,
      });
      return;
    }
    const r: Recipient = { source, row, to: check.number };
    if (input.subject) r.subject = input.subject;
    if (input.content) r.content = input.content;
    this.byNumber.set(check.number, r);
  }

  async addList(items: RecipientInput[]): Promise<this> {
    for (let i = 0; i < items.length; i++) {
      this.add("LIST", i + 1, items[i]!);
      if (this.due()) await this.giveWay();
    }
    return this;
  }

  /** One number per line (the console's textarea); blank lines are ignored. */
  async addText(text: string): Promise<this> {
    const lines = text.split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      if (lines[i]!.trim()) this.add("TEXT", i + 1, { to: lines[i]! });
      if (this.due()) await this.giveWay();
    }
    return this;
  }

  /** CSV with a header naming `to` and optionally `subject` and `content`. */
  async addCsv(csv: string): Promise<this> {
    // Its cells become contents and subjects: the text rule of every input applies (line
    // breaks and tabs belong to the format, so the file is checked as multi-line text).
    const flaw = findTextFlaw(csv, "multiline");
    if (flaw)
      throw ValidationError.field(
        ["recipients", "csv"],
        describeTextFlaw("recipients.csv", flaw, "multiline"),
      );
    let records: { record: string[]; info: Info }[];
    try {
      records = await parseCsvInPieces(csv, this.giveWay);
    } catch (err) {
      const e = err as { message: string; lines?: number };
      throw ValidationError.field(
        ["recipients", "csv"],
        `The CSV cannot be read${e.lines ? ` (line ${e.lines})` : ""}: ${e.message}`,
      );
    }
    const [header, ...rows] = records;
    if (!header)
      throw ValidationError.field(
        ["recipients", "csv"],
        "The CSV is empty; it needs a header row such as: to,subject,content",
      );
    const columns = header.record.map((c) => c.toLowerCase());
    const unknown = columns.filter((c) => !["to", "subject", "content"].includes(c));
    if (!columns.includes("to") || unknown.length || new Set(columns).size !== columns.length) {
      throw ValidationError.field(
        ["recipients", "csv"],
        `The CSV header must name a "to" column and optionally "subject" and "content" (got: ${header.record.join(",")})`,
      );
    }
    const at = (name: string) => columns.indexOf(name);
    for (const { record, info } of rows) {
      if (this.due()) await this.giveWay();
      if (record.length !== columns.length) {
        this.rejected.push({
          source: "CSV",
          row: info.lines,
          value: record.join(","),
          code: "BROKEN_ROW",
          reason: `expected ${columns.length} columns (${columns.join(",")}), found ${record.length}`,
        });
        continue;
      }
      this.add("CSV", info.lines, {
        to: record[at("to")]!,
        subject: at("subject") >= 0 ? record[at("subject")] : null,
        content: at("content") >= 0 ? record[at("content")] : null,
      });
    }
    return this;
  }

  result(): ParsedRecipients {
    return {
      recipients: [...this.byNumber.values()],
      rejected: this.rejected,
      duplicates: this.duplicates,
    };
  }
}

/**
 * csv-parse's synchronous parser takes ~0.4 s for 100,000 rows in one go; its stream parser
 * is fed the text in pieces cut after a line break (never inside a surrogate pair), with a
 * pause per chunk of rows in between. Errors carry the same `lines` as the sync parser's.
 */
async function parseCsvInPieces(
  csv: string,
  giveWay: Pause,
): Promise<{ record: string[]; info: Info }[]> {
  const parser = parseCsvStream({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
    trim: true,
  });
  const records: { record: string[]; info: Info }[] = [];
  let failure: unknown = null;
  parser.on("error", (err) => (failure ??= err as unknown));
  parser.on("readable", () => {
    let r: { record: string[]; info: Info } | null;
    while ((r = parser.read()) !== null) records.push(r);
  });
  const ended = new Promise<void>((resolve) => {
    parser.on("end", resolve);
    parser.on("error", () => resolve());
  });
  for (let at = 0; at < csv.length && failure === null; ) {
    let end = Math.min(csv.length, at + CSV_PIECE_CHARS);
    if (end < csv.length) {
      const lineBreak = csv.lastIndexOf("\n", end);
      if (lineBreak > at) end = lineBreak + 1;
      else if (/[\ud800-\udbff]/.test(csv[end - 1]!)) end--; // one huge line: never split a surrogate pair
    }
    parser.write(csv.slice(at, end));
    at = end;
    await giveWay();
  }
  parser.end();
  await ended;
  if (failure) throw failure;
  return records;
}
