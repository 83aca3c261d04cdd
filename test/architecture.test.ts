// Module borders, checked on every `npm test`: no import cycles in src/; domain/ holds pure
// rules (no I/O, no other layer); services/ never reach into transports or delivery. Imports
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

  it("domain/ imports only domain/ and libraries without I/O", () => {
    const io =
      /^(node:)?(fs|fs\/promises|net|http|https|child_process|dgram|tls|worker_threads)$|^(pg|better-sqlite3|ioredis|ws|graphql-ws|graphql-yoga|@prisma\/|prisma)/;
    const bad = imports
      .filter((i) => layer(i.from) === "domain")
      .filter((i) => (i.local ? layer(i.target) !== "domain" : io.test(i.target)))
      .map((i) => `${rel(i.from)} imports ${i.local ? rel(i.target) : i.target}`);
    expect(bad).toEqual([]);
  });

  it("services/ never import transports (graphql/, rest/, http/) nor delivery/ (except the Carrier type)", () => {
    const bad = imports
      .filter((i) => layer(i.from) === "services" && i.local)
      .filter(
        (i) =>
          ["graphql", "rest", "http"].includes(layer(i.target)) ||
          (layer(i.target) === "delivery" && !i.typeOnly),
      )
      .map((i) => `${rel(i.from)} imports ${rel(i.target)}`);
    expect(bad).toEqual([]);
  });

  it("the checks see the tree they police", () => {
    expect(files.length).toBeGreaterThan(80);
    expect(
      imports.some(
        (i) =>
          rel(i.from) === "src/services/sending.ts" &&
          i.local &&
          rel(i.target) === "src/domain/recipients.ts",
      ),
    ).toBe(true);
  });
});
