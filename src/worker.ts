// `npm run worker`: a delivery-only process (no HTTP) running one dispatcher against the
// configured database, publishing status events to Redis when REDIS_URL is set. Run as many
// as you like next to gateways started with DISPATCHER=false; SIGTERM/SIGINT stop it after
// the messages in hand are recorded (a SIGKILLed worker's leases simply expire).
import { systemClock } from "./clock.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { openDb } from "./db/client.ts";
import { migrate } from "./db/migrate.ts";
import { openProgramRunner } from "./db/program.ts";
import { openRawDb } from "./db/raw.ts";
import { startDispatcher, type Dispatcher } from "./delivery/dispatcher.ts";
import { SimulatedCarrier } from "./delivery/simulated.ts";
import { createLogger } from "./logger.ts";
import { createEventBus } from "./realtime/pubsub.ts";
import type { Deps } from "./services/deps.ts";

let config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(2);
  }
  throw err;
}

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
      await deps?.pubsub.close();
      await deps?.db.$disconnect();
      await deps?.programs.close();
      await deps?.raw.close();
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

await migrate(config.database);
const clock = systemClock;
// Same carrier selection as the gateway (src/app.ts); `simulated` is the only kind so far.
const carrier = new SimulatedCarrier({ latencyMs: config.carrier.latencyMs, failureRate: config.carrier.failureRate, seed: config.carrier.seed, clock });
const raw = openRawDb(config.database);
deps = { db: openDb(config.database), raw, programs: openProgramRunner(config.database, raw), clock, logger, carrier, pubsub: await createEventBus(config, logger) };
if (!stopping) {
  dispatcher = startDispatcher(deps, { ...config.dispatch, database: config.database });
  logger.info({ owner: dispatcher.owner, database: config.database.provider, pubsub: deps.pubsub.kind }, "worker started");
}
