// Status events in batches (`messageStatusBatches`): the same stream as messageStatusChanged
// — scope, replay, resume, end and overflow all come from the one status stream of
// resume.ts — read so that the events waiting for the subscriber go out together: one
// GraphQL execution, one JSON text and one frame per batch instead of per event. A fast
// stream (the console following a 100,000-message request at dispatcher speed) otherwise
// spends most of the gateway's time in per-event execution and socket writes.
//
// Coalescing: the source channel's change is passed on at the end of the current turn (a
// microtask), so everything pushed meanwhile — one publish, one fan-out slice, one page of
// replay — is taken as one batch. Once `flushAt` events wait, the change is passed on at
// once, so a long synchronous fan-out slice (or one publish of thousands of events) cannot
// pile a subscriber's events up towards its queue limit while its socket keeps up: the
// status stream's fast path stays open while fewer than half the limit are queued.
import type { StatusEvent } from "./events.ts";
import type { Channel } from "./channel.ts";
import { StreamFailure, type StreamItem } from "./resume.ts";

/** Events waiting before the consumer is told at once instead of at the end of the turn. */
const FLUSH_AT = 200;

/** When to tell the consumer at once: well under the stream's fast-path bound (half the queue limit). */
export function flushThreshold(maxEvents: number, queueLimit: number): number {
  return Math.max(1, Math.min(FLUSH_AT, maxEvents, Math.floor(queueLimit / 4)));
}

export interface StatusBatch {
  readonly events: readonly StatusEvent[];
  readonly firstSeq: number;
  readonly lastSeq: number;
}

export type BatchItem = StatusBatch | StreamFailure;

/**
 * A pull-based view of a status stream in batches of at most `maxEvents`. It reads the
 * source only when its consumer asks (poll or next), so the source's backpressure and
 * queue limit work as for single events. A failure is handed out after the events before
 * it, on its own, exactly as the single-event stream orders them.
 */
export class StatusBatches implements AsyncIterableIterator<BatchItem> {
  private held: StreamFailure | null = null;
  private listener: (() => void) | null = null;
  private wakeNext: (() => void) | null = null;
  private scheduled = false;

  constructor(
    private readonly source: Channel<StreamItem>,
    private readonly maxEvents: number,
    private readonly flushAt: number,
  ) {
    source.onChange(() => this.changed());
  }

  /** Same contract as Channel.onChange (graphql/sharedExecution.ts reads it that way). */
  onChange(listener: (() => void) | null): void {
    this.listener = listener;
  }

  /** The next batch without waiting (the events queued now), `done`, or `empty`. */
  poll(): { value: BatchItem } | "done" | "empty" {
    if (this.held) {
      const failure = this.held;
      this.held = null;
      return { value: failure };
    }
    const events: StatusEvent[] = [];
    while (events.length < this.maxEvents) {
      const step = this.source.poll();
      if (step === "empty" || step === "done") {
        if (events.length) return { value: batchOf(events) };
        return step;
      }
      if (step.value instanceof StreamFailure) {
        if (!events.length) return { value: step.value };
        this.held = step.value;
        break;
      }
      events.push(step.value);
    }
    return { value: batchOf(events) };
  }

  async next(): Promise<IteratorResult<BatchItem>> {
    for (;;) {
      const step = this.poll();
      if (step === "done") return { value: undefined, done: true };
      if (step !== "empty") return { value: step.value, done: false };
      await new Promise<void>((resolve) => (this.wakeNext = resolve));
    }
  }

  async return(): Promise<IteratorResult<BatchItem>> {
    await this.source.return();
    this.wake();
    return { value: undefined, done: true };
  }

  throw(): Promise<IteratorResult<BatchItem>> {
    return this.return();
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<BatchItem> {
    return this;
  }

  private changed(): void {
    if (this.source.size >= this.flushAt || this.source.isClosed) {
      this.wake();
      return;
    }
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.wake();
    });
  }

  private wake(): void {
    const next = this.wakeNext;
    this.wakeNext = null;
    next?.();
    this.listener?.();
  }
}

function batchOf(events: StatusEvent[]): StatusBatch {
  return { events, firstSeq: events[0]!.seq, lastSeq: events[events.length - 1]!.seq };
}
