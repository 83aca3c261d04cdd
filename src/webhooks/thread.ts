// Webhook delivery in a worker thread of its own (WEBHOOK_THREAD, on by default;
// docs/webhooks.md#where-delivery-runs). The dispatcher keeps the gateway's event loop to
// itself: reading events, building and signing bodies, and HTTP for every endpoint run on
// the thread's loop — on another core — instead of taking turns from message delivery.
// The thread opens its own connections (webhooks/threadMain.ts); the gateway keeps what is
// shared: the clock (the offset lives in shared memory), the event bus that tells lag
// subscribers, and the metrics. A thread that dies is started again under the same lease
// owner, so it takes its endpoints back at once instead of waiting for the leases to expire.
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { Worker } from "node:worker_threads";
import { Backoff } from "../backoff.ts";
import { OffsetClock, type Clock } from "../clock.ts";
import type { Config } from "../config.ts";
import type { Deps } from "../services/deps.ts";
import type { ChangedEndpoint } from "./deps.ts";
import { endpointChanged } from "./endpoints.ts";
import { startWebhookWorker, type AttemptOutcome } from "./worker.ts";

/** What the thread is started with (structured-cloned). */
export interface ThreadStart {
  config: Config;
  /** The gateway clock's offset from real time (OffsetClock's shared memory). */
  clock: SharedArrayBuffer;
  owner: string;
}

/** What the thread tells the gateway. */
export type ThreadMessage =
  | { kind: "started" }
  | { kind: "changed"; endpoint: ChangedEndpoint }
  | { kind: "attempt"; outcome: AttemptOutcome; latencyMs: number };

/** A running delivery worker, wherever it runs. */
export interface WebhookRunner {
  /** Stops claiming and waits for the steps in flight (each ends within its timeouts). */
  stop(): Promise<void>;
}

/** Delivery in a thread: also the thread running now (none while it is being started again). */
export interface WebhookThread extends WebhookRunner {
  current(): Worker | null;
}

/** The clock's offset as shared memory: an OffsetClock's own, else a snapshot of the offset now. */
function sharedOffset(clock: Clock): SharedArrayBuffer {
  if (clock instanceof OffsetClock) return clock.shared;
  const copy = new OffsetClock();
  copy.advance(clock.now().getTime() - Date.now());
  return copy.shared;
}

export function startWebhookThread(
  config: Config,
  deps: Deps,
  onAttempt?: (outcome: AttemptOutcome, latencyMs: number) => void,
): WebhookThread {
  const start: ThreadStart = {
    config,
    clock: sharedOffset(deps.clock),
    owner: `${hostname()}:${process.pid}:webhooks:${randomUUID().slice(0, 8)}`,
  };
  const log = deps.logger.child({ role: "webhooks" });
  const backoff = new Backoff(500, 30_000);
  let thread: Worker | null = null;
  let restart: NodeJS.Timeout | null = null;
  let stopping = false;

  const onMessage = (m: ThreadMessage) => {
    if (m.kind === "changed") endpointChanged(deps, m.endpoint);
    else if (m.kind === "attempt") onAttempt?.(m.outcome, m.latencyMs);
    else if (m.kind === "started") backoff.reset();
  };
  const spawn = () => {
    restart = null;
    const t = new Worker(new URL("./threadBoot.mjs", import.meta.url), { workerData: start });
    t.on("message", onMessage);
    t.on("error", (err) => log.error({ err }, "webhook thread failed"));
    t.on("exit", (code) => {
      thread = null;
      if (stopping) return;
      const wait = backoff.next();
      log.error({ code, restartInMs: wait }, "webhook thread exited; starting it again");
      restart = setTimeout(spawn, wait);
    });
    thread = t;
  };
  spawn();

  return {
    current: () => thread,
    async stop() {
      stopping = true;
      if (restart) clearTimeout(restart);
      const t = thread;
      if (!t) return;
      const exited = new Promise<void>((resolve) => t.once("exit", () => resolve()));
      // Steps in flight end within their POST timeouts; a thread still busy after that is ended.
      const limit = setTimeout(() => void t.terminate(), 2 * config.webhooks.timeoutMs + 5_000);
      t.postMessage("stop");
      await exited;
      clearTimeout(limit);
    },
  };
}

/** Starts delivery where WEBHOOK_THREAD says: a thread of its own, or the gateway's event loop. */
export function startWebhooks(
  config: Config,
  deps: Deps,
  onAttempt?: (outcome: AttemptOutcome, latencyMs: number) => void,
): WebhookRunner {
  if (config.webhooks.thread) return startWebhookThread(config, deps, onAttempt);
  return startWebhookWorker(deps, { ...config.webhooks, ...(onAttempt ? { onAttempt } : {}) });
}
