// Completion batching: results wait a few milliseconds for more to share a transaction,
// which marks the messages COMPLETED (guarded by owner and attempt) and records their
// events; published after commit. A failed write is retried with a growing wait, and while
// it fails the dispatcher claims nothing (see Dispatcher.loop).
import { Backoff } from "../../backoff.ts";
import { appendStatusEvents } from "../../db/events.ts";
import { completeMessages } from "../../db/messages.ts";
import {
  completedEvent,
  logFailure,
  recordEvents,
  type Completion,
  type DispatchContext,
} from "./context.ts";

/** Results wait at most this long for more to share a completion transaction. */
const FLUSH_DELAY_MS = 10;
const ERROR_BACKOFF_MS = 500;
/** Longest wait between retries while the database is unreachable. */
const MAX_BACKOFF_MS = 4000;

export class CompletionBatcher {
  private queue: Completion[] = [];
  private flushing: Promise<void> | null = null;
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly backoff = new Backoff(ERROR_BACKOFF_MS, MAX_BACKOFF_MS);

  constructor(
    private readonly ctx: DispatchContext,
    /** Still running? After stop() a failed write is not retried in the background. */
    private readonly running: () => boolean,
    /** Called after each flush: room may have been freed. */
    private readonly flushed: () => void,
    /** Called for each message whose result was recorded or dropped (LeaseKeeper.letGo). */
    private readonly letGo: (m: Completion["message"]) => void,
  ) {}

  /** Results held and not yet recorded. */
  get size(): number {
    return this.queue.length;
  }

  /** True while results in hand cannot be recorded. */
  get failing(): boolean {
    return this.backoff.failing;
  }

  push(c: Completion): void {
    this.queue.push(c);
    this.schedule();
  }

  private schedule(): void {
    if (this.flushing) return; // the running flush picks them up
    if (this.queue.length >= this.ctx.options.batchSize) void this.flush();
    else this.flushTimer ??= setTimeout(() => this.flush(), FLUSH_DELAY_MS);
  }

  /** At stop: records what is held, trying a few times; returns how many results are left. */
  async drain(tries: number): Promise<number> {
    clearTimeout(this.flushTimer);
    for (let i = 0; this.queue.length && i < tries; i++) await this.flush();
    await this.flushing;
    return this.queue.length;
  }

  private flush(): Promise<void> {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.flushing ??= this.flushLoop().finally(() => {
      this.flushing = null;
      if (this.queue.length && this.running()) this.schedule();
      this.flushed();
    });
    return this.flushing;
  }

  private async flushLoop(): Promise<void> {
    while (this.queue.length) {
      const batch = this.queue.splice(0, this.ctx.options.batchSize);
      try {
        await this.record(batch);
        // Claiming resumes once every result held before the failure is recorded.
        if (!this.queue.length) this.backoff.reset();
      } catch (err) {
        // Still ours until the lease expires (the guard rejects it afterwards): retry.
        // A commit whose answer was lost may have applied: the retry then finds the
        // messages COMPLETED already and changes nothing (the guard again).
        const wait = this.backoff.next();
        logFailure(this.ctx, err, "recording delivery results failed", wait, {
          count: batch.length,
        });
        this.queue.unshift(...batch);
        await new Promise((resolve) => setTimeout(resolve, wait));
        if (!this.running()) break;
      }
    }
  }

  private async record(batch: Completion[]): Promise<void> {
    const { deps, runner, owner, stats } = this.ctx;
    const now = deps.clock.now();
    const { done, used, events } = await recordEvents(this.ctx, function* (append) {
      // The attempts as this run writes them. A claim may move a message in hand on to a
      // newer attempt while the statements travel (see LeaseKeeper.take); an answer the
      // guard then refuses for the old attempt is still this dispatcher's to record.
      const used = batch.map((c) => ({ ...c, message: { ...c.message } }));
      const done = yield* completeMessages(runner.provider, owner, used);
      return {
        done,
        used,
        events: yield* appendStatusEvents(done.map(completedEvent), now, append),
      };
    });
    const applied = new Set(done);
    const again: Completion[] = [];
    let lost = 0;
    for (let i = 0; i < batch.length; i++) {
      const c = batch[i]!;
      const run = used[i]!;
      if (applied.has(run)) this.letGo(c.message);
      else if (c.message.attempt !== run.message.attempt) again.push(c);
      else {
        lost++;
        this.letGo(c.message);
      }
    }
    this.queue.unshift(...again);
    stats.completed += done.length;
    if (lost) {
      stats.lostLeases += lost;
      deps.logger.warn(
        { owner, lost },
        "results dropped: leases expired and the messages were taken over",
      );
    }
    deps.pubsub.publish(events);
  }
}
