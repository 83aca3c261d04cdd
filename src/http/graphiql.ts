// GraphiQL that works offline: the page and its assets (the Yoga GraphiQL bundle, CSS and
// Monaco workers from the @graphql-yoga/graphiql package) are served by the gateway itself
// instead of Yoga's default CDN links.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, normalize } from "node:path";

const require = createRequire(import.meta.url);
const distDir = join(dirname(require.resolve("@graphql-yoga/graphiql/package.json")), "dist");

export const GRAPHIQL_ASSET_PREFIX = "/graphiql-assets/";

const ASSETS: Record<string, string> = {
  "yoga-graphiql.umd.js": "text/javascript; charset=utf-8",
  "graphiql.css": "text/css; charset=utf-8",
  "monacoeditorwork/editor.worker.bundle.js": "text/javascript; charset=utf-8",
  "monacoeditorwork/json.worker.bundle.js": "text/javascript; charset=utf-8",
  "monacoeditorwork/graphql.worker..bundle.js": "text/javascript; charset=utf-8",
};

const cache = new Map<string, Buffer>();

/** Returns the asset for a request path under GRAPHIQL_ASSET_PREFIX, or null. */
export async function graphiqlAsset(path: string): Promise<{ body: Buffer; type: string } | null> {
  const name = normalize(path.slice(GRAPHIQL_ASSET_PREFIX.length));
  const type = ASSETS[name];
  if (!type) return null;
  let body = cache.get(name);
  if (!body) {
    body = await readFile(join(distDir, name));
    cache.set(name, body);
  }
  return { body, type };
}

const escapeJson = (v: unknown) => JSON.stringify(v).replace(/</g, "\\u003c");

/** The GraphiQL HTML page; `options` are Yoga's GraphiQL options (endpoint, headers, …). */
export function renderGraphiQL(options: Record<string, unknown>): string {
  const p = GRAPHIQL_ASSET_PREFIX;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>SMS gateway · GraphiQL</title>
<link rel="stylesheet" href="${p}graphiql.css">
</head>
<body id="body" class="no-focus-outline">
<div id="root">Loading GraphiQL…</div>
<script>
const workerUrls = {
  editorWorkerService: "${p}monacoeditorwork/editor.worker.bundle.js",
  json: "${p}monacoeditorwork/json.worker.bundle.js",
  graphql: "${p}monacoeditorwork/graphql.worker..bundle.js",
};
self.MonacoEnvironment = { globalAPI: false, getWorkerUrl: (_id, label) => workerUrls[label] ?? workerUrls.editorWorkerService };
</script>
<script src="${p}yoga-graphiql.umd.js"></script>
<script>YogaGraphiQL.renderYogaGraphiQL(document.getElementById("root"), ${escapeJson(options)});</script>
</body>
</html>`;
}
