// Every PostgreSQL connection of the process is opened here (the raw pool, Prisma's adapter
// pool, the migration client), each with an 'error' listener: a connection the server drops
// (restart, failover, pg_terminate_backend) must never crash the process.
import pg from "pg";
import type { Logger } from "../logger.ts";
import { describeDbError } from "./errors.ts";

/**
 * For every pool: TCP keepalive, so that a peer that vanished without closing (a failover
 * to another host) is noticed on idle connections. No connectionTimeoutMillis: pg-pool
 * applies it to callers queued for a busy pool too, which would refuse work under load.
 */
export const PG_POOL_DEFAULTS = {
  keepAlive: true,
  keepAliveInitialDelayMillis: 10_000,
} satisfies pg.PoolConfig;

/** Where dropped connections are reported; a no-op when the caller has no logger (CLI). */
export type ConnectionErrorSink = (err: Error, where: string) => void;

export function connectionErrorLogger(logger: Logger | undefined): ConnectionErrorSink {
  return logger
    ? (err, where) =>
        logger.warn({ pool: where, ...describeDbError(err) }, "database connection lost")
    : () => undefined;
}

/**
 * A pg.Pool whose clients are watched for their whole life. pg-pool listens only to idle
 * clients; a client checked out (a transaction, or a Prisma interactive transaction between
 * its statements) whose server session ends emits 'error' with no listener — an uncaught
 * exception. The statement in flight, if any, fails on its own and reaches its caller; the
 * client is then not queryable, so the pool discards it on release and opens a new one.
 */
export function openPgPool(
  config: pg.PoolConfig,
  name: string,
  onLost: ConnectionErrorSink,
): pg.Pool {
  const pool = new pg.Pool(config);
  pool.on("connect", (client) => client.on("error", (err: Error) => onLost(err, name)));
  // Required too: pg-pool re-emits an idle client's error on the pool. Already reported above.
  pool.on("error", () => undefined);
  return pool;
}

/** A single connection (the migration runner's), watched the same way. */
export async function connectPgClient(
  config: pg.ClientConfig,
  name: string,
  onLost: ConnectionErrorSink,
): Promise<pg.Client> {
  const client = new pg.Client(config);
  client.on("error", (err: Error) => onLost(err, name));
  await client.connect();
  return client;
}
