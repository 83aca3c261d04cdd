// `npm run worker`: a delivery-only process (no HTTP) running one dispatcher against the
// configured database, publishing status events to Redis when REDIS_URL is set. Run as many
// as you like next to gateways started with DISPATCHER=false; SIGTERM/SIGINT stop it after
// the messages in hand are recorded (a SIGKILLed worker's leases simply expire).
import { systemClock } from "./clock.ts";
import { startDispatcher, type Dispatcher } from "./delivery/dispatcher.ts";
import { createLogger } from "./logger.ts";
import { closeDeps, createCarrier, loadConfigOrExit, openDeps } from "./runtime.ts";
import type { Deps } from "./services/deps.ts";

const config = loadConfigOrExit();

const logger = createLogger(config.logLevel).child({ role: "worker" });
let deps: Deps | undefined;
let dispatcher: Dispatcher | undefined;

// Handlers first: a SIGTERM that arrives while starting must still stop cleanly (before a
// handler exists, the default action kills the process on the spot).
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "worker stopping");
    (async () => {
      await dispatcher?.stop();
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

deps = await openDeps(config, { clock: systemClock, logger, carrier: createCarrier(config) });
if (!stopping) {
  dispatcher = startDispatcher(deps, { ...config.dispatch, database: config.database });
  logger.info({ owner: dispatcher.owner, database: config.database.provider, pubsub: deps.pubsub.kind }, "worker started");
}
