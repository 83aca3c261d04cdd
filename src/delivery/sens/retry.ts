// The one retry loop of the SENS carrier, shared by the message POST and the image upload:
// try, and on a retryable failure wait (exponential backoff with jitter, Retry-After honoured
// up to the cap) and try again, at most `maxRetries` times.
import { CarrierInterrupted } from "../carrier.ts";

/** Backoff before retry n (0-based) is a random share of min(RETRY_MAX_MS, RETRY_BASE_MS · 2ⁿ), at least half of it. */
const RETRY_BASE_MS = 250;
export const RETRY_MAX_MS = 8000;

/** What one try ended in: a result to return, or a failure worth another try. */
export type Attempt<T> = { done: T } | { retry: string; retryAfterMs: number | null };

export interface RetryPlan<T> {
  maxRetries: number;
  attempt: () => Promise<Attempt<T>>;
  /** The result once the last try failed too; `tries` counts them all. */
  giveUp: (failure: string, tries: number) => T;
  /** Told before each wait (retry is 1-based). */
  onRetry: (failure: string, retry: number, delayMs: number) => void;
  /**
   * Cuts a wait short; the loop then throws CarrierInterrupted(`interrupted`). Only for
   * callers for whom the time between tries is a safe point to stop.
   */
  signal?: AbortSignal;
  interrupted?: string;
}

export async function withRetries<T>(plan: RetryPlan<T>): Promise<T> {
  for (let retry = 0; ; retry++) {
    const tried = await plan.attempt();
    if ("done" in tried) return tried.done;
    if (retry >= plan.maxRetries) return plan.giveUp(tried.retry, retry + 1);
    const delay = backoffMs(retry, tried.retryAfterMs);
    plan.onRetry(tried.retry, retry + 1, delay);
    await sleep(delay, plan.signal);
    if (plan.signal?.aborted) throw new CarrierInterrupted(plan.interrupted ?? "stopped");
  }
}

/** "1 try", "3 tries". */
export const triesText = (n: number): string => `${n} ${n > 1 ? "tries" : "try"}`;

/** Exponential backoff with jitter; a Retry-After is honoured up to the same cap. */
function backoffMs(retry: number, retryAfterMs: number | null): number {
  const ceiling = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** retry);
  const jittered = ceiling / 2 + Math.random() * (ceiling / 2);
  return Math.min(RETRY_MAX_MS, Math.max(jittered, retryAfterMs ?? 0));
}

/** Waits `ms`, or less when `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}
