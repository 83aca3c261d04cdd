// `npm run worker`: a delivery-only process (no HTTP) running one dispatcher against the
// configured database, publishing status events to Redis when REDIS_URL is set. Run as many
// as you like next to gateways started with DISPATCHER=false; SIGTERM/SIGINT stop it after
// the messages in hand are recorded (a SIGKILLed worker's leases simply expire). With
// METRICS_PORT it also serves /metrics, /livez and /readyz on that port (src/http/ops.ts).
import { startDispatcher, type Dispatcher } from "./delivery/dispatcher.ts";
import { startScheduler, type Scheduler } from "./delivery/scheduler.ts";
import { startOpsServer, type OpsServer } from "./http/ops.ts";
import { createLogger } from "./logger.ts";
import { createMetrics } from "./metrics.ts";
import { clockFrom, closeDeps, createCarrier, loadConfigOrExit, openDeps } from "./runtime.ts";
import type { Deps } from "./services/deps.ts";
import { webhookMetrics } from "./webhooks/metrics.ts";
import { startWebhooks, type WebhookRunner } from "./webhooks/thread.ts";

const config = loadConfigOrExit();

const logger = createLogger(config.logLevel).child({ role: "worker" });
let deps: Deps | undefined;
let dispatcher: Dispatcher | undefined;
let scheduler: Scheduler | undefined;
let ops: OpsServer | undefined;
let webhooks: WebhookRunner | undefined;
const metrics = createMetrics({ logger, messages: () => deps });
const onWebhookAttempt = webhookMetrics(metrics.registry, () => deps);

// Handlers first: a SIGTERM that arrives while starting must still stop cleanly (before a
// handler exists, the default action kills the process on the spot).
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "worker stopping");
    (async () => {
      await webhooks?.stop();
      await scheduler?.stop();
      await dispatcher?.stop();
      await ops?.close();
      if (deps) await closeDeps(deps);
      logger.info({ stats: dispatcher?.stats }, "worker stopped");
    })().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
}

// Before the database: /livez answers (and /readyz says "starting") while migrations run.
if (config.metricsPort !== null) {
  ops = await startOpsServer({
    host: config.host,
    port: config.metricsPort,
    logger,
    source: { registry: metrics.registry, deps: () => deps },
  });
  logger.info({ url: `${ops.url}/metrics` }, "metrics listening");
}
const clock = clockFrom(config);
deps = await openDeps(config, {
  clock,
  logger,
  carrier: metrics.countCarrier(createCarrier(config, clock, logger)),
});
if (!stopping) {
  const d = startDispatcher(deps, { ...config.dispatch, database: config.database });
  dispatcher = d;
  deps.queued.listen(() => d.wake());
  // Due reservations and schedule occurrences become messages for the dispatcher.
  scheduler = startScheduler(deps, { ...config.scheduler, database: config.database });
  // Webhooks from the event log (src/webhooks/), wherever delivery runs.
  webhooks = startWebhooks(config, deps, onWebhookAttempt);
  logger.info(
    { owner: dispatcher.owner, database: config.database.provider, pubsub: deps.pubsub.kind },
    "worker started",
  );
}
