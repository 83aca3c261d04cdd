// Recipients (docs/sending.md#recipients): numbers from a list, a newline-separated text block or a CSV
// (`to[,subject][,content]` with a header row), validated for the request's country,
// duplicates collapsed, every bad row reported with its source, row, value and reason.
// Korean mobile numbers are checked by the numbering plan directly (the hot path of big
// sends); other countries by libphonenumber-js's full metadata.
import { parse as parseCsv } from "csv-parse/sync";
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { REGION_OF, type CountryCode } from "./countryPolicy.ts";
import { ValidationError } from "./errors.ts";
import { describeTextFlaw, findTextFlaw } from "./text.ts";
import { stripSeparators } from "./phone.ts";

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
  if (!/^\d+$/.test(digits)) return { ok: false, reason: "a phone number may contain only digits and separators (- . space parentheses)" };
  if (countryCode === "82") {
    let national = digits;
    if (international || (digits.startsWith("82") && digits.length >= 11 && !digits.startsWith("820"))) {
      if (!digits.startsWith("82")) return { ok: false, reason: `+${digits.slice(0, 3)}… is not a Korean (+82) number` };
      national = `0${digits.slice(2)}`;
    }
    return KOREAN_MOBILE.test(national)
      ? { ok: true, number: national }
      : { ok: false, reason: "not a Korean mobile number (010-XXXX-XXXX, or 011/016/017/018/019 with 7–8 digits)" };
  }
  const region = REGION_OF[countryCode];
  const candidates = international ? [`+${digits}`] : [digits, ...(digits.startsWith(countryCode) ? [`+${digits}`] : [])];
  for (const candidate of candidates) {
    const parsed = candidate.startsWith("+") ? parsePhoneNumberFromString(candidate) : parsePhoneNumberFromString(candidate, region);
    if (parsed && parsed.countryCallingCode === countryCode && parsed.isValid()) return { ok: true, number: parsed.nationalNumber };
  }
  return { ok: false, reason: `not a valid number for country code +${countryCode}` };
}

/** Collects recipients from every source of one request, in order: list, text, CSV. */
export class RecipientCollector {
  private readonly byNumber = new Map<string, Recipient>();
  private readonly rejected: RowProblem[] = [];
  private readonly duplicates: RowProblem[] = [];
  private rows = 0;

  constructor(private readonly countryCode: CountryCode) {}

  private add(source: RecipientSource, row: number, input: RecipientInput): void {
    if (++this.rows > MAX_RECIPIENTS) {
      throw ValidationError.field(["recipients"], `A request may carry at most ${MAX_RECIPIENTS.toLocaleString("en")} recipients`);
    }
    const check = normalizeRecipientNumber(this.countryCode, input.to);
    if (!check.ok) {
      this.rejected.push({ source, row, value: input.to, code: "INVALID_NUMBER", reason: check.reason });
      return;
    }
    const first = this.byNumber.get(check.number);
    if (first) {
      this.duplicates.push({ source, row, value: input.to, code: "DUPLICATE", reason: `same number as ${first.source.toLowerCase()} row ${first.row}` });
      return;
    }
    const r: Recipient = { source, row, to: check.number };
    if (input.subject) r.subject = input.subject;
    if (input.content) r.content = input.content;
    this.byNumber.set(check.number, r);
  }

  addList(items: RecipientInput[]): this {
    items.forEach((item, i) => this.add("LIST", i + 1, item));
    return this;
  }

  /** One number per line (the console's textarea); blank lines are ignored. */
  addText(text: string): this {
    text.split(/\r?\n/).forEach((line, i) => {
      if (line.trim()) this.add("TEXT", i + 1, { to: line });
    });
    return this;
  }

  /** CSV with a header naming `to` and optionally `subject` and `content`. */
  addCsv(csv: string): this {
    // Its cells become contents and subjects: the text rule of every input applies (line
    // breaks and tabs belong to the format, so the file is checked as multi-line text).
    const flaw = findTextFlaw(csv, "multiline");
    if (flaw) throw ValidationError.field(["recipients", "csv"], describeTextFlaw("recipients.csv", flaw, "multiline"));
    let records: { record: string[]; info: { lines: number } }[];
    try {
      records = parseCsv(csv, { bom: true, relax_column_count: true, skip_empty_lines: true, info: true, trim: true }) as never;
    } catch (err) {
      const e = err as { message: string; lines?: number };
      throw ValidationError.field(["recipients", "csv"], `The CSV cannot be read${e.lines ? ` (line ${e.lines})` : ""}: ${e.message}`);
    }
    const [header, ...rows] = records;
    if (!header) throw ValidationError.field(["recipients", "csv"], "The CSV is empty; it needs a header row such as: to,subject,content");
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
    return { recipients: [...this.byNumber.values()], rejected: this.rejected, duplicates: this.duplicates };
  }
}
