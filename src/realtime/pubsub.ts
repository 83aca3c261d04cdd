// Where committed status events travel: one topic per project, in memory (a single process)
// or over Redis pub/sub (REDIS_URL), so an event produced by any worker reaches subscribers
// on every gateway instance. Delivery is best effort; subscribers fill gaps from the log.
import { setMaxListeners } from "node:events";
import { createRedisEventTarget } from "@graphql-yoga/redis-event-target";
import { Redis } from "ioredis";
import type { Config } from "../config.ts";
import type { Logger } from "../logger.ts";
import { decodeEvents, encodeEvents, type StatusEvent } from "./events.ts";

export type EventListener = (events: StatusEvent[]) => void;

export interface EventBus {
  readonly kind: "memory" | "redis";
  /** Publishes events that are already committed; they may belong to several projects. */
  publish(events: readonly StatusEvent[]): void;
  /**
   * Listens to one project's topic. Resolves once the subscription is active (with Redis:
   * acknowledged by the server), so everything published afterwards is heard. Call the
   * returned function to stop listening.
   */
  subscribe(projectId: string, listener: EventListener): Promise<() => void>;
  /** Listeners currently attached (tests use it to prove closed subscriptions let go). */
  listenerCount(): number;
  close(): Promise<void>;
}

/** The minimal EventTarget both the in-memory target and the Redis one provide. */
interface Target {
  addEventListener(type: string, listener: (event: Event) => void): void;
  removeEventListener(type: string, listener: (event: Event) => void): void;
  dispatchEvent(event: Event): boolean;
}

/** Shared bookkeeping: topic naming, per-project batching, listener counting, isolation. */
function busOver(kind: EventBus["kind"], target: Target, prefix: string, logger: Logger, ready: (topic: string) => Promise<void>, close: () => Promise<void>): EventBus {
  const topic = (projectId: string) => `${prefix}:project:${projectId}`;
  let listeners = 0;
  return {
    kind,
    publish(events) {
      const byProject = new Map<string, StatusEvent[]>();
      for (const e of events) {
        const list = byProject.get(e.projectId);
        if (list) list.push(e);
        else byProject.set(e.projectId, [e]);
      }
      for (const [projectId, list] of byProject) target.dispatchEvent(new CustomEvent(topic(projectId), { detail: list }));
    },
    async subscribe(projectId, listener) {
      const name = topic(projectId);
      // A listener that throws must not break delivery to the others (EventTarget would
      // turn it into an uncaught exception).
      const wrapped = (event: Event) => {
        try {
          listener((event as CustomEvent<StatusEvent[]>).detail);
        } catch (err) {
          logger.error({ err, projectId }, "status event listener failed");
        }
      };
      target.addEventListener(name, wrapped);
      listeners++;
      let active = true;
      const unsubscribe = () => {
        if (!active) return;
        active = false;
        listeners--;
        target.removeEventListener(name, wrapped);
      };
      try {
        await ready(name);
      } catch (err) {
        unsubscribe();
        throw err;
      }
      return unsubscribe;
    },
    listenerCount: () => listeners,
    close,
  };
}

export function createMemoryBus(logger: Logger): EventBus {
  const target = new EventTarget();
  // Every subscriber of a project listens on one event name; thousands are expected.
  setMaxListeners(0, target);
  return busOver("memory", target, "local", logger, async () => undefined, async () => undefined);
}

const REDIS_CONNECT_TIMEOUT_MS = 5000;

/** Redis pub/sub through graphql-yoga's Redis event target (one publishing and one subscribing connection). */
export async function createRedisBus(url: string, channelPrefix: string, logger: Logger): Promise<EventBus> {
  const options = { lazyConnect: true, maxRetriesPerRequest: null, connectTimeout: REDIS_CONNECT_TIMEOUT_MS };
  const publishClient = new Redis(url, options);
  const subscribeClient = new Redis(url, options);
  for (const [name, client] of [["publish", publishClient], ["subscribe", subscribeClient]] as const) {
    // Without a listener ioredis would crash the process on a dropped connection; it
    // reconnects (and re-subscribes) on its own.
    client.on("error", (err: Error) => logger.warn({ err: err.message, client: name }, "redis connection problem"));
  }
  try {
    await Promise.all([publishClient.connect(), subscribeClient.connect()]);
  } catch (err) {
    publishClient.disconnect();
    subscribeClient.disconnect();
    throw new Error(`cannot connect to Redis at REDIS_URL (${(err as Error).message})`);
  }
  const target = createRedisEventTarget<CustomEvent>({
    publishClient,
    subscribeClient,
    serializer: { stringify: (v) => encodeEvents(v as StatusEvent[]), parse: (s) => decodeEvents(s) },
  });
  return busOver(
    "redis",
    target,
    channelPrefix,
    logger,
    // The event target subscribes without waiting; SUBSCRIBE is idempotent, and commands on
    // one connection run in order, so awaiting our own SUBSCRIBE proves theirs took effect.
    async (topic) => {
      await subscribeClient.subscribe(topic);
    },
    async () => {
      await Promise.allSettled([publishClient.quit(), subscribeClient.quit()]);
    },
  );
}

export async function createEventBus(config: Pick<Config, "redis">, logger: Logger): Promise<EventBus> {
  return config.redis ? createRedisBus(config.redis.url, config.redis.channelPrefix, logger) : createMemoryBus(logger);
}
