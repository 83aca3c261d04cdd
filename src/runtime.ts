// What the gateway (app.ts) and a worker process (worker.ts) both need: configuration read
// once with a clean exit on bad values, the carrier chosen by configuration, and the
// dependencies opened (after migrating) and closed in one place.
import { OffsetClock, systemClock, type Clock } from "./clock.ts";
import { ConfigError, loadConfig, type Config } from "./config.ts";
import { openDb, type SqlObserver } from "./db/client.ts";
import { migrate } from "./db/migrate.ts";
import { connectionErrorLogger } from "./db/pgPool.ts";
import { openProgramRunner } from "./db/program.ts";
import { openRawDb } from "./db/raw.ts";
import type { Carrier } from "./delivery/carrier.ts";
import { SensCarrier } from "./delivery/sens/index.ts";
import { SimulatedCarrier } from "./delivery/simulated.ts";
import { createLogger, type Logger } from "./logger.ts";
import { createEventBus } from "./realtime/pubsub.ts";
import { secretBoxFor } from "./secretKey.ts";
import type { Deps } from "./services/deps.ts";
import { QueueSignal } from "./services/queueSignal.ts";

/** For entry points: the configuration, or exit 2 with a message naming the bad variables. */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
}

/** The system clock, shifted by CLOCK_OFFSET_MS when set. */
export function clockFrom(config: Config): Clock {
  if (!config.clockOffsetMs) return systemClock;
  const clock = new OffsetClock();
  clock.advance(config.clockOffsetMs);
  return clock;
}

/** The carrier configured by CARRIER: `simulated`, or `sens` (CARRIER_TIMEOUT_MS is its per-request timeout). */
export function createCarrier(
  config: Config,
  clock: Clock = systemClock,
  logger: Logger = createLogger(config.logLevel),
): Carrier {
  const sens = config.carrier.sens;
  if (config.carrier.kind === "sens" && sens) {
    return new SensCarrier({
      ...sens,
      requestTimeoutMs: config.dispatch.carrierTimeoutMs,
      clock,
      logger: logger.child({ carrier: "sens" }),
    });
  }
  return new SimulatedCarrier({
    latencyMs: config.carrier.latencyMs,
    failureRate: config.carrier.failureRate,
    seed: config.carrier.seed,
    clock,
  });
}

export interface OpenDepsOptions {
  clock: Clock;
  logger: Logger;
  carrier: Carrier;
  onSql?: SqlObserver | undefined;
}

/** Applies pending migrations, then opens every connection the services use. */
export async function openDeps(config: Config, options: OpenDepsOptions): Promise<Deps> {
  // Connections the server drops are logged and replaced, never thrown (db/pgPool.ts).
  const onLost = connectionErrorLogger(options.logger);
  const applied = await migrate(config.database, onLost);
  if (applied.length) options.logger.info({ applied }, "applied database migrations");
  const raw = openRawDb(config.database, onLost);
  return {
    db: openDb(config.database, options.onSql, onLost),
    raw,
    programs: openProgramRunner(config.database, raw),
    clock: options.clock,
    logger: options.logger,
    carrier: options.carrier,
    pubsub: await createEventBus(config, options.logger),
    secrets: secretBoxFor(config),
    limits: { apiKeysPerAccount: config.apiKeysPerAccount },
    webhooks: config.webhooks,
    queued: new QueueSignal(),
  };
}

export async function closeDeps(deps: Deps): Promise<void> {
  await deps.pubsub.close();
  await deps.db.$disconnect();
  await deps.programs.close();
  await deps.raw.close();
}
