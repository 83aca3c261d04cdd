// Builds the web console (src/console) into dist/console, served by src/http/console.ts at
// /console. Vite 8 transforms TSX with its built-in Oxc (no Babel, no React plugin: the
// console is built once at install, so there is no dev server with fast refresh to feed).
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const here = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root: here,
  base: "/console/",
  // No public/ folder: every served file comes out of the bundle.
  publicDir: false,
  logLevel: "warn",
  oxc: { jsx: { runtime: "automatic" } },
  build: {
    outDir: fileURLToPath(new URL("../../dist/console", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
    // Files are compressed by the server (brotli/gzip); Vite's own report would only repeat it.
    reportCompressedSize: false,
    // Inline nothing as data: URLs, so the CSP can stay `default-src 'self'`.
    assetsInlineLimit: 0,
  },
});
