// Live request progress (counts by status) for `requestProgress`: recounted from the
// database whenever one of the request's messages changes. Bursts are coalesced — at most
// one count per COALESCE_MS, and a slow consumer only ever gets the newest counts — and the
// stream ends after the first snapshot in which every message is COMPLETED.
import type { Logger } from "../logger.ts";
import { Channel } from "./channel.ts";
import type { EventScope } from "./events.ts";
import type { EventBus } from "./pubsub.ts";

export interface ProgressCounts {
  requestId: string;
  total: number;
  ready: number;
  processing: number;
  completed: number;
  success: number;
  fail: number;
}

export interface ProgressSnapshot extends ProgressCounts {
  done: boolean;
}

const COALESCE_MS = 100;
/** Counts are refreshed this often even without events (a publish may have been lost). */
const REFRESH_MS = 3000;

export async function openProgressStream(
  deps: { pubsub: EventBus; logger: Logger },
  scope: EventScope & { requestId: string },
  count: () => Promise<ProgressCounts>,
): Promise<AsyncIterableIterator<ProgressSnapshot>> {
  let closed = false;
  let dirty = true;
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let dueAt = Infinity;
  let last = "";
  let unsubscribe: (() => void) | null = null;

  const channel = new Channel<ProgressSnapshot>(() => {
    closed = true;
    clearTimeout(timer);
    unsubscribe?.();
  });

  /** Runs a count after `delay` unless one is already due sooner (so a steady stream of events cannot postpone it forever). */
  const schedule = (delay: number) => {
    const at = Date.now() + delay;
    if (at >= dueAt) return;
    clearTimeout(timer);
    dueAt = at;
    timer = setTimeout(() => {
      dueAt = Infinity;
      void refresh();
    }, delay);
  };

  async function refresh(): Promise<void> {
    if (closed || running) return;
    running = true;
    try {
      dirty = false;
      const counts = await count();
      if (closed) return;
      const snapshot = { ...counts, done: counts.total > 0 && counts.completed === counts.total };
      const key = JSON.stringify(snapshot);
      if (key !== last) {
        last = key;
        channel.pushLatest(snapshot);
      }
      if (snapshot.done) {
        channel.end();
        return;
      }
    } catch (err) {
      deps.logger.warn(
        { err, requestId: scope.requestId },
        "request progress count failed; retrying",
      );
      dirty = true;
    } finally {
      running = false;
    }
    if (!closed) schedule(dirty ? COALESCE_MS : REFRESH_MS);
  }

  unsubscribe = await deps.pubsub.subscribe(scope.projectId, (events) => {
    if (closed || !events.some((e) => e.requestId === scope.requestId)) return;
    dirty = true;
    // Coalesce: a count already scheduled soon (or running) will pick this change up.
    if (!running) schedule(COALESCE_MS);
  });
  await refresh();
  return channel;
}
