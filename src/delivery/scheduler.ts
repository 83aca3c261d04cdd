// The scheduler (docs/reservations-and-schedules.md): turns due reservations and schedule occurrences into messages
// for the dispatcher, records the ones it must not send (STALE, SKIP), and closes
// reservations and occurrences once all their messages are COMPLETED (DONE or FAIL).
//
// Exactly once, with any number of schedulers: every step is one database transaction that
// claims its rows (PostgreSQL: FOR UPDATE SKIP LOCKED; SQLite: the single writer lock) and
// writes the outcome in the same transaction. A reservation turns PROCESSING in the very
// transaction that creates its messages, and an occurrence row — unique per (template,
// instant) — is inserted in the transaction that creates its request; so a crash leaves
// either nothing done (the next tick redoes it) or everything done. Nothing stays
// PROCESSING on a dead scheduler: PROCESSING only waits for messages, which the
// dispatcher's leases already make crash-safe.
//
// One module per step (delivery/scheduling/): reservations, schedule occurrences, finishing;
// their SQL lives in db/ (reservations, occurrences, schedules, deferredRecipients). This
// module only runs the loop: what is pending, then each step in its own transaction.
import type { DatabaseConfig } from "../config.ts";
import { describeDbError, isDatabaseUnavailable } from "../db/errors.ts";
import { hasProcessingOccurrence } from "../db/occurrences.ts";
import { openProgramRunner, type ProgramRunner, type TxProgram } from "../db/program.ts";
import { appendProjectEvents } from "../db/projectEvents.ts";
import { hasDueReservation, hasProcessingReservation } from "../db/reservations.ts";
import { hasDueSchedule } from "../db/schedules.ts";
import { Backoff } from "../backoff.ts";
import { projectEventsOf } from "../domain/projectEvents.ts";
import type { Deps } from "../services/deps.ts";
import { Snooze } from "../snooze.ts";
import { finishStep } from "./scheduling/finish.ts";
import { schedulesStep } from "./scheduling/occurrences.ts";
import { reservationsStep } from "./scheduling/reservations.ts";
import {
  addStats,
  type Outcome,
  type SchedulerStats,
  type StepSettings,
} from "./scheduling/step.ts";

export type { SchedulerStats } from "./scheduling/step.ts";

export interface SchedulerOptions {
  /** How often due work is looked for. */
  pollMs: number;
  /** How late a reservation or occurrence may still be sent; older ones become STALE. */
  graceMs: number;
  /** Reservations or schedules per transaction. */
  batchSize: number;
  database: DatabaseConfig;
}

const ERROR_BACKOFF_MS = 1000;
/** Longest wait between ticks while they fail (the database is unreachable). */
const MAX_BACKOFF_MS = 8000;

export class Scheduler {
  readonly stats: SchedulerStats = {
    reservationsStarted: 0,
    occurrencesStarted: 0,
    stale: 0,
    skipped: 0,
    finished: 0,
  };
  private running = false;
  private loopDone: Promise<void> = Promise.resolve();
  private readonly snooze = new Snooze();
  private runner: ProgramRunner | null = null;
  private readonly backoff = new Backoff(ERROR_BACKOFF_MS, MAX_BACKOFF_MS);

  constructor(
    private readonly deps: Deps,
    private readonly options: SchedulerOptions,
  ) {}

  start(): this {
    if (this.running) return this;
    this.running = true;
    this.runner = openProgramRunner(this.options.database, this.deps.raw);
    this.loopDone = this.loop();
    return this;
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.snooze.wake();
    await this.loopDone;
    await this.runner?.close();
    this.runner = null;
  }

  /** Looks for due work now instead of at the next poll. */
  wake(): void {
    this.snooze.wake();
  }

  private async loop(): Promise<void> {
    while (this.running) {
      try {
        await this.tick();
        this.backoff.reset();
        await this.snooze.sleep(this.options.pollMs);
      } catch (err) {
        // Every step is its own transaction, so a failed tick is simply done again: what
        // committed is not redone, what did not is (see the header).
        const retryInMs = this.backoff.next();
        if (isDatabaseUnavailable(err))
          this.deps.logger.warn(
            { ...describeDbError(err), retryInMs },
            "scheduler tick failed: database unavailable; retrying",
          );
        else this.deps.logger.error({ err, retryInMs }, "scheduler tick failed; retrying");
        await this.snooze.sleep(retryInMs);
      }
    }
  }

  /** One pass: start what is due (in batches until none is left), then close what is finished. */
  async tick(): Promise<void> {
    const now = this.deps.clock.now();
    const settings: StepSettings = {
      dialect: this.runner!.provider,
      graceMs: this.options.graceMs,
      batchSize: this.options.batchSize,
    };
    const todo = await this.pending(now);
    let started = false;
    for (let more = todo.reservations; more && this.running; ) {
      const out = await this.step(() => reservationsStep(settings, now));
      started ||= out.count > 0;
      more = out.count === this.options.batchSize;
    }
    for (let more = todo.schedules; more && this.running; ) {
      const out = await this.step(() => schedulesStep(settings, now));
      started ||= out.count > 0;
      more = out.count === this.options.batchSize;
    }
    if (started) this.deps.queued.notify();
    if (started || todo.processing) await this.step(() => finishStep(now));
  }

  /** What this tick has to do, read without the write lock: an idle scheduler writes nothing. */
  private pending(now: Date) {
    return this.runner!.read(function* () {
      return {
        reservations: yield* hasDueReservation(now),
        schedules: yield* hasDueSchedule(now),
        processing: (yield* hasProcessingReservation()) || (yield* hasProcessingOccurrence()),
      };
    });
  }

  /**
   * Runs one step in its transaction. Every reservation and occurrence change it made (its
   * notices) is appended to the project event log last in that same transaction, so the
   * log holds exactly the changes that committed (docs/webhooks.md#the-project-event-log).
   */
  private async step(program: () => TxProgram<Outcome>): Promise<Outcome> {
    const out = await this.runner!.transaction(function* () {
      const outcome = yield* program();
      yield* appendProjectEvents(projectEventsOf(outcome.notices));
      return outcome;
    });
    addStats(this.stats, out.stats);
    if (out.events.length) this.deps.pubsub.publish(out.events);
    if (out.notices.length) this.deps.pubsub.publishNotices(out.notices);
    return out;
  }
}

export function startScheduler(deps: Deps, options: SchedulerOptions): Scheduler {
  return new Scheduler(deps, options).start();
}
