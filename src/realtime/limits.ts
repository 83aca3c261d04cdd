// Subscription slots per account on this gateway process (SUBSCRIPTIONS_PER_ACCOUNT), shared
// by graphql-ws and SSE, so one tenant cannot make every event cost thousands of deliveries.
import { LimitExceededError } from "../domain/errors.ts";

export type Release = () => void;

export class SubscriptionSlots {
  private readonly byAccount = new Map<string, number>();

  constructor(readonly perAccount: number) {}

  /**
   * Takes one of the account's slots and returns its release function (safe to call more
   * than once), or the LimitExceededError to send when every slot is taken.
   */
  acquire(accountId: string): Release | LimitExceededError {
    const current = this.byAccount.get(accountId) ?? 0;
    if (current >= this.perAccount) {
      return new LimitExceededError(
        `This account already has ${current} open subscriptions on this gateway (SUBSCRIPTIONS_PER_ACCOUNT = ${this.perAccount}); close some first`,
        this.perAccount,
        current,
      );
    }
    this.byAccount.set(accountId, current + 1);
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      const left = (this.byAccount.get(accountId) ?? 1) - 1;
      if (left > 0) this.byAccount.set(accountId, left);
      else this.byAccount.delete(accountId);
    };
  }

  /** Slots the account holds now (tests and metrics). */
  held(accountId: string): number {
    return this.byAccount.get(accountId) ?? 0;
  }
}
