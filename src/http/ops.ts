// Operations endpoints shared by the gateway (on its HTTP port) and a worker (on
// METRICS_PORT, in the tiny server below): /metrics (Prometheus text), /livez (the process
// serves), /readyz (the database and, when configured, Redis answer; /healthz is an alias),
// and the one access-log line per HTTP request.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "prom-client";
import type { Db } from "../db/client.ts";
import { pingDatabase } from "../db/ops.ts";
import type { Logger } from "../logger.ts";
import type { EventBus } from "../realtime/pubsub.ts";
import { withTimeout } from "../timeout.ts";

export const OPS_PATHS: ReadonlySet<string> = new Set([
  "/metrics",
  "/livez",
  "/readyz",
  "/healthz",
]);

/** A readiness probe must answer even when a dependency hangs. */
const CHECK_TIMEOUT_MS = 2000;

export type DependencyState = "up" | "down";

export interface Readiness {
  status: "ok" | "unavailable" | "starting";
  database?: DependencyState;
  /** Only when REDIS_URL is set. */
  redis?: DependencyState;
}

/** What the ops endpoints look at; `deps` is undefined while the process is still starting. */
export interface OpsSource {
  registry: Registry;
  deps(): { db: Db; pubsub: EventBus } | undefined;
}

/** Ready when the database answers `SELECT 1` and the event bus (Redis, when used) answers PING. */
export async function checkReadiness(
  deps: { db: Db; pubsub: EventBus } | undefined,
): Promise<Readiness> {
  if (!deps) return { status: "starting" };
  const [database, bus] = await Promise.all([
    answers(pingDatabase(deps.db).then(() => true)),
    answers(deps.pubsub.ping()),
  ]);
  const readiness: Readiness = {
    status: database && bus ? "ok" : "unavailable",
    database: database ? "up" : "down",
  };
  if (deps.pubsub.kind === "redis") readiness.redis = bus ? "up" : "down";
  return readiness;
}

/** Serves an ops path and returns true, or returns false for any other path. */
export async function serveOps(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  source: OpsSource,
): Promise<boolean> {
  if (!OPS_PATHS.has(path)) return false;
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { allow: "GET, HEAD", "content-type": "application/json" });
    res.end(JSON.stringify({ error: "method not allowed" }));
    return true;
  }
  if (path === "/livez") {
    json(res, 200, { status: "ok" });
  } else if (path === "/metrics") {
    const body = await source.registry.metrics();
    res.writeHead(200, {
      "content-type": source.registry.contentType,
      "cache-control": "no-store",
    });
    res.end(body);
  } else {
    const readiness = await checkReadiness(source.deps());
    json(res, readiness.status === "ok" ? 200 : 503, readiness);
  }
  return true;
}

/**
 * One line per HTTP request when its response is finished (or the client went away): id,
 * method, path, status and duration. Probe and scrape paths log at debug, so a scraper
 * every few seconds does not drown the log.
 */
export function logRequest(
  logger: Logger,
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
  path: string,
): void {
  const started = performance.now();
  res.once("close", () => {
    const line = {
      requestId,
      method: req.method,
      path,
      status: res.statusCode,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      ...(res.writableFinished ? {} : { aborted: true }),
    };
    if (OPS_PATHS.has(path)) logger.debug(line, "http request");
    else logger.info(line, "http request");
  });
}

export interface OpsServer {
  readonly url: string;
  close(): Promise<void>;
}

/** The ops endpoints on their own port, for processes without an HTTP server (workers). */
export async function startOpsServer(options: {
  host: string;
  port: number;
  logger: Logger;
  source: OpsSource;
}): Promise<OpsServer> {
  const { logger, source } = options;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    const requestId = randomUUID();
    res.setHeader("x-request-id", requestId);
    logRequest(logger, req, res, requestId, path);
    serveOps(req, res, path, source)
      .then((served) => {
        if (!served) json(res, 404, { error: "not found", path });
      })
      .catch((err: unknown) => {
        logger.error({ err, path }, "ops endpoint failed");
        if (!res.headersSent) json(res, 500, { error: "internal error" });
        else res.end();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host === "0.0.0.0" || options.host === "::" ? "127.0.0.1" : options.host;
  return {
    url: `http://${host}:${port}`,
    async close() {
      server.closeIdleConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
    },
  };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

/** true when the check resolves true in time; false when it fails, answers false or hangs. */
function answers(check: Promise<boolean>): Promise<boolean> {
  return withTimeout(check, CHECK_TIMEOUT_MS).catch(() => false);
}
