// One subscriber's ordered view of a project's status events (docs/realtime.md#resuming-after-a-disconnect): replays stored
// events after `afterSeq`, then live ones, with no gap and no duplicate. Live events are
// buffered while the log is read, and a live event whose seq skips ahead makes the stream
// read the missing ones from the log first — so out-of-order delivery across processes and
// lost pub/sub messages cannot reorder or drop anything. A bounded buffer protects the
// server from slow consumers: on overflow the stream ends with a "resume from seq N" item.
import type { Db } from "../db/client.ts";
import type { Logger } from "../logger.ts";
import { Channel } from "./channel.ts";
import { SeqBuffer } from "./seqBuffer.ts";
import {
  inScope,
  lastCommittedSeq,
  readStatusEvents,
  sharedLastCommittedSeq,
  type EventScope,
  type StatusEvent,
} from "./events.ts";
import type { EventBus } from "./pubsub.ts";
import { Snooze } from "../snooze.ts";
import { describeDbError, isDatabaseUnavailable } from "../db/errors.ts";

/** Most rows per log read; also the most replayed events queued before replay waits for the consumer. */
const PAGE = 500;
/** With no live event for this long, check the log anyway (a publish may have been lost). */
const CATCH_UP_INTERVAL_MS = 3000;
/** How long a stream waits before reading the log again while the database is unreachable. */
const DATABASE_RETRY_MS = 1000;

/** The stream could not continue; the client should resubscribe with `afterSeq: resumeAfterSeq`. */
export class StreamFailure {
  constructor(
    readonly code: "SUBSCRIPTION_OVERFLOW" | "SUBSCRIPTION_FAILED",
    readonly message: string,
    /** The seq of the last event the client receives before this (null: none — reuse the original afterSeq). */
    readonly resumeAfterSeq: number | null,
  ) {}
}

export type StreamItem = StatusEvent | StreamFailure;

export interface StatusStreamOptions {
  /** Replay stored events with seq > afterSeq first; null = only events after subscribing. */
  afterSeq: number | null;
  /** Most events buffered for this subscriber before it is cut off. */
  queueLimit: number;
  /** Ends the stream after delivering an event for which this returns true. */
  endAfter?: (event: StatusEvent) => boolean;
  /**
   * Something other than an event that ends the stream (e.g. a reservation canceled before
   * it created messages): called once the stream listens, with the function that ends it
   * normally; returns the function that stops watching.
   */
  endWhen?: (end: () => void) => () => void;
}

export interface StatusStreamDeps {
  db: Db;
  pubsub: EventBus;
  logger: Logger;
}

export async function openStatusStream(
  deps: StatusStreamDeps,
  scope: EventScope,
  options: StatusStreamOptions,
): Promise<Channel<StreamItem>> {
  const stream = new StatusStream(deps, scope, options);
  await stream.start();
  return stream.channel;
}

class StatusStream {
  readonly channel: Channel<StreamItem>;
  private readonly inbox = new SeqBuffer();
  /** Every project event with seq ≤ cursor has been handled (delivered or filtered out). */
  private cursor = 0;
  /**
   * The log holds committed events up to here that the stream has not read yet. Infinite
   * until start() has read the head: a live event heard in between must wait in the inbox,
   * not take the fast path against a cursor that is not set yet (it would be delivered, and
   * then again by the log read from `afterSeq`).
   */
  private catchUpTo = Number.POSITIVE_INFINITY;
  private lastDelivered: number | null = null;
  private unsubscribe: (() => void) | null = null;
  private stopWatching: (() => void) | null = null;
  private readonly snooze = new Snooze();
  private finished = false;
  private readonly backlog: number;

  constructor(
    private readonly deps: StatusStreamDeps,
    private readonly scope: EventScope,
    private readonly options: StatusStreamOptions,
  ) {
    this.channel = new Channel<StreamItem>(() => this.stop());
    this.backlog = Math.max(1, Math.min(PAGE, Math.floor(options.queueLimit / 2)));
  }

  async start(): Promise<void> {
    // Listen first, then read where the log stands: anything committed later is either
    // heard live or found by the catch-up read, never neither.
    this.unsubscribe = await this.deps.pubsub.subscribe(this.scope.projectId, (events) =>
      this.offer(events),
    );
    try {
      const head = await lastCommittedSeq(this.deps.db, this.scope.projectId);
      this.cursor = this.options.afterSeq ?? head;
      this.catchUpTo = head;
    } catch (err) {
      this.stop();
      throw err;
    }
    if (this.options.endWhen) {
      const stop = this.options.endWhen(() => this.finish());
      if (this.finished) stop();
      else this.stopWatching = stop;
    }
    void this.pump().catch((err: unknown) => {
      this.deps.logger.error({ err, projectId: this.scope.projectId }, "status stream failed");
      this.fail(
        new StreamFailure(
          "SUBSCRIPTION_FAILED",
          "The event stream failed; resubscribe with afterSeq set to the last seq you received",
          this.lastDelivered,
        ),
      );
    });
  }

