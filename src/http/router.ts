// createRequestHandler: which part of the gateway answers an HTTP request — ops endpoints,
// GraphiQL's assets, the web console, the SENS-compatible REST API, GraphQL (behind CORS and
// the request body limit) — and the 404 for anything else. Every request gets an id first.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Config } from "../config.ts";
import type { Logger } from "../logger.ts";
import { SENS_PATH_PREFIX, type SensHandler } from "../rest/sens.ts";
import { createConsoleServer } from "./console.ts";
import { applyCors } from "./cors.ts";
import { GRAPHIQL_ASSET_PREFIX, graphiqlAsset } from "./graphiql.ts";
import { GRAPHQL_PATH, type GraphqlServer } from "./graphqlServer.ts";
import { logRequest, serveOps, type OpsSource } from "./ops.ts";

export interface RequestHandlerParts {
  config: Config;
  logger: Logger;
  ops: OpsSource;
  yoga: GraphqlServer;
  sens: SensHandler;
}

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export function createRequestHandler(parts: RequestHandlerParts): RequestHandler {
  const { config, logger, yoga, sens } = parts;
  const consoleServer = createConsoleServer();
  return async function handle(req, res) {
    const requestId =
      (typeof req.headers["x-request-id"] === "string" &&
        req.headers["x-request-id"].slice(0, 100)) ||
      randomUUID();
    res.setHeader("x-request-id", requestId);
    const path = (req.url ?? "/").split("?")[0]!;
    logRequest(logger, req, res, requestId, path);
    // /metrics, /livez, /readyz and its alias /healthz.
    if (await serveOps(req, res, path, parts.ops)) return;
    if (await serveGraphiqlAsset(req, res, path, config)) return;
    // The web console (src/console), built into dist/console by the install step.
    if (await consoleServer.handle(req, res, path)) return;
    // SENS SMS API v2-compatible REST (src/rest/sens.ts applies MAX_REQUEST_BYTES itself).
    if (path.startsWith(SENS_PATH_PREFIX)) return sens(req, res, requestId);
    if (path === GRAPHQL_PATH || path === "/health") {
      if (applyCors(req, res, config.corsOrigins)) return;
      if (refuseOversizedBody(req, res, config.maxRequestBytes)) return;
      await yoga(req, res, { requestId });
      return;
    }
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: "not found", path }));
  };
}

/** GraphiQL's own files, when GraphiQL is on; false when the request is for something else. */
async function serveGraphiqlAsset(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  config: Config,
): Promise<boolean> {
  if (!(path.startsWith(GRAPHIQL_ASSET_PREFIX) && req.method === "GET" && config.graphiql))
    return false;
  const asset = await graphiqlAsset(path);
  if (!asset) return false;
  res.writeHead(200, {
    "content-type": asset.type,
    "cache-control": "public, max-age=86400",
  });
  res.end(asset.body);
  return true;
}

/**
 * Body limit before any parsing: a declared length over the limit, or a body of unknown
 * length (chunked), is refused. True when it answered the request.
 */
function refuseOversizedBody(req: IncomingMessage, res: ServerResponse, maxBytes: number): boolean {
  const length = Number(req.headers["content-length"] ?? NaN);
  const hasBody = req.method !== "GET" && req.method !== "HEAD" && req.method !== "OPTIONS";
  if (
    !hasBody ||
    !(Number.isNaN(length) ? req.headers["transfer-encoding"] !== undefined : length > maxBytes)
  )
    return false;
  const status = Number.isNaN(length) ? 411 : 413;
  res.writeHead(status, { "content-type": "application/json", connection: "close" });
  res.end(
    JSON.stringify({
      errors: [
        {
          message:
            status === 413 ? `Request body exceeds ${maxBytes} bytes` : "Content-Length required",
          extensions: { code: status === 413 ? "PAYLOAD_TOO_LARGE" : "LENGTH_REQUIRED" },
        },
      ],
    }),
  );
  req.resume();
  return true;
}
