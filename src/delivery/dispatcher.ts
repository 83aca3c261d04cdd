// The dispatcher (docs/delivery-and-results.md#the-dispatcher): claims READY messages in
// batches under a lease, hands each to the carrier at most once per attempt, and records
// results in batches — every status change with its event in the same transaction,
// published after commit. Leases make it crash-safe: a dead worker's messages are reclaimed
// when their lease expires, and the completion guard (owner + attempt) means a message is
// completed exactly once even with several dispatchers in one or many processes. Carriers
// that wait long for a result (SENS polls) keep their leases renewed and store a reference
// (Message.carrierMessageId) that a later attempt resumes from instead of sending again.
//
// This module coordinates; each job has its piece under dispatch/: claiming (claim.ts),
// the carrier call (carrierCall.ts), lease keeping (leases.ts) and completion batching
// (completions.ts). The SQL is in db/messages.ts and db/requests.ts.
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { Backoff } from "../backoff.ts";
import type { ClaimedMessage } from "../db/messages.ts";
import { openProgramRunner, type ProgramRunner } from "../db/program.ts";
import { storedFileData } from "../db/files.ts";
import type { DeliveryRequest } from "../db/requests.ts";
import type { Deps } from "../services/deps.ts";
import { Snooze } from "../snooze.ts";
import { callCarrier } from "./dispatch/carrierCall.ts";
import { Claimer } from "./dispatch/claim.ts";
import { CompletionBatcher } from "./dispatch/completions.ts";
import {
  logFailure,
  type DispatchContext,
  type DispatcherOptions,
  type DispatcherStats,
} from "./dispatch/context.ts";
import { LeaseKeeper, stopDelivery, type Delivery } from "./dispatch/leases.ts";

export type { DispatcherOptions, DispatcherStats } from "./dispatch/context.ts";

const ERROR_BACKOFF_MS = 500;
/** Longest wait between retries while the database is unreachable. */
const MAX_BACKOFF_MS = 4000;

/** The pieces that exist while the dispatcher runs (they share its program runner). */
interface Running {
  ctx: DispatchContext;
  claimer: Claimer;
  leases: LeaseKeeper;
  completions: CompletionBatcher;
  /** SendContext.loadFile: one stored file's bytes, read only when a carrier asks for them. */
  loadFile: (fileId: string) => Promise<Buffer | null>;
}

export class Dispatcher {
  readonly owner: string;
  readonly stats: DispatcherStats = {
    claimed: 0,
    reclaimed: 0,
    delivered: 0,
    completed: 0,
    lostLeases: 0,
  };
  private running = false;
  private parts: Running | null = null;
  private loopDone: Promise<void> = Promise.resolve();
  private readonly snooze = new Snooze();
  /** Set by wake() and by full batches: skip the cheap "is there work?" probe. */
  private mayHaveWork = true;
  /** Bumped by wake(), so a wake-up that arrives during a claim is not lost. */
  private wakeups = 0;
  private inFlight = 0;
  private readonly idleWaiters: (() => void)[] = [];
  /** How long one carrier call may take before it ends 9003. */
  private readonly sendTimeoutMs: number;
  private readonly claimBackoff = new Backoff(ERROR_BACKOFF_MS, MAX_BACKOFF_MS);

  constructor(
    private readonly deps: Deps,
    private readonly options: DispatcherOptions,
  ) {
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.sendTimeoutMs = deps.carrier.maxSendMs ?? options.carrierTimeoutMs;
  }

  start(): this {
    if (this.running) return this;
    this.running = true;
    const runner: ProgramRunner = openProgramRunner(this.options.database, this.deps.raw);
    const ctx: DispatchContext = {
      deps: this.deps,
      options: this.options,
      owner: this.owner,
      runner,
      stats: this.stats,
    };
    const leases = new LeaseKeeper(ctx);
    this.parts = {
      ctx,
      claimer: new Claimer(ctx),
      leases,
      completions: new CompletionBatcher(
        ctx,
        () => this.running,
        () => this.snooze.wake(),
        (m) => leases.letGo(m),
      ),
      loadFile: (fileId) => runner.read(() => storedFileData(fileId)),
    };
    this.loopDone = this.loop(this.parts);
    // Config guarantees LEASE_MS ≥ CARRIER_TIMEOUT_MS + 1000, so only carriers that declare a
    // longer maxSendMs (SENS) need renewals; the simulated carrier never does.
    if (this.sendTimeoutMs + 1000 > this.options.leaseMs)
      this.parts.leases.startRenewing(Math.max(50, Math.floor(this.options.leaseMs / 3)));
    return this;
  }

