// Module borders, checked on every `npm test` (docs/architecture.md): no import cycles in
// src/; domain/ holds pure rules (no I/O, no other layer); services/ never reach into
// transports or delivery; delivery/ and realtime/ use only each other's public face. Imports
// are read with TypeScript's own pre-processor, so comments and strings never count.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");
const src = join(root, "src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    // Generated clients, and the browser console (its own tsconfig and rules).
    if (name === "generated" || (dir === src && name === "console")) return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith(".ts") && !path.endsWith(".d.ts") ? [path] : [];
  });
}

interface Import {
  from: string;
  /** A project file (resolved), or the bare package / node: specifier. */
  target: string;
  local: boolean;
  typeOnly: boolean;
}

function importsOf(file: string): Import[] {
  const text = readFileSync(file, "utf8");
  const info = ts.preProcessFile(text, true, true);
  return info.importedFiles.map(({ fileName }) => {
    const local = fileName.startsWith(".");
    // `import type …` and `export type … from` vanish at runtime: they cannot form a cycle.
    const escaped = fileName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const typeOnly = new RegExp(`(import|export)\\s+type\\s[^;]*?from\\s+["']${escaped}["']`).test(
      text,
    );
    return {
      from: file,
      target: local ? resolve(dirname(file), fileName) : fileName,
      local,
      typeOnly,
    };
  });
}

const files = sourceFiles(src);
const imports = files.flatMap(importsOf);
const rel = (p: string) => relative(root, p);
const layer = (p: string) => relative(src, p).split("/")[0]!;
/** A file's path under src/, e.g. "realtime/pubsub.ts" (imports name files with their .ts). */
const inSrc = (p: string) => relative(src, p);

/** Packages and Node modules that do I/O: domain/ stays free of them. */
const IO =
  /^(node:)?(fs|fs\/promises|net|http|https|http2|child_process|dgram|dns|tls|readline|cluster|worker_threads)$|^(pg|better-sqlite3|ioredis|ws|graphql-ws|graphql-yoga|@graphql-yoga\/|@prisma\/|prisma|pino)/;

/**
 * What delivery/ and realtime/ may use of each other: the carrier interface, the bus with its
 * notices, and the status-event vocabulary. Everything else is the other side's internals.
 */
const PUBLIC_FACE: Record<string, readonly string[]> = {
  delivery: ["delivery/carrier.ts"],
  realtime: ["realtime/pubsub.ts", "realtime/events.ts"],
};

type Rule = (i: Import) => boolean;

/** Each rule names the imports it forbids. */
const RULES: Record<string, Rule> = {
  "domain/ imports only domain/ and libraries without I/O": (i) =>
    layer(i.from) === "domain" && (i.local ? layer(i.target) !== "domain" : IO.test(i.target)),
  "services/ never import delivery/, graphql/, rest/ or http/ (only the Carrier type)": (i) =>
    layer(i.from) === "services" &&
    i.local &&
    (["graphql", "rest", "http"].includes(layer(i.target)) ||
      (layer(i.target) === "delivery" &&
        !(i.typeOnly && inSrc(i.target) === "delivery/carrier.ts"))),
  "delivery/ and realtime/ use only each other's public face": (i) => {
    const from = layer(i.from);
    const to = i.local ? layer(i.target) : "";
    const pair =
      (from === "delivery" && to === "realtime") || (from === "realtime" && to === "delivery");
    return pair && !PUBLIC_FACE[to]!.includes(inSrc(i.target));
  },
};

const broken = (rule: Rule, list: Import[]) =>
  list.filter(rule).map((i) => `${rel(i.from)} imports ${i.local ? rel(i.target) : i.target}`);

/** An import as a file of src/ would write it, for proving that each rule can fail. */
const fake = (from: string, target: string, typeOnly = false): Import => ({
  from: join(src, from),
  target: target.startsWith("./") ? join(src, target) : target,
  local: target.startsWith("./"),
  typeOnly,
});

describe("module borders", () => {
  it("src/ has no import cycles (value imports)", () => {
    const graph = new Map(
      files.map((f) => [
        f,
        imports.filter((i) => i.from === f && i.local && !i.typeOnly).map((i) => i.target),
      ]),
    );
    const cycles: string[] = [];
    const state = new Map<string, "open" | "done">();
    const stack: string[] = [];
    const visit = (f: string) => {
      state.set(f, "open");
      stack.push(f);
      for (const d of graph.get(f) ?? []) {
        if (state.get(d) === "open")
          cycles.push(stack.slice(stack.indexOf(d)).concat(d).map(rel).join(" → "));
        else if (!state.has(d) && graph.has(d)) visit(d);
      }
      stack.pop();
      state.set(f, "done");
    };
    for (const f of files) if (!state.has(f)) visit(f);
    expect(cycles).toEqual([]);
  });

  for (const [name, rule] of Object.entries(RULES)) {
    it(name, () => expect(broken(rule, imports)).toEqual([]));
  }

  it("each rule refuses what it names, and lets the allowed imports through", () => {
    const refused = (name: string, i: Import) => RULES[name]!(i);
    const [domain, services, borders] = Object.keys(RULES) as [string, string, string];
    expect(refused(domain, fake("domain/x.ts", "./db/program.ts"))).toBe(true);
    expect(refused(domain, fake("domain/x.ts", "node:fs"))).toBe(true);
    expect(refused(domain, fake("domain/x.ts", "pino"))).toBe(true);
    expect(refused(domain, fake("domain/x.ts", "./domain/bytes.ts"))).toBe(false);
    expect(refused(domain, fake("domain/x.ts", "luxon"))).toBe(false);
    for (const target of ["./graphql/builder.ts", "./rest/sens.ts", "./http/ops.ts"])
      expect(refused(services, fake("services/x.ts", target, true))).toBe(true);
    expect(refused(services, fake("services/x.ts", "./delivery/scheduler.ts"))).toBe(true);
    expect(refused(services, fake("services/x.ts", "./delivery/carrier.ts"))).toBe(true);
    expect(refused(services, fake("services/x.ts", "./delivery/carrier.ts", true))).toBe(false);
    expect(refused(borders, fake("delivery/x.ts", "./realtime/channel.ts"))).toBe(true);
    expect(refused(borders, fake("realtime/x.ts", "./delivery/dispatcher.ts"))).toBe(true);
    expect(refused(borders, fake("delivery/x.ts", "./realtime/pubsub.ts"))).toBe(false);
    expect(refused(borders, fake("realtime/x.ts", "./delivery/carrier.ts"))).toBe(false);
  });

  it("the checks see the tree they police", () => {
    expect(files.length).toBeGreaterThan(80);
    expect(
      imports.some(
        (i) =>
          rel(i.from) === "src/services/sending.ts" &&
          i.local &&
          rel(i.target) === "src/domain/sendPlan.ts",
      ),
    ).toBe(true);
    // The layers the rules name exist, so a rename cannot switch a rule off silently.
    const layers = new Set(files.map(layer));
    for (const l of ["domain", "services", "delivery", "realtime", "graphql", "rest", "http", "db"])
      expect(layers.has(l)).toBe(true);
  });
});
