// buildApp(config) → { start, stop, url }: the HTTP server (GraphQL, GraphiQL, health),
// the graphql-ws WebSocket server on the same path, and background jobs. Importing this
// module has no side effects; main.ts reads the environment and calls it.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { maxAliasesPlugin } from "@escape.tech/graphql-armor-max-aliases";
import { maxTokensPlugin } from "@escape.tech/graphql-armor-max-tokens";
import { useEngine } from "@envelop/core";
import { GraphQLError } from "graphql";
import { createYoga, type GraphiQLOptions, type YogaServerInstance } from "graphql-yoga";
import type { WebSocketServer } from "ws";
import type { Clock } from "./clock.ts";
import type { Config } from "./config.ts";
import type { Carrier } from "./delivery/carrier.ts";
import { startDispatcher, type Dispatcher } from "./delivery/dispatcher.ts";
import { describeDbError, isDatabaseUnavailable } from "./db/errors.ts";
import { DomainError } from "./domain/errors.ts";
import type { GraphQLContext } from "./graphql/context.ts";
import { executeWithChunkedLists } from "./graphql/bigLists.ts";
import { databaseUnavailableError } from "./graphql/databaseUnavailable.ts";
import { buildSchema } from "./graphql/schema.ts";
import { sharedSubscriptionExecution } from "./graphql/sharedExecution.ts";
import { applyCors } from "./http/cors.ts";
import { createConsoleServer } from "./http/console.ts";
import { sseReadableErrors } from "./http/sseErrors.ts";
import { streamGuard, type StreamGuards } from "./graphql/streamGuard.ts";
import { GRAPHIQL_ASSET_PREFIX, graphiqlAsset, renderGraphiQL } from "./http/graphiql.ts";
import { strictMultipart } from "./http/multipart.ts";
import { logRequest, serveOps } from "./http/ops.ts";
import { serveGraphqlWs } from "./http/websocket.ts";
import { startJobs, type JobRunner } from "./jobs.ts";
import { createLogger, type Logger } from "./logger.ts";
import { createMetrics } from "./metrics.ts";
import { KeyWatch } from "./realtime/keyWatch.ts";
import { SubscriptionSlots } from "./realtime/limits.ts";
import { authenticate, bootstrapDemo, type IssuedKey } from "./services/accounts.ts";
import { clockFrom, closeDeps, createCarrier, openDeps } from "./runtime.ts";
import { startScheduler, type Scheduler } from "./delivery/scheduler.ts";
import { webhookMetrics } from "./webhooks/metrics.ts";
import { startWebhookWorker, type WebhookWorker } from "./webhooks/worker.ts";
import { createRateLimiter, type RateLimiter } from "./rest/rateLimit.ts";
import { SENS_PATH_PREFIX, createSensHandler } from "./rest/sens.ts";
import type { Actor, Deps } from "./services/deps.ts";

export interface AppOptions {
  clock?: Clock;
  logger?: Logger;
  carrier?: Carrier;
  /** Sees every SQL statement Prisma sends (tests use it to catch N+1 queries). */
  onSql?: (sql: string) => void;
  /** Run background jobs (purges). Tests turn them off and call them directly. */
  jobs?: boolean;
}

export interface DemoKeys {
  accountId: string;
  operator: IssuedKey;
  member: IssuedKey;
}

export interface App {
  readonly config: Config;
  /** Available after start(). */
  readonly deps: Deps;
  readonly url: string;
  /** Set by start() when it created the demo account on a fresh database. */
  readonly demo: DemoKeys | null;
  start(): Promise<void>;
  stop(): Promise<void>;
}

const GRAPHQL_PATH = "/graphql";

type ServerContext = {
  req?: IncomingMessage;
  res?: ServerResponse;
  requestId?: string;
  wsActor?: Actor | null;
};