  /** Stops claiming, lets every message in hand finish (bounded by the carrier timeout) and records the results. */
  async stop(): Promise<void> {
    const parts = this.parts;
    if (!this.running || !parts) return;
    this.running = false;
    this.wake();
    await this.loopDone;
    // Carriers that listen (SENS while it polls) stop now; what they hold is released for
    // another dispatcher, which resumes from the stored reference. Others finish as before.
    for (const d of parts.leases.delivering) stopDelivery(d);
    while (this.inFlight > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    await parts.leases.stopRenewing();
    const pending = await parts.completions.drain(5);
    if (pending) {
      this.deps.logger.error(
        { owner: this.owner, pending },
        "dispatcher stopped with unrecorded results; their leases will expire and they will be retried",
      );
    }
    await parts.ctx.runner.close();
    this.parts = null;
  }

  /** Messages were queued: claim at once instead of at the next poll. */
  wake(): void {
    this.mayHaveWork = true;
    this.wakeups++;
    this.snooze.wake();
  }

  private async loop(parts: Running): Promise<void> {
    const { completions } = parts;
    while (this.running) {
      // Messages claimed but not yet recorded count against the concurrency too, so a lease
      // never runs out while its result waits for the completion batch.
      const room = Math.min(
        this.options.batchSize,
        this.options.concurrency - this.inFlight - completions.size,
      );
      // While results in hand cannot be recorded, claim nothing: once their leases expire,
      // a claim could take those very messages again and hand them to the carrier a second
      // time. Recording comes back first (it retries on its own), then claiming resumes.
      if (room <= 0 || completions.failing) {
        await this.snooze.sleep(this.options.idleMs);
        continue;
      }
      let claimed = 0;
      const wakeups = this.wakeups;
      try {
        if (this.mayHaveWork || (await parts.claimer.hasWork()))
          claimed = await this.claim(parts, room);
        this.claimBackoff.reset();
      } catch (err) {
        const wait = this.claimBackoff.next();
        logFailure(parts.ctx, err, "claiming messages failed", wait);
        await this.snooze.sleep(wait);
        continue;
      }
      // A full batch suggests more is waiting; so does a wake-up that came in meanwhile.
      this.mayHaveWork = claimed === room || this.wakeups !== wakeups;
      if (this.mayHaveWork) await new Promise((resolve) => setImmediate(resolve));
      else await this.snooze.sleep(this.options.idleMs);
    }
  }

  /** Claims up to `limit` messages, publishes their events and starts the deliveries; returns how many it claimed. */
  private async claim(parts: Running, limit: number): Promise<number> {
    const { claimed, reclaimed, deliver, events } = await parts.claimer.claim(limit);
    this.stats.claimed += claimed;
    this.stats.reclaimed += reclaimed;
    this.stats.completed += claimed - deliver.length;
    this.deps.pubsub.publish(events);
    for (const d of deliver) this.deliver(parts, d.message, d.request);
    return claimed;
  }

  private deliver(parts: Running, m: ClaimedMessage, request: DeliveryRequest): void {
    const { leases, completions, ctx } = parts;
    // An earlier attempt still in hand answers for this one: one carrier call per message
    // in this dispatcher, however long it stalled.
    if (!leases.take(m)) return;
    this.inFlight++;
    const delivery: Delivery = { message: m, abort: null, stopped: !this.running };
    leases.delivering.add(delivery);
    void callCarrier(ctx, {
      delivery,
      request,
      saveRef: (ref) => leases.saveRef(m, ref),
      loadFile: parts.loadFile,
      timeoutMs: this.sendTimeoutMs,
    }).then((outcome) => {
      leases.delivering.delete(delivery);
      if (outcome === null) {
        leases.letGo(m);
        return leases.release(m).then(() => this.settled(completions));
      }
      this.stats.delivered++;
      completions.push({ message: m, outcome });
      this.settled(completions);
    });
  }

  /** One delivery left the carrier (with a result, or released). */
  private settled(completions: CompletionBatcher): void {
    this.inFlight--;
    if (this.inFlight === 0)
      this.idleWaiters.splice(0).forEach((w) => {
        w();
      });
    // A freed slot may unblock a dispatcher waiting for room.
    if (completions.size + this.inFlight < this.options.concurrency) this.snooze.wake();
  }
}

export function startDispatcher(deps: Deps, options: DispatcherOptions): Dispatcher {
  return new Dispatcher(deps, options).start();
}
