// The repository documents itself (docs/): no tracked file points outside the repository,
// every relative link in docs/ and the README resolves to a file and heading that exist,
// and the tables in docs/ cannot fall behind the code they describe (result codes, enum
// values, transition tables, the key limits).
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { SUPPORTED_COUNTRY_CODES } from "../src/domain/countryPolicy.ts";
import { LIMITS } from "../src/domain/messageRules.ts";
import { OPT_OUT_TRANSITIONS } from "../src/domain/optOut.ts";
import { MAX_RECIPIENTS } from "../src/domain/recipients.ts";
import { RESERVATION_TRANSITIONS } from "../src/domain/reservations.ts";
import { RESULT_CODES } from "../src/domain/resultCodes.ts";
import { SENDER_NUMBER_LIMIT, SENDER_NUMBER_TRANSITIONS } from "../src/domain/senderNumber.ts";
import { SENS_MAX_MESSAGES } from "../src/rest/sensWire.ts";

const ROOT = resolve(import.meta.dirname, "..");
const DOCS = join(ROOT, "docs");
const read = (path: string) => readFileSync(path, "utf8");

const docFiles = readdirSync(DOCS)
  .filter((f) => f.endsWith(".md"))
  .map((f) => join(DOCS, f));
const allDocs = docFiles.map(read).join("\n");
const doc = (name: string) => read(join(DOCS, name));

