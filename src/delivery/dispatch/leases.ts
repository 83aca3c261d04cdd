// Lease keeping for the messages in the carrier's hands: storing a carrier's reference
// (which also extends the lease), releasing a message a carrier stopped on safely, and —
// for carriers whose sends outlive LEASE_MS — renewing every held lease on a timer. A lease
// found lost (another dispatcher took the message over after a stall) stops that send: its
// result would be dropped anyway.
import type { ClaimedMessage } from "../../db/messages.ts";
import { releaseLease, renewLeases, saveCarrierRef } from "../../db/messages.ts";
import type { DispatchContext } from "./context.ts";

/** A message being handed to the carrier by this dispatcher. */
export interface Delivery {
  message: ClaimedMessage;
  /** Created only when the carrier reads `ctx.signal` (an AbortController costs ~3 µs per message). */
  abort: AbortController | null;
  /** The dispatcher stopped waiting for it (shutdown, timeout, lost lease). */
  stopped: boolean;
}

export function stopDelivery(d: Delivery): void {
  d.stopped = true;
  d.abort?.abort();
}

export class LeaseKeeper {
  /** Messages in the carrier's hands. */
  readonly delivering = new Set<Delivery>();
  private renewTimer: NodeJS.Timeout | undefined;
  private renewing: Promise<void> | null = null;

  constructor(private readonly ctx: DispatchContext) {}

  /** Renews held leases every `intervalMs` until stop(). */
  startRenewing(intervalMs: number): void {
    this.renewTimer = setInterval(() => this.renew(), intervalMs);
    this.renewTimer.unref();
  }

  async stopRenewing(): Promise<void> {
    clearInterval(this.renewTimer);
    await this.renewing;
  }

  private leaseUntil(): Date {
    return new Date(this.ctx.deps.clock.now().getTime() + this.ctx.options.leaseMs);
  }

  /** SendContext.saveRef: guarded like a completion; also extends the lease. */
  saveRef(m: ClaimedMessage, ref: string | null): Promise<boolean> {
    const until = this.leaseUntil();
    return this.ctx.runner.transaction(() => saveCarrierRef(this.ctx.owner, m, ref, until));
  }

  /** A carrier stopped safely (CarrierInterrupted): end the lease now so any dispatcher takes the message over. */
  async release(m: ClaimedMessage): Promise<void> {
    const now = this.ctx.deps.clock.now();
    try {
      await this.ctx.runner.transaction(() => releaseLease(this.ctx.owner, m, now));
    } catch (err) {
      this.ctx.deps.logger.warn(
        { err, messageId: m.id },
        "releasing an interrupted message failed; it is taken over when its lease expires",
      );
    }
  }

  private renew(): void {
    if (this.renewing || !this.delivering.size) return;
    const held = [...this.delivering];
    const until = this.leaseUntil();
    const { owner, runner, deps } = this.ctx;
    const ids = held.map((d) => d.message.id);
    this.renewing = runner
      .transaction(() => renewLeases(owner, ids, until))
      .then(
        (rows) => {
          const kept = new Set(rows.map((r) => `${r.id}\u0000${r.attempt}`));
          for (const d of held) {
            if (this.delivering.has(d) && !kept.has(`${d.message.id}\u0000${d.message.attempt}`)) {
              deps.logger.warn(
                { owner, messageId: d.message.id },
                "lease lost while the carrier had the message; another dispatcher took it over",
              );
              stopDelivery(d);
            }
          }
        },
        (err: unknown) =>
          deps.logger.error(
            { err, owner },
            "renewing leases failed; retrying at the next interval",
          ),
      )
      .finally(() => (this.renewing = null));
  }
}
