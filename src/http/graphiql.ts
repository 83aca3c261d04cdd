// GraphiQL that works offline: the page and its assets (the Yoga GraphiQL bundle, CSS and
// Monaco workers from the @graphql-yoga/graphiql package, graphql-ws's browser build and our
// fetcher) are served by the gateway itself instead of Yoga's default CDN links.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));
const yogaDist = join(packageDir("@graphql-yoga/graphiql"), "dist");
const JS = "text/javascript; charset=utf-8";

export const GRAPHIQL_ASSET_PREFIX = "/graphiql-assets/";

/** Every file the page may load, by its name under GRAPHIQL_ASSET_PREFIX; nothing else is served. */
const ASSETS: Record<string, { file: string; type: string }> = {
  "yoga-graphiql.umd.js": { file: join(yogaDist, "yoga-graphiql.umd.js"), type: JS },
  "graphiql.css": { file: join(yogaDist, "graphiql.css"), type: "text/css; charset=utf-8" },
  "monacoeditorwork/editor.worker.bundle.js": {
    file: join(yogaDist, "monacoeditorwork/editor.worker.bundle.js"),
    type: JS,
  },
  "monacoeditorwork/json.worker.bundle.js": {
    file: join(yogaDist, "monacoeditorwork/json.worker.bundle.js"),
    type: JS,
  },
  "monacoeditorwork/graphql.worker..bundle.js": {
    file: join(yogaDist, "monacoeditorwork/graphql.worker..bundle.js"),
    type: JS,
  },
  // The same graphql-ws release as the server's, as a browser global (`graphqlWs`).
  "graphql-ws.min.js": { file: join(packageDir("graphql-ws"), "umd/graphql-ws.min.js"), type: JS },
  // Yoga's own fetcher never puts the Headers tab into connection_init (see the file).
  "gateway-fetcher.js": {
    file: fileURLToPath(new URL("./graphiql-fetcher.js", import.meta.url)),
    type: JS,
  },
};

const cache = new Map<string, Buffer>();

async function load(name: string, file: string): Promise<Buffer> {
  let body = cache.get(name);
  if (!body) {
    body = await readFile(file);
    cache.set(name, body);
  }
  return body;
}

/** Returns the asset for a request path under GRAPHIQL_ASSET_PREFIX, or null. */
export async function graphiqlAsset(path: string): Promise<{ body: Buffer; type: string } | null> {
  const name = normalize(path.slice(GRAPHIQL_ASSET_PREFIX.length));
  const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
  if (!asset) return null;
  return { body: await load(name, asset.file), type: asset.type };
}

let version: Promise<string> | undefined;

/**
 * A hash of every asset's content. The page links assets with `?v=` it, because they are
 * served with a day-long cache lifetime: an upgraded gateway must not run yesterday's fetcher.
 */
function assetVersion(): Promise<string> {
  version ??= (async () => {
    const hash = createHash("sha256");
    for (const [name, { file }] of Object.entries(ASSETS).sort(([a], [b]) => a.localeCompare(b)))
      hash.update(name).update(await load(name, file));
    return hash.digest("hex").slice(0, 12);
  })();
  return version;
}

const escapeJson = (v: unknown) => JSON.stringify(v).replace(/</g, "\\u003c");

/**
 * The GraphiQL HTML page; `options` are Yoga's GraphiQL options (endpoint, headers, …). The
 * page gives GraphiQL our fetcher, so Yoga's `endpoint` becomes the fetcher's URL.
 */
export async function renderGraphiQL(options: Record<string, unknown>): Promise<string> {
  const p = GRAPHIQL_ASSET_PREFIX;
  const v = `?v=${await assetVersion()}`;
  const { endpoint, ...rest } = options;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>SMS gateway · GraphiQL</title>
<link rel="stylesheet" href="${p}graphiql.css${v}">
</head>
<body id="body" class="no-focus-outline">
<div id="root">Loading GraphiQL…</div>
<script>
const workerUrls = {
  editorWorkerService: "${p}monacoeditorwork/editor.worker.bundle.js${v}",
  json: "${p}monacoeditorwork/json.worker.bundle.js${v}",
  graphql: "${p}monacoeditorwork/graphql.worker..bundle.js${v}",
};
self.MonacoEnvironment = { globalAPI: false, getWorkerUrl: (_id, label) => workerUrls[label] ?? workerUrls.editorWorkerService };
</script>
<script src="${p}graphql-ws.min.js${v}"></script>
<script src="${p}yoga-graphiql.umd.js${v}"></script>
<script type="module">
import { createGatewayFetcher } from "${p}gateway-fetcher.js${v}";
// Like Yoga's own GraphiQL: the page's path is the endpoint unless one is configured.
const url = new URL(${escapeJson(typeof endpoint === "string" ? endpoint : null)} ?? location.pathname, location.href).href;
const fetcher = createGatewayFetcher({ url, createClient: graphqlWs.createClient });
YogaGraphiQL.renderYogaGraphiQL(document.getElementById("root"), { ...${escapeJson(rest)}, fetcher });
</script>
</body>
</html>`;
}
