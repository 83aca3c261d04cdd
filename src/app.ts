// buildApp(config) → { start, stop, url }: the HTTP server (GraphQL, GraphiQL, health),
// the graphql-ws WebSocket server on the same path, and background jobs. Importing this
// module has no side effects; main.ts reads the environment and calls it. What a request
// goes through lives in http/graphqlServer.ts (Yoga) and http/router.ts (which part answers);
// this module owns the order of start-up and shutdown.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { WebSocketServer } from "ws";
import type { Clock } from "./clock.ts";
import type { Config } from "./config.ts";
import type { Carrier } from "./delivery/carrier.ts";
import { startDispatcher, type Dispatcher } from "./delivery/dispatcher.ts";
import { startScheduler, type Scheduler } from "./delivery/scheduler.ts";
import { buildSchema } from "./graphql/schema.ts";
import type { StreamGuards } from "./graphql/streamGuard.ts";
import { actorResolver, createGraphqlServer, GRAPHQL_PATH } from "./http/graphqlServer.ts";
import { createRequestHandler, type RequestHandler } from "./http/router.ts";
import { serveGraphqlWs } from "./http/websocket.ts";
import { startJobs, type JobRunner } from "./jobs.ts";
import { createLogger, type Logger } from "./logger.ts";
import { createMetrics, type Metrics } from "./metrics.ts";
import { KeyWatch } from "./realtime/keyWatch.ts";
import { SubscriptionSlots } from "./realtime/limits.ts";
import { createRateLimiter, type RateLimiter } from "./rest/rateLimit.ts";
import { createSensHandler } from "./rest/sens.ts";
import { clockFrom, closeDeps, createCarrier, openDeps } from "./runtime.ts";
import { bootstrapDemo, type IssuedKey } from "./services/accounts.ts";
import type { Deps } from "./services/deps.ts";
import { webhookMetrics } from "./webhooks/metrics.ts";
import { startWebhooks, type WebhookRunner } from "./webhooks/thread.ts";

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
  let background: Background = {};
  let url = "";
  let demo: DemoKeys | null = null;

  const { actorFromHeader, yoga, handle } = requestPipeline(config, logger, metrics, {
    deps: () => deps,
    guards: () => guards!,
    rateLimiter: () => rateLimiter!,
  });

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
      server = createServer(answerOrFail(handle, logger));
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
      url = await listen(server, config);
      background = startBackground(opened, config, options.jobs !== false, onWebhookAttempt);
    },
    async stop() {
      await stopBackground(background);
      guards?.keys.stop();
      await closeHttp(server, wss);
      await rateLimiter?.close();
      if (deps) await closeDeps(deps);
      logger.info("gateway stopped");
    },
  };
}

/** What exists only once the app has started, read when a request needs it. */
interface Started {
  deps(): Deps | undefined;
  guards(): StreamGuards;
  rateLimiter(): RateLimiter;
}

/** Authentication, the Yoga server, the SENS REST handler and the router in front of them. */
function requestPipeline(config: Config, logger: Logger, metrics: Metrics, started: Started) {
  const deps = () => started.deps()!;
  const actorFromHeader = actorResolver(deps, logger);
  const yoga = createGraphqlServer({
    config,
    logger,
    schema: buildSchema(),
    metricsPlugin: metrics.graphqlPlugin,
    deps,
    guards: started.guards,
    actorFromHeader,
  });
  const sens = createSensHandler({
    config,
    logger,
    deps,
    rateLimiter: started.rateLimiter,
  });
  const handle = createRequestHandler({
    config,
    logger,
    ops: { registry: metrics.registry, deps: started.deps },
    yoga,
    sens,
  });

  return { actorFromHeader, yoga, handle };
}

/** A request whose handler throws gets a 500 (when nothing was sent yet) and is logged. */
function answerOrFail(
  handle: RequestHandler,
  logger: Logger,
): (...args: Parameters<RequestHandler>) => void {
  return (req, res) => {
    handle(req, res).catch((err) => {
      logger.error({ err }, "unhandled HTTP error");
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: "internal error" }));
    });
  };
}

/** Listens on the configured port and host; the URL clients (and tests) reach it at. */
async function listen(server: Server, config: Config): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const host = config.host === "0.0.0.0" || config.host === "::" ? "127.0.0.1" : config.host;
  return `http://${host}:${addr.port}`;
}

/** What runs in the background of a gateway; each part is absent when it was not started. */
interface Background {
  jobs?: JobRunner;
  dispatcher?: Dispatcher;
  scheduler?: Scheduler;
  webhooks?: WebhookRunner;
}

function startBackground(
  deps: Deps,
  config: Config,
  jobs: boolean,
  onWebhookAttempt: ReturnType<typeof webhookMetrics>,
): Background {
  const background: Background = {};
  if (jobs) background.jobs = startJobs(deps);
  // DISPATCHER=false leaves delivery to `npm run worker` processes.
  if (config.dispatch.enabled) {
    const d = startDispatcher(deps, { ...config.dispatch, database: config.database });
    background.dispatcher = d;
    deps.queued.listen(() => d.wake());
    // Reservations and schedules run wherever delivery runs.
    background.scheduler = startScheduler(deps, {
      ...config.scheduler,
      database: config.database,
    });
    // In a thread of its own unless WEBHOOK_THREAD=false (webhooks/thread.ts).
    background.webhooks = startWebhooks(config, deps, onWebhookAttempt);
  }
  return background;
}

async function stopBackground(background: Background): Promise<void> {
  background.jobs?.stop();
  await background.webhooks?.stop();
  await background.scheduler?.stop();
  await background.dispatcher?.stop();
}

/** Says goodbye to graphql-ws clients, then closes the WebSocket and HTTP servers. */
async function closeHttp(server: Server | undefined, wss: WebSocketServer | undefined) {
  for (const client of wss?.clients ?? []) client.close(1001, "server shutting down");
  await new Promise<void>((resolve) => (wss ? wss.close(() => resolve()) : resolve()));
  if (server) {
    server.closeIdleConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
  }
}