export function buildApp(config: Config, options: AppOptions = {}): App {
  const clock = options.clock ?? clockFrom(config);
  const logger = options.logger ?? createLogger(config.logLevel);
  let deps: Deps | undefined;
  let rateLimiter: RateLimiter | undefined;
  // A registry per app, never prom-client's global one: tests run several apps in one process.
  const metrics = createMetrics({ logger, messages: () => deps });
  const onWebhookAttempt = webhookMetrics(metrics.registry, () => deps);
  const carrier = metrics.countCarrier(options.carrier ?? createCarrier(config, clock, logger));
  let server: Server | undefined;
  let wss: WebSocketServer | undefined;
  let guards: StreamGuards | undefined;
  let jobs: JobRunner | undefined;
  let dispatcher: Dispatcher | undefined;
  let scheduler: Scheduler | undefined;
  let webhooks: WebhookWorker | undefined;
  let url = "";
  let demo: DemoKeys | null = null;

  const schema = buildSchema();

  /** Resolves the Authorization header; a present but bad key is a 401, not anonymity. */
  async function actorFromHeader(header: string | null | undefined): Promise<Actor | null> {
    if (!header) return null;
    const token = /^Bearer\s+(\S+)$/i.exec(header.trim())?.[1];
    if (!token) {
      throw new GraphQLError("Authorization must be `Bearer <key>`", {
        extensions: { code: "INVALID_API_KEY", http: { status: 401 } },
      });
    }
    const result = await authenticate(deps!, token);
    if (!result.ok) {
      logger.info({ reason: result.reason }, "rejected API key");
      throw new GraphQLError("Invalid or revoked API key", {
        extensions: { code: "INVALID_API_KEY", http: { status: 401 } },
      });
    }
    return result.actor;
  }

  const yoga: YogaServerInstance<ServerContext, GraphQLContext> = createYoga<
    ServerContext,
    GraphQLContext
  >({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    healthCheckEndpoint: "/health",
    landingPage: false,
    // CORS is answered by src/http/cors.ts (Yoga's reflects every origin for `*`).
    cors: false,
    graphiql: config.graphiql
      ? ({
          title: "SMS gateway",
          // Yoga's renderer takes `query` (not GraphiQL's defaultQuery). The headers start empty:
          // a placeholder Authorization header would make the schema introspection fail.
          query:
            '# Welcome to the SMS gateway.\n# Put your API key in the Headers tab below:\n#   {"Authorization": "Bearer sgw_…"}\n# then run this query (Ctrl-Enter).\nquery {\n  viewer { accountId role }\n  projects(first: 10) { edges { node { id name } } }\n}\n',
          headers: "{}",
          subscriptionsProtocol: "WS",
        } as GraphiQLOptions)
      : false,
    renderGraphiQL: (opts) => renderGraphiQL(opts as unknown as Record<string, unknown>),
    logging: {
      debug: (...args) => logger.debug({ args }, "yoga"),
      info: (...args) => logger.info({ args }, "yoga"),
      warn: (...args) => logger.warn({ args }, "yoga"),
      error: (...args) => logger.error({ args }, "yoga"),
    },
    maskedErrors: {
      maskError: (error, message) => {
        const original = error instanceof GraphQLError ? error.originalError : error;
        // Deliberate GraphQLErrors (auth, limits, input coercion) and domain errors pass.
        if (
          error instanceof GraphQLError &&
          (!original || original instanceof GraphQLError || original instanceof DomainError)
        )
          return error;
        // A lost database is no bug of ours, and the client may retry (db/errors.ts).
        if (isDatabaseUnavailable(original ?? error)) {
          logger.warn(
            {
              ...describeDbError(original ?? error),
              path: error instanceof GraphQLError ? error.path : undefined,
            },
            "request failed: database unavailable",
          );
          return databaseUnavailableError();
        }
        const errorId = randomUUID();
        logger.error(
          {
            err: original ?? error,
            errorId,
            path: error instanceof GraphQLError ? error.path : undefined,
          },
          "unexpected error in resolver",
        );
        return new GraphQLError(message, {
          extensions: { code: "INTERNAL_SERVER_ERROR", errorId },
        });
      },
    },
    // Queries and mutations run on graphql-js's own execute. Yoga's default executor
    // (@graphql-tools/executor) copies every variable value before coercing it, which for a
    // 100,000-recipient list costs ~100 ms of a sendMessage; what it adds over graphql-js
    // (@defer/@stream, incremental delivery) is not used here. Big list variables are coerced
    // in slices first (graphql/bigLists.ts). Subscriptions are executed by
    // sharedSubscriptionExecution, on graphql-js too.
    plugins: [
      useEngine({ execute: executeWithChunkedLists }),
      maxAliasesPlugin({ n: config.limits.aliases }),
      maxTokensPlugin({ n: config.limits.tokens }),
      metrics.graphqlPlugin,
      sharedSubscriptionExecution(),
      // After sharedSubscriptionExecution: it wraps the subscribe function set there.
      streamGuard(() => guards!),
      strictMultipart(),
      // Errors before execution reach SSE clients as events of an accepted stream.
      sseReadableErrors(),
    ],
    context: async (initial): Promise<GraphQLContext> => {
      const requestId = initial.requestId ?? randomUUID();
      const actor =
        initial.wsActor !== undefined
          ? initial.wsActor
          : await actorFromHeader(initial.request.headers.get("authorization"));
      return {
        deps: deps!,
        actor,
        requestId,
        logger: logger.child({ requestId }),
        limits: {
          depth: config.limits.depth,
          complexity: config.limits.complexity,
          subscriptionQueue: config.subscriptionQueueLimit,
        },
      };
    },
  });

  const consoleServer = createConsoleServer();
  const sens = createSensHandler({
    config,
    logger,
    deps: () => deps!,
    rateLimiter: () => rateLimiter!,
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId =
      (typeof req.headers["x-request-id"] === "string" &&
        req.headers["x-request-id"].slice(0, 100)) ||
      randomUUID();
    res.setHeader("x-request-id", requestId);
    const path = (req.url ?? "/").split("?")[0]!;
    logRequest(logger, req, res, requestId, path);
    // /metrics, /livez, /readyz and its alias /healthz.
    if (await serveOps(req, res, path, { registry: metrics.registry, deps: () => deps })) return;
    if (path.startsWith(GRAPHIQL_ASSET_PREFIX) && req.method === "GET" && config.graphiql) {
      const asset = await graphiqlAsset(path);
      if (asset) {
        res.writeHead(200, {
          "content-type": asset.type,
          "cache-control": "public, max-age=86400",
        });
        res.end(asset.body);
        return;
      }
    }
    // The web console (src/console), built into dist/console by the install step.
    if (await consoleServer.handle(req, res, path)) return;
    // SENS SMS API v2-compatible REST (src/rest/sens.ts applies MAX_REQUEST_BYTES itself).
    if (path.startsWith(SENS_PATH_PREFIX)) return sens(req, res, requestId);
    if (path === GRAPHQL_PATH || path === "/health") {
      if (applyCors(req, res, config.corsOrigins)) return;
      // Body limit before any parsing: a declared length over the limit, or a body of
      // unknown length (chunked), is refused.
      const length = Number(req.headers["content-length"] ?? NaN);
      const hasBody = req.method !== "GET" && req.method !== "HEAD" && req.method !== "OPTIONS";
      if (
        hasBody &&
        (Number.isNaN(length)
          ? req.headers["transfer-encoding"] !== undefined
          : length > config.maxRequestBytes)
      ) {
        const status = Number.isNaN(length) ? 411 : 413;
        res.writeHead(status, { "content-type": "application/json", connection: "close" });
        res.end(
          JSON.stringify({
            errors: [
              {
                message:
                  status === 413
                    ? `Request body exceeds ${config.maxRequestBytes} bytes`
                    : "Content-Length required",
                extensions: { code: status === 413 ? "PAYLOAD_TOO_LARGE" : "LENGTH_REQUIRED" },
              },
            ],
          }),
        );
        req.resume();
        return;
      }
      await yoga(req, res, { requestId });
      return;
    }
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: "not found", path }));
  }

  return {
    config,
    get deps() {
      if (!deps) throw new Error("app not started");
      return deps;
    },
    get url() {
      return url;
    },
    get demo() {
      return demo;
    },
    async start() {
      const opened = await openDeps(config, { clock, logger, carrier, onSql: options.onSql });
      deps = opened;
      rateLimiter = await createRateLimiter(config.sensRest, config.redis, clock, logger);
      if (config.demoBootstrap) demo = await bootstrapDemo(opened.db);
      server = createServer((req, res) => {
        handle(req, res).catch((err) => {
          logger.error({ err }, "unhandled HTTP error");
          if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
          res.end(JSON.stringify({ error: "internal error" }));
        });
      });
      // Open streams are tracked under their key (revocation closes them) and hold a
      // per-account slot; the graphql-ws server enforces the socket-level bounds.
      const keys = new KeyWatch(opened, config.realtime.keyRecheckMs);
      await keys.start();
      guards = { slots: new SubscriptionSlots(config.realtime.perAccount), keys };
      wss = serveGraphqlWs({
        server,
        path: GRAPHQL_PATH,
        limits: config.realtime,
        logger,
        yoga,
        guards: () => guards!,
        authenticate: actorFromHeader,
      });
      await new Promise<void>((resolve, reject) => {
        server!.once("error", reject);
        server!.listen(config.port, config.host, () => resolve());
      });
      const addr = server.address() as AddressInfo;
      const host = config.host === "0.0.0.0" || config.host === "::" ? "127.0.0.1" : config.host;
      url = `http://${host}:${addr.port}`;
      if (options.jobs !== false) jobs = startJobs(deps);
      // DISPATCHER=false leaves delivery to `npm run worker` processes.
      if (config.dispatch.enabled) {
        const d = startDispatcher(deps, { ...config.dispatch, database: config.database });
        dispatcher = d;
        deps.queued.listen(() => d.wake());
        // Reservations and schedules run wherever delivery runs.
        scheduler = startScheduler(deps, { ...config.scheduler, database: config.database });
        webhooks = startWebhookWorker(deps, { ...config.webhooks, onAttempt: onWebhookAttempt });
      }
    },
    async stop() {
      jobs?.stop();
      await webhooks?.stop();
      await scheduler?.stop();
      await dispatcher?.stop();
      guards?.keys.stop();
      for (const client of wss?.clients ?? []) client.close(1001, "server shutting down");
      await new Promise<void>((resolve) => (wss ? wss.close(() => resolve()) : resolve()));
      if (server) {
        server.closeIdleConnections();
        await new Promise<void>((resolve) => server!.close(() => resolve()));
        server.closeAllConnections();
      }
      await rateLimiter?.close();
      if (deps) await closeDeps(deps);
      logger.info("gateway stopped");
    },
  };
}
