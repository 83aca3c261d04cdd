// Where committed status events travel: one topic per project, in memory (a single process)
// or over Redis pub/sub (REDIS_URL), so an event produced by any worker reaches subscribers
// on every gateway instance. Delivery is best effort; subscribers fill gaps from the log.
import { setMaxListeners } from "node:events";
import { createRedisEventTarget } from "@graphql-yoga/redis-event-target";
import type { Redis } from "ioredis";
import type { Config } from "../config.ts";
import type { Logger } from "../logger.ts";
import { connectRedis } from "../redis.ts";
import { withTimeout } from "../timeout.ts";
import { decodeEvents, encodeEvents, type StatusEvent } from "./events.ts";
import { SlicedFanOut } from "./fanOut.ts";

export type EventListener = (events: StatusEvent[]) => void;

/**
 * A reservation or schedule-occurrence status change (docs/realtime.md#reservations-and-occurrences).
 * Live only: subscribers read the current state from the database first.
 * Times are epoch milliseconds, so the payload survives JSON unchanged.
 */
export type Notice = ReservationNotice | OccurrenceNotice | OptOutNotice | WebhookNotice;

export interface ReservationNotice {
  kind: "reservation";
  accountId: string;
  projectId: string;
  reservationId: string;
  requestId: string;
  status: string;
  statusReason: string | null;
  at: number;
}

export interface OccurrenceNotice {
  kind: "occurrence";
  accountId: string;
  projectId: string;
  scheduleId: string;
  occurrenceId: string;
  scheduledFor: number;
  /** The request the occurrence sent; null when it was not sent (SKIP, STALE). */
  requestId: string | null;
  status: string;
  statusReason: string | null;
  at: number;
}
/** A number an ARS call added to the project's 080 opt-out list (committed, and in the project event log). */
export interface OptOutNotice {
  kind: "optOut";
  accountId: string;
  projectId: string;
  number: string;
  at: number;
}

/** A webhook endpoint of the project moved its cursor or changed (webhookEndpointLag listens). */
export interface WebhookNotice {
  kind: "webhook";
  accountId: string;
  projectId: string;
  endpointId: string;
  at: number;
}
export type NoticeListener = (notices: Notice[]) => void;
/** Revoked API key ids: every gateway closes the open streams of these keys (src/realtime/keyWatch.ts). */
export type RevocationListener = (keyIds: string[]) => void;

/** The notice for a reservation row (its ids) that now has `status`. */
export function reservationNotice(
  r: { id: string; accountId: string; projectId: string; requestId: string },
  status: string,
  statusReason: string | null,
  at: Date,
): ReservationNotice {
  return {
    kind: "reservation",
    accountId: r.accountId,
    projectId: r.projectId,
    reservationId: r.id,
    requestId: r.requestId,
    status,
    statusReason,
    at: at.getTime(),
  };
}

/** The notice for a schedule occurrence that now has `status`. */
export function occurrenceNotice(
  o: {
    id: string;
    accountId: string;
    projectId: string;
    scheduleId: string;
    scheduledFor: Date;
    requestId: string | null;
  },
  status: string,
  statusReason: string | null,
  at: Date,
): OccurrenceNotice {
  return {
    kind: "occurrence",
    accountId: o.accountId,
    projectId: o.projectId,
    scheduleId: o.scheduleId,
    occurrenceId: o.id,
    scheduledFor: o.scheduledFor.getTime(),
    requestId: o.requestId,
    status,
    statusReason,
    at: at.getTime(),
  };
}

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
  /** Publishes committed reservation notices (a separate topic per project). */
  publishNotices(notices: readonly Notice[]): void;
  subscribeNotices(projectId: string, listener: NoticeListener): Promise<() => void>;
  /** Announces revoked API keys to every process on the bus (one topic for all accounts). */
  publishRevocations(keyIds: readonly string[]): void;
  subscribeRevocations(listener: RevocationListener): Promise<() => void>;
  /**
   * Whether events published on the project's topic are still being handed to this
   * process's listeners (a big fan-out runs in time slices): a stream that heard nothing for
   * a while then waits for them instead of reading the log behind the bus's back.
   */
  delivering(projectId: string): boolean;
  /** Subscription listeners currently attached (tests use it to prove closed subscriptions let go; the revocation listener is not counted). */
  listenerCount(): number;
  /** Whether the bus works now (readiness): memory always; Redis answers PING in time. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** The minimal EventTarget both the in-memory target and the Redis one provide. */
interface Target {
  addEventListener(type: string, listener: (event: Event) => void): void;
  removeEventListener(type: string, listener: (event: Event) => void): void;
  dispatchEvent(event: Event): boolean;
}

/** Items grouped by their project, in order: one event per project and publish. */
function byProject<T extends { projectId: string }>(items: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const e of items) {
    const list = groups.get(e.projectId);
    if (list) list.push(e);
    else groups.set(e.projectId, [e]);
  }
  return groups;
}

/**
 * This process's subscribers by topic, with the count of (counted) listeners; `listen`
 * resolves to the unsubscribe function once the topic is ready on the target.
 */