/** The text of `markdown` with fenced code blocks blanked out (line numbers kept). */
function withoutFences(markdown: string): string {
  let inFence = false;
  return markdown
    .split("\n")
    .map((line) => {
      if (/^\s*(```|~~~)/.test(line)) {
        inFence = !inFence;
        return "";
      }
      return inFence ? "" : line;
    })
    .join("\n");
}

/**
 * The anchors GitHub gives a file's headings: the heading's text (inline code and link
 * markup reduced to their text), lower-cased, with everything but letters, digits, marks,
 * spaces, `-` and `_` removed and each space turned into `-`; repeats get -1, -2, …
 */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const line of withoutFences(markdown).split("\n")) {
    const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const text = m[1]!.replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/`([^`]*)`/g, "$1");
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
      .replace(/ /g, "-");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/** Relative links `[text](target)` outside code, as [target, line number]. */
function relativeLinks(markdown: string): [string, number][] {
  const out: [string, number][] = [];
  withoutFences(markdown)
    .split("\n")
    .forEach((line, i) => {
      const prose = line.replace(/`[^`]*`/g, "");
      for (const m of prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
        const target = m[1]!;
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:, …
        out.push([target, i + 1]);
      }
    });
  return out;
}

/** Rows of the markdown table that follows `heading` in `markdown` (cells trimmed). */
function tableAfter(markdown: string, heading: string): string[][] {
  const start = markdown.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`no heading "${heading}"`);
  const lines = markdown.slice(start + heading.length + 2).split("\n");
  const first = lines.findIndex((l) => l.startsWith("|"));
  const rows: string[][] = [];
  for (const line of lines.slice(first)) {
    if (!line.startsWith("|")) break;
    rows.push(
      line
        .slice(1, -1)
        .split("|")
        .map((c) => c.trim()),
    );
  }
  return rows.slice(2); // header and separator
}

const unquote = (cell: string) => cell.replace(/`/g, "");

describe("the repository refers to nothing outside itself", () => {
  // Built from pieces so that this file, which is tracked too, does not match itself.
  const outside = [
    new RegExp(`${String.raw`\.\./`}shared(?![\\w-])`),
    new RegExp("shared" + "/SPEC"),
  ];
  const specSection = new RegExp("SPEC" + " §");

  const tracked = execFileSync("git", ["ls-files", "-z"], { cwd: ROOT, encoding: "utf8" })
    .split("\0")
    .filter((f) => f && existsSync(join(ROOT, f)) && statSync(join(ROOT, f)).isFile());

  it("lists the tracked files (the checks below are not vacuous)", () => {
    expect(tracked).toContain("README.md");
    expect(tracked).toContain("src/domain/resultCodes.ts");
    expect(tracked).toContain("LICENSE");
  });

  it("has no tracked file that points at the spec outside the repository", () => {
    const hits: string[] = [];
    for (const file of tracked) {
      read(join(ROOT, file))
        .split("\n")
        .forEach((line, i) => {
          if (outside.some((re) => re.test(line))) hits.push(`${file}:${i + 1}: ${line.trim()}`);
          if (specSection.test(line))
            hits.push(`${file}:${i + 1}: ${line.trim()} (cite a docs/ page instead)`);
        });
    }
    expect(hits).toEqual([]);
  });

  it("declares its license in package.json and ships the LICENSE file", () => {
    const pkg = JSON.parse(read(join(ROOT, "package.json"))) as { license?: string };
    expect(pkg.license).toBe("MIT");
    expect(read(join(ROOT, "LICENSE"))).toMatch(
      /^MIT License\n\nCopyright \(c\) 2026 the SMS gateway authors\n/,
    );
  });
});

describe("links in docs/ and the README", () => {
  const sources = [...docFiles, join(ROOT, "README.md")];

  it("resolve to files and headings that exist", () => {
    const broken: string[] = [];
    let checked = 0;
    for (const source of sources) {
      const text = read(source);
      for (const [target, line] of relativeLinks(text)) {
        checked++;
        const [path = "", anchor] = target.split("#");
        const file = path === "" ? source : resolve(dirname(source), decodeURIComponent(path));
        const where = `${relative(ROOT, source)}:${line} → ${target}`;
        if (!file.startsWith(`${ROOT}/`) && file !== ROOT) {
          broken.push(`${where} (outside the repository)`);
          continue;
        }
        if (!existsSync(file)) {
          broken.push(`${where} (no such file)`);
          continue;
        }
        if (anchor !== undefined && !(file.endsWith(".md") && anchorsOf(read(file)).has(anchor))) {
          broken.push(`${where} (no such heading)`);
        }
      }
    }
    expect(broken).toEqual([]);
    expect(checked).toBeGreaterThan(30);
  });

  it("compute anchors the way GitHub does", () => {
    const anchors = anchorsOf(
      "# Sending\n## `SMS` — self-verification by phone\n## What a send returns\n```\n# not a heading\n```\n## Sending\n",
    );
    expect([...anchors]).toEqual([
      "sending",
      "sms--self-verification-by-phone",
      "what-a-send-returns",
      "sending-1",
    ]);
  });

  it("every page of docs/ is reachable from the index", () => {
    const index = relativeLinks(doc("README.md")).map(([t]) => t.split("#")[0]);
    const unlinked = docFiles
      .map((f) => relative(DOCS, f))
      .filter((f) => f !== "README.md" && !index.includes(f));
    expect(unlinked).toEqual([]);
  });

  it("the README links to docs/ near its top", () => {
    const top = read(join(ROOT, "README.md")).split("\n## ")[0]!;
    expect(top).toContain("](docs/README.md)");
  });
});

describe("docs/ keeps up with the code", () => {
  it("lists exactly the result codes of src/domain/resultCodes.ts, with their result and origin", () => {
    const rows = tableAfter(doc("delivery-and-results.md"), "## Result codes").map(
      (r) => `${unquote(r[0]!)} ${r[1]} ${r[2]}`,
    );
    const codes = Object.values(RESULT_CODES).map(
      (c) => `${c.code} ${c.result.toLowerCase()} ${c.origin}`,
    );
    expect(rows.sort()).toEqual(codes.sort());
  });

  it("names every value of every enum in prisma/models.prisma", () => {
    const models = read(join(ROOT, "prisma", "models.prisma"));
    const enums = [...models.matchAll(/^enum (\w+) \{([^}]*)\}/gm)].map((m) => ({
      name: m[1]!,
      values: m[2]!
        .split("\n")
        .map((l) => l.replace(/\/\/.*/, "").trim())
        .filter(Boolean),
    }));
    expect(enums.map((e) => e.name)).toContain("ReservationStatus");
    const missing = enums.flatMap((e) =>
      e.values.filter((v) => !allDocs.includes(`\`${v}\``)).map((v) => `${e.name}.${v}`),
    );
    expect(missing).toEqual([]);
  });

  it("prints exactly the reservation transitions the code allows", () => {
    const rows = tableAfter(
      doc("reservations-and-schedules.md"),
      "These are all the transitions (`RESERVATION_TRANSITIONS` in the code):",
    );
    expect(rows.map((r) => `${r[0]}→${r[1]}`)).toEqual(
      RESERVATION_TRANSITIONS.map((t) => `${t.from}→${t.to}`),
    );
  });

  it("prints exactly the sender-number transitions the code allows", () => {
    const rows = tableAfter(
      doc("sender-numbers.md"),
      "a review-history row (from, to, reason, who):",
    );
    const code = Object.entries(SENDER_NUMBER_TRANSITIONS).flatMap(([method, byStatus]) =>
      Object.entries(byStatus).flatMap(([from, tos]) =>
        (tos ?? []).map((to) => `${method} ${from}→${to}`),
      ),
    );
    expect(rows.map((r) => `${unquote(r[0]!)} ${unquote(r[1]!)}→${unquote(r[2]!)}`).sort()).toEqual(
      code.sort(),
    );
  });

  it("prints exactly the 080 service actions the code allows", () => {
    const rows = tableAfter(
      doc("opt-out-080.md"),
      "The actions that change it (`OPT_OUT_TRANSITIONS` in the code):",
    );
    const code = Object.entries(OPT_OUT_TRANSITIONS).map(
      ([action, t]) => `${action} ${t.from.join(",")}→${t.to ?? "removed"}`,
    );
    const documented = rows.map(
      (r) =>
        `${r[0]} ${unquote(r[1]!)}→${/^`(\w+)`/.exec(r[2]!)?.[1] ?? (r[2]!.includes("removed") ? "removed" : r[2])}`,
    );
    expect(documented.sort()).toEqual(code.sort());
  });

  it("states the limits the code enforces", () => {
    const types = tableAfter(doc("sending.md"), "## Types and limits");
    for (const [type, limit] of Object.entries(LIMITS)) {
      const row = types.find((r) => r[0] === `\`${type}\``);
      expect(row, type).toBeDefined();
      expect(row![2], `${type} content`).toContain(
        `${limit.contentBytes.toLocaleString("en")} bytes`,
      );
      if (limit.subjectBytes > 0)
        expect(row![1], `${type} subject`).toContain(`≤ ${limit.subjectBytes} bytes`);
      else expect(row![1], `${type} subject`).toBe("not allowed");
    }
    const countries = tableAfter(doc("sending.md"), "(`src/domain/countryPolicy.ts`):").map(
      (r) => r[0],
    );
    expect(countries.sort()).toEqual([...SUPPORTED_COUNTRY_CODES].sort());
    expect(doc("sending.md")).toContain(
      `at most **${MAX_RECIPIENTS.toLocaleString("en")}** recipient rows`,
    );
    expect(doc("sender-numbers.md")).toContain(`at most **${SENDER_NUMBER_LIMIT}** sender numbers`);
    expect(doc("rest-sens.md")).toContain(`**1–${SENS_MAX_MESSAGES}** entries`);
  });
});