  private offer(events: StatusEvent[]): void {
    if (this.finished) return;
    for (const e of events) {
      if (e.seq <= this.cursor) continue;
      // Fast path, the common case of a live stream: the very next event, nothing waiting
      // before it and room in the queue — deliver it here instead of waking the pump (which
      // would cost a timer and several promise turns per event per subscriber).
      if (
        e.seq === this.cursor + 1 &&
        this.inbox.size === 0 &&
        this.catchUpTo <= this.cursor &&
        this.channel.size < this.backlog
      ) {
        this.advance(e);
        if (this.finished) return;
        continue;
      }
      this.inbox.insert(e);
    }
    if (this.inbox.size === 0) return;
    if (this.inbox.size + this.channel.size > this.options.queueLimit) {
      this.fail(
        new StreamFailure(
          "SUBSCRIPTION_OVERFLOW",
          `More than ${this.options.queueLimit} events were waiting for this subscriber; resubscribe with afterSeq set to the last seq you received`,
          this.lastDelivered,
        ),
      );
      return;
    }
    this.wake();
  }

  private wake(): void {
    this.snooze.wake();
  }

  /** `e` is the event right after the cursor: handled (delivered if in scope). */
  private advance(e: StatusEvent): void {
    this.cursor = e.seq;
    if (inScope(this.scope, e)) this.emit(e);
  }

  private emit(e: StatusEvent): void {
    this.channel.push(e);
    this.lastDelivered = e.seq;
    if (this.options.endAfter?.(e)) this.finish();
  }

  private async pump(): Promise<void> {
    while (!this.finished) {
      // Replay and gap fills are pulled at the consumer's pace (keeping the backlog well
      // under the queue limit); only live events can pile up.
      if (this.channel.size >= this.backlog) {
        await this.channel.waitForRoom(Math.ceil(this.backlog / 2));
        continue;
      }
      if (this.catchUpTo > this.cursor) {
        const rows = await this.untilDatabaseAnswers(() =>
          readStatusEvents(this.deps.db, this.scope, this.cursor, this.catchUpTo, this.backlog),
        );
        if (this.finished) return;
        if (!rows) continue;
        for (const e of rows) {
          this.emit(e);
          if (this.finished) return;
        }
        this.cursor = rows.length === this.backlog ? rows[rows.length - 1]!.seq : this.catchUpTo;
        continue;
      }
      const next = this.inbox.peek();
      if (!next) {
        // Idle re-check for a lost publish. Jittered, so thousands of subscribers of one
        // project do not all wake in the same millisecond; skipped when live events kept
        // arriving meanwhile (a lost one would show as a gap in them), and while this
        // process is still handing published events of the project out (a big fan-out runs
        // in slices; thousands of subscribers reading the log then would only slow it).
        const cursorBefore = this.cursor;
        await this.snooze.sleep(CATCH_UP_INTERVAL_MS * (0.75 + Math.random() / 2));
        if (
          !this.finished &&
          !this.inbox.size &&
          this.cursor === cursorBefore &&
          !this.deps.pubsub.delivering(this.scope.projectId)
        ) {
          const head = await this.untilDatabaseAnswers(() =>
            sharedLastCommittedSeq(this.deps.db, this.scope.projectId),
          );
          if (head !== null) this.catchUpTo = Math.max(this.catchUpTo, head);
        }
        continue;
      }
      if (next.seq <= this.cursor) {
        this.inbox.shift();
      } else if (next.seq > this.cursor + 1) {
        // Events before it were committed first (the project row lock orders commits), so
        // the log has them even if their publish is late or was lost.
        this.catchUpTo = next.seq - 1;
      } else {
        this.inbox.shift();
        this.advance(next);
      }
    }
  }

  /**
   * Runs a log read; when the database is unreachable (failover, restart), waits a moment
   * and answers null so the pump tries again, instead of ending the stream: nothing is
   * written while the database is away, so nothing is missed by waiting.
   */
  private async untilDatabaseAnswers<T>(read: () => Promise<T>): Promise<T | null> {
    try {
      return await read();
    } catch (err) {
      if (!isDatabaseUnavailable(err)) throw err;
      this.deps.logger.warn(
        { projectId: this.scope.projectId, err: describeDbError(err) },
        "status stream waits for the database",
      );
      await this.snooze.sleep(DATABASE_RETRY_MS);
      return null;
    }
  }

  /** Normal end: the consumer still receives what is queued. */
  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.release();
    this.channel.end();
  }

  private fail(failure: StreamFailure): void {
    if (this.finished) return;
    this.finished = true;
    this.release();
    // What is already queued is still delivered, so `resumeAfterSeq` is exactly the last
    // event the client will have received before the failure.
    this.channel.push(failure);
    this.channel.end();
  }

  /** The consumer went away (or the stream ended and drained). */
  private stop(): void {
    this.finished = true;
    this.release();
  }

  private release(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.stopWatching?.();
    this.stopWatching = null;
    this.inbox.clear();
    this.wake();
  }
}
