// Serves the web console (built by `npm run console:build` into dist/console) at /console:
// hashed assets compressed (brotli/gzip: the build's .br/.gz files, else compressed once here
// and kept in memory) and cached for good, index.html never cached and answered for every
// client route (SPA fallback).
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { extname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { brotliCompress, constants as zlib, gzip } from "node:zlib";

export const CONSOLE_PATH = "/console";
export const CONSOLE_BUILD_DIR = fileURLToPath(new URL("../../dist/console", import.meta.url));
/** Vite puts every content-hashed file here; anything else (index.html) may change in place. */
const HASHED_DIR = "assets/";

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".map": "application/json",
};
/** Already-compressed formats gain nothing from another pass. */
const COMPRESSIBLE = new Set([".html", ".js", ".css", ".json", ".svg", ".map"]);

// Everything the console loads comes from this origin; the API is /graphql on it too.
const SECURITY_HEADERS = {
  "content-security-policy":
    "default-src 'self'; connect-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};

export interface ConsoleFile {
  readonly path: string;
  readonly type: string;
  readonly etag: string;
  readonly immutable: boolean;
  readonly identity: Buffer;
  readonly br?: Buffer;
  readonly gzip?: Buffer;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** Reads and compresses the whole build once; null when it is not there (postinstall skipped). */
export async function loadConsoleBuild(
  dir = CONSOLE_BUILD_DIR,
): Promise<Map<string, ConsoleFile> | null> {
  let paths: string[];
  try {
    paths = await listFiles(dir);
  } catch {
    return null;
  }
  const files = new Map<string, ConsoleFile>();
  const present = new Set(paths);
  /** The build's precompressed copy of `full`, or one made now (a build without them). */
  const compressed = async (full: string, suffix: ".br" | ".gz", make: () => Promise<Buffer>) =>
    present.has(full + suffix) ? readFile(full + suffix) : make();
  for (const full of paths) {
    if ((full.endsWith(".br") || full.endsWith(".gz")) && present.has(full.slice(0, -3))) continue;
    const path = relative(dir, full).split(sep).join("/");
    const ext = extname(path);
    const identity = await readFile(full);
    const compress = COMPRESSIBLE.has(ext) && identity.length > 256;
    files.set(path, {
      path,
      type: TYPES[ext] ?? "application/octet-stream",
      etag: `W/"${createHash("sha256").update(identity).digest("base64url").slice(0, 22)}"`,
      immutable: path.startsWith(HASHED_DIR),
      identity,
      ...(compress
        ? {
            br: await compressed(full, ".br", () =>
              brotli(identity, {
                params: {
                  [zlib.BROTLI_PARAM_QUALITY]: 11,
                  [zlib.BROTLI_PARAM_SIZE_HINT]: identity.length,
                },
              }),
            ),
            gzip: await compressed(full, ".gz", () => gz(identity, { level: 9 })),
          }
        : {}),
    });
  }
  return files.has("index.html") ? files : null;
}

/** The encoding to answer with, from Accept-Encoding (q=0 refuses one). */
export function pickEncoding(accept: string | undefined, file: ConsoleFile): "br" | "gzip" | null {
  const offered = new Map<string, number>();
  for (const part of (accept ?? "").toLowerCase().split(",")) {
    const [name, ...params] = part.trim().split(";");
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    if (name) offered.set(name, q === undefined ? 1 : Number(q));
  }
  const accepts = (enc: string) => (offered.get(enc) ?? offered.get("*") ?? 0) > 0;
  if (file.br && accepts("br")) return "br";
  if (file.gzip && accepts("gzip")) return "gzip";
  return null;
}

const MISSING_BUILD_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Console not built</title></head>
<body><main><h1>The web console has not been built</h1>
<p>The install step builds it. Run <code>npm run console:build</code> in the gateway's folder, then reload this page.</p>
<p>The GraphQL API at <a href="/graphql">/graphql</a> works without it.</p></main></body></html>`;

export interface ConsoleServer {
  /** Answers requests under /console; returns false for any other path. */
  handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean>;
}

export function createConsoleServer(dir = CONSOLE_BUILD_DIR): ConsoleServer {
  // Loaded on first use; a missing build is looked for again on the next request.
  let loading: Promise<Map<string, ConsoleFile> | null> | undefined;
  const build = async () => {
    loading ??= loadConsoleBuild(dir);
    const files = await loading;
    if (!files) loading = undefined;
    return files;
  };

  return {
    async handle(req, res, path) {
      if (path !== CONSOLE_PATH && !path.startsWith(`${CONSOLE_PATH}/`)) return false;
      if (req.method !== "GET" && req.method !== "HEAD") {
        res.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" });
        res.end("Method not allowed");
        return true;
      }
      const files = await build();
      if (!files) {
        res.writeHead(503, {
          "content-type": "text/html; charset=utf-8",
          "cache-control": "no-store",
          "retry-after": "60",
        });
        res.end(MISSING_BUILD_PAGE);
        return true;
      }
      const name = path.slice(CONSOLE_PATH.length + 1);
      let file = files.get(name);
      if (!file) {
        // A missing hashed file is a stale page asking for an old build: 404, never HTML as JS.
        if (name.startsWith(HASHED_DIR) || extname(name) !== "") {
          res.writeHead(404, {
            "content-type": "text/plain; charset=utf-8",
            "cache-control": "no-store",
          });
          res.end("Not found");
          return true;
        }
        // Client routes (/console/projects/…) get the app, which reads the path itself.
        file = files.get("index.html")!;
      }
      const headers: Record<string, string> = {
        ...SECURITY_HEADERS,
        "content-type": file.type,
        etag: file.etag,
        vary: "Accept-Encoding",
        // index.html names the current hashed assets, so it is revalidated on every load.
        "cache-control": file.immutable ? "public, max-age=31536000, immutable" : "no-cache",
      };
      if (req.headers["if-none-match"] === file.etag) {
        res.writeHead(304, headers);
        res.end();
        return true;
      }
      const encoding = pickEncoding(req.headers["accept-encoding"], file);
      const body = encoding ? file[encoding]! : file.identity;
      if (encoding) headers["content-encoding"] = encoding;
      headers["content-length"] = String(body.length);
      res.writeHead(200, headers);
      res.end(req.method === "HEAD" ? undefined : body);
      return true;
    },
  };
}
