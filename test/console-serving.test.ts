// /console through the real gateway: index.html and the hashed assets come compressed
// (brotli, gzip) with cache headers fitting each (immutable vs no-cache), client routes fall
// back to index.html, stale asset names are 404s, and a missing build answers a 503 that
// says how to build it (the build is read on the first /console request, never at start).
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, request, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONSOLE_BUILD_DIR, createConsoleServer, loadConsoleBuild } from "../src/http/console.ts";
import { startGateway, type TestGateway } from "./helpers/harness.ts";

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A raw HTTP GET: no client-side decompression, so content-encoding is what the server sent. */
function get(url: string, headers: Record<string, string> = {}, method = "GET"): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

const decoded = (a: Answer) =>
  a.headers["content-encoding"] === "br"
    ? brotliDecompressSync(a.body)
    : a.headers["content-encoding"] === "gzip"
      ? gunzipSync(a.body)
      : a.body;

describe("the web console is served at /console", () => {
  let gw: TestGateway;
  let base: string;
  let scriptPath: string;

  beforeAll(async () => {
    if (!(await loadConsoleBuild()))
      throw new Error(`${CONSOLE_BUILD_DIR} has no build: run \`npm run console:build\``);
    gw = await startGateway();
    base = gw.app.url;
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it("answers index.html brotli-compressed, never cached, with a same-origin CSP", async () => {
    const page = await get(`${base}/console`, { "accept-encoding": "gzip, deflate, br" });
    expect(page.status).toBe(200);
    expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(page.headers["content-encoding"]).toBe("br");
    expect(page.headers["cache-control"]).toBe("no-cache");
    expect(page.headers.vary).toBe("Accept-Encoding");
    expect(page.headers["content-security-policy"]).toContain("default-src 'self'");
    const html = decoded(page).toString();
    scriptPath =
      /<script type="module" crossorigin src="(\/console\/assets\/[^"]+\.js)"/.exec(html)?.[1] ??
      "";
    expect(scriptPath).toMatch(/^\/console\/assets\/index-[\w-]+\.js$/);
    // Nothing the page names lives off this origin.
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it("answers a hashed asset gzip-compressed or plain, cached for a year as immutable, the same bytes either way", async () => {
    const gz = await get(`${base}${scriptPath}`, { "accept-encoding": "gzip" });
    expect(gz.status).toBe(200);
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(gz.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(gz.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    const plain = await get(`${base}${scriptPath}`, { "accept-encoding": "identity" });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(Number(plain.headers["content-length"])).toBe(plain.body.length);
    expect(decoded(gz).equals(plain.body)).toBe(true);
    expect(gz.body.length).toBeLessThan(plain.body.length / 2);
    // br refused with q=0 falls back to gzip.
    const noBr = await get(`${base}${scriptPath}`, { "accept-encoding": "br;q=0, gzip;q=0.5" });
    expect(noBr.headers["content-encoding"]).toBe("gzip");
  });

  it("answers 304 to a revalidation with the current ETag", async () => {
    const first = await get(`${base}/console`);
    const again = await get(`${base}/console`, { "if-none-match": String(first.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it("answers index.html for client routes (SPA fallback), and 404 for a missing asset", async () => {
    const index = await get(`${base}/console/`);
    for (const route of ["/console/projects", "/console/projects/UHJvamVjdDox"]) {
      const page = await get(`${base}${route}`);
      expect(page.status).toBe(200);
      expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
      expect(page.headers.etag).toBe(index.headers.etag);
    }
    const stale = await get(`${base}/console/assets/index-00000000.js`);
    expect(stale.status).toBe(404);
    expect(stale.headers["content-type"]).toMatch(/^text\/plain/);
    // /consoles is not the console.
    expect((await get(`${base}/consoles`)).status).toBe(404);
    expect((await get(`${base}/console`, {}, "POST")).status).toBe(405);
  });
});

describe("without a build", () => {
  let dir: string;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "console-missing-"));
    const consoleServer = createConsoleServer(dir);
    server = createServer((req, res) => {
      void consoleServer.handle(req, res, (req.url ?? "/").split("?")[0]!).then((handled) => {
        if (!handled) res.writeHead(404).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it("answers 503 naming `npm run console:build`, and serves the build once it appears", async () => {
    const missing = await get(`${base}/console/projects`);
    expect(missing.status).toBe(503);
    expect(missing.headers["cache-control"]).toBe("no-store");
    expect(missing.body.toString()).toContain("npm run console:build");
    await writeFile(join(dir, "index.html"), "<!doctype html><title>built</title>");
    const built = await get(`${base}/console/projects`);
    expect(built.status).toBe(200);
    expect(built.body.toString()).toContain("built");
  });
});
