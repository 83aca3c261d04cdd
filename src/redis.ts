// Redis connections (REDIS_URL): the pub/sub bus and the REST rate limiter each open their own.

import { Redis, type RedisOptions } from "ioredis";
import type { Logger } from "./logger.ts";

const REDIS_CONNECT_TIMEOUT_MS = 5000;

/**
 * A connected client named `name` in the logs. Without an error listener ioredis would crash
 * the process on a dropped connection; with one it logs and reconnects on its own.
 */
export async function connectRedis(
  url: string,
  name: string,
  logger: Logger,
  options: RedisOptions = {},
): Promise<Redis> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
    ...options,
  });
  client.on("error", (err: Error) =>
    logger.warn({ err: err.message, client: name }, "redis connection problem"),
  );
  try {
    await client.connect();
  } catch (err) {
    client.disconnect();
    throw new Error(`cannot connect to Redis at REDIS_URL (${(err as Error).message})`);
  }
  return client;
}
