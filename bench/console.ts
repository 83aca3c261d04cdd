// The web console's first load: every file index.html makes the browser fetch (scripts,
// module preloads, stylesheets), as served by src/http/console.ts over HTTP — raw, gzip and
// brotli bytes — against issue 12's budget of 350 KB of JS + CSS compressed. Printed only.
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { createConsoleServer } from "../src/http/console.ts";

const BUDGET_BYTES = 350 * 1024;

const consoleServer = createConsoleServer();
const server = createServer((req, res) => {
  void consoleServer.handle(req, res, (req.url ?? "/").split("?")[0]!).then((handled) => {
    if (!handled) res.writeHead(404).end();
  });
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

/** Bytes on the wire for `path` with the given Accept-Encoding. */
function transferred(
  path: string,
  encoding: string,
): Promise<{ status: number; bytes: number; body: Buffer; encoding: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { headers: { "accept-encoding": encoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const body = Buffer.concat(chunks);
        resolve({
          status: res.statusCode!,
          bytes: body.length,
          body,
          encoding: String(res.headers["content-encoding"] ?? "identity"),
        });
      });
    });
    req.on("error", reject);
    req.end();
  });
}

const index = await transferred("/console", "identity");
if (index.status !== 200) {
  console.error(`/console answered ${index.status}: run \`npm run console:build\` first`);
  process.exit(1);
}
const html = index.body.toString();
const assets = [
  ...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*\shref)="(\/console\/[^"]+)"/g),
].map((m) => m[1]!);

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const rows: { file: string; raw: number; gzip: number; br: number }[] = [];
for (const path of ["/console", ...assets]) {
  const [raw, gzip, br] = await Promise.all([
    transferred(path, "identity"),
    transferred(path, "gzip"),
    transferred(path, "br"),
  ]);
  rows.push({ file: path, raw: raw.bytes, gzip: gzip.bytes, br: br.bytes });
}
server.close();

console.table(
  rows.map((r) => ({ file: r.file, raw: kb(r.raw), gzip: kb(r.gzip), brotli: kb(r.br) })),
);
const jsCss = rows.filter((r) => /\.(js|css)$/.test(r.file));
const total = (key: "raw" | "gzip" | "br") => jsCss.reduce((sum, r) => sum + r[key], 0);
console.log(
  `first load, JS + CSS: ${kb(total("raw"))} raw, ${kb(total("gzip"))} gzip, ${kb(total("br"))} brotli (budget ${kb(BUDGET_BYTES)} compressed: ${total("br") <= BUDGET_BYTES ? "within" : "OVER"})`,
);
