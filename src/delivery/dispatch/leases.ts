// Lease keeping for the messages in the carrier's hands: which ones this dispatcher holds
// (so that, stalled past its own lease, it does not hand a message it claims again to the
// carrier a second time), storing a carrier's reference (which also extends the lease),
// releasing a message a carrier stopped on safely, and — for carriers whose sends outlive
// LEASE_MS — renewing every held lease on a timer. A lease
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
  /**
   * Every message this dispatcher has in hand, by id: at the carrier, or answered and waiting
   * to be recorded. One object per message, shared with its Delivery and its Completion.
   */
  private readonly inHand = new Map<string, ClaimedMessage>();
  private renewTimer: NodeJS.Timeout | undefined;
  private renewing: Promise<void> | null = null;

  constructor(private readonly ctx: DispatchContext) {}

  /**
   * Takes a freshly claimed message in hand. False when an earlier attempt of it is still in
   * hand — this dispatcher stalled past its own lease and claimed it again: that attempt's
   * object moves on to the new attempt, so its answer (coming, or waiting to be recorded)
   * completes the new one, and the carrier is not handed the message a second time.
   */
  take(m: ClaimedMessage): boolean {
    const held = this.inHand.get(m.id);
    if (!held) {
      this.inHand.set(m.id, m);
      return true;
    }
    held.attempt = m.attempt;
    return false;
  }

  /** The message left this dispatcher's hands (recorded, dropped or released). */
  letGo(m: ClaimedMessage): void {
    if (this.inHand.get(m.id) === m) this.inHand.delete(m.id);
  }

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