function topicListeners(target: Target, logger: Logger, ready: (topic: string) => Promise<void>) {
  let listeners = 0;
  // One target listener per topic, fanning out to this process's subscribers of it: a
  // plain loop over a Set costs far less per subscriber than EventTarget's dispatch. The
  // loop runs in time slices (src/realtime/fanOut.ts), so a big fan-out never blocks the
  // event loop for long.
  const local = new Map<string, Set<(event: Event) => void>>();
  const slicer = new SlicedFanOut();
  const fanOut = (event: Event) => {
    const subscribers = local.get(event.type);
    if (subscribers) slicer.deliver(event.type, subscribers, event);
  };

  async function listen(
    name: string,
    projectId: string | null,
    deliver: (event: Event) => void,
    counted = true,
  ) {
    // A listener that throws must not break delivery to the others.
    const wrapped = (event: Event) => {
      try {
        deliver(event);
      } catch (err) {
        logger.error({ err, projectId }, "event listener failed");
      }
    };
    let subscribers = local.get(name);
    if (!subscribers) {
      local.set(name, (subscribers = new Set()));
      target.addEventListener(name, fanOut);
    }
    subscribers.add(wrapped);
    if (counted) listeners++;
    let active = true;
    const unsubscribe = () => {
      if (!active) return;
      active = false;
      if (counted) listeners--;
      const set = local.get(name);
      set?.delete(wrapped);
      if (set && set.size === 0) {
        local.delete(name);
        target.removeEventListener(name, fanOut);
      }
    };
    try {
      await ready(name);
    } catch (err) {
      unsubscribe();
      throw err;
    }
    return unsubscribe;
  }

  return { listen, slicer, count: () => listeners };
}

/** Shared bookkeeping: topic naming, per-project batching, listener counting, isolation. */
function busOver(
  kind: EventBus["kind"],
  target: Target,
  prefix: string,
  logger: Logger,
  ready: (topic: string) => Promise<void>,
  close: () => Promise<void>,
  ping: () => Promise<boolean>,
): EventBus {
  const topic = (projectId: string) => `${prefix}:project:${projectId}`;
  const noticeTopic = (projectId: string) => `${prefix}:notices:${projectId}`;
  const revocationTopic = `${prefix}:revocations`;
  const { listen, slicer, count } = topicListeners(target, logger, ready);

  return {
    kind,
    publish(events) {
      for (const [projectId, list] of byProject(events))
        target.dispatchEvent(new CustomEvent(topic(projectId), { detail: list }));
    },
    publishNotices(notices) {
      for (const [projectId, list] of byProject(notices))
        target.dispatchEvent(
          new CustomEvent(noticeTopic(projectId), { detail: { notices: list } }),
        );
    },
    subscribeNotices(projectId, listener) {
      return listen(noticeTopic(projectId), projectId, (event) =>
        listener((event as CustomEvent<{ notices: Notice[] }>).detail.notices),
      );
    },
    subscribe(projectId, listener) {
      return listen(topic(projectId), projectId, (event) =>
        listener((event as CustomEvent<StatusEvent[]>).detail),
      );
    },
    publishRevocations(keyIds) {
      if (keyIds.length)
        target.dispatchEvent(new CustomEvent(revocationTopic, { detail: { keyIds: [...keyIds] } }));
    },
    subscribeRevocations(listener) {
      return listen(
        revocationTopic,
        null,
        (event) => listener((event as CustomEvent<{ keyIds: string[] }>).detail.keyIds),
        false,
      );
    },
    delivering: (projectId) => slicer.busy(topic(projectId)),
    listenerCount: count,
    ping,
    close,
  };
}

export function createMemoryBus(logger: Logger): EventBus {
  const target = new EventTarget();
  // Every subscriber of a project listens on one event name; thousands are expected.
  setMaxListeners(0, target);
  return busOver(
    "memory",
    target,
    "local",
    logger,
    async () => undefined,
    async () => undefined,
    async () => true,
  );
}

const REDIS_PING_TIMEOUT_MS = 1000;

/** Redis pub/sub through graphql-yoga's Redis event target (one publishing and one subscribing connection). */
export async function createRedisBus(
  url: string,
  channelPrefix: string,
  logger: Logger,
): Promise<EventBus> {
  // Commands wait while disconnected (the subscribing client re-subscribes on reconnect).
  const options = { maxRetriesPerRequest: null };
  const connected = await Promise.allSettled([
    connectRedis(url, "publish", logger, options),
    connectRedis(url, "subscribe", logger, options),
  ]);
  const failed = connected.find((c) => c.status === "rejected");
  if (failed) {
    for (const c of connected) if (c.status === "fulfilled") c.value.disconnect();
    throw failed.reason;
  }
  const [publishClient, subscribeClient] = connected.map(
    (c) => (c as PromiseFulfilledResult<Redis>).value,
  ) as [Redis, Redis];
  const target = createRedisEventTarget<CustomEvent>({
    publishClient,
    subscribeClient,
    // Status events travel compactly as arrays; notices and revocations as plain JSON objects.
    serializer: {
      stringify: (v) => (Array.isArray(v) ? encodeEvents(v as StatusEvent[]) : JSON.stringify(v)),
      parse: (text) => (text.startsWith("{") ? JSON.parse(text) : decodeEvents(text)),
    },
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
    // Both connections must be up (events travel out on one, in on the other). A command
    // sent while disconnected would wait in ioredis's offline queue, so it is not sent then;
    // a connection that looks up but does not answer fails by timeout.
    async () => {
      if (publishClient.status !== "ready" || subscribeClient.status !== "ready") return false;
      return withTimeout(publishClient.ping(), REDIS_PING_TIMEOUT_MS).then(
        (reply) => reply === "PONG",
        () => false,
      );
    },
  );
}

export async function createEventBus(
  config: Pick<Config, "redis">,
  logger: Logger,
): Promise<EventBus> {
  return config.redis
    ? createRedisBus(config.redis.url, config.redis.channelPrefix, logger)
    : createMemoryBus(logger);
}
