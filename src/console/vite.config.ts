// Builds the web console (src/console) into dist/console, served by src/http/console.ts at
// /console. Vite 8 transforms TSX with its built-in Oxc (no Babel, no React plugin: the
// console is built once at install, so there is no dev server with fast refresh to feed).
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { brotliCompress, constants as zlib, gzip } from "node:zlib";
import { defineConfig, type Plugin } from "vite";

const here = fileURLToPath(new URL(".", import.meta.url));
const outDir = fileURLToPath(new URL("../../dist/console", import.meta.url));

/**
 * Writes name.br and name.gz next to every text file of the build, at the highest levels:
 * the server sends them as they are (src/http/console.ts), so no request waits on compression.
 */
function precompress(): Plugin {
  return {
    name: "console-precompress",
    apply: "build",
    async writeBundle() {
      const entries = await readdir(outDir, { recursive: true, withFileTypes: true });
      for (const entry of entries) {
        if (!entry.isFile() || !/\.(html|js|css|json|svg)$/.test(entry.name)) continue;
        const file = join(entry.parentPath, entry.name);
        const body = await readFile(file);
        await writeFile(
          `${file}.br`,
          await promisify(brotliCompress)(body, {
            params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length },
          }),
        );
        await writeFile(`${file}.gz`, await promisify(gzip)(body, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  root: here,
  base: "/console/",
  // No public/ folder: every served file comes out of the bundle.
  publicDir: false,
  logLevel: "warn",
  oxc: { jsx: { runtime: "automatic" } },
  plugins: [precompress()],
  build: {
    outDir,
    emptyOutDir: true,
    target: "es2022",
    // precompress() writes the compressed files; Vite's own report would only repeat it.
    reportCompressedSize: false,
    // Inline nothing as data: URLs, so the CSP can stay `default-src 'self'`.
    assetsInlineLimit: 0,
  },
});
