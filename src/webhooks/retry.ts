// The retry schedule (docs/webhooks.md#retries): what an answer means, and when to try again.
// Waits grow 5 s, 10 s, 20 s, … up to 1 h between tries, each shortened by a random 0–25 %
// so endpoints that failed together do not retry together; a Retry-After answer waits at
// least what it asks (capped at the retry period).

export const FIRST_RETRY_MS = 5000;
export const MAX_RETRY_MS = 3_600_000;

export type Verdict = "SUCCESS" | "RETRY" | "GONE";

/** 2xx is delivered, 410 disables the endpoint, everything else (3xx, 4xx, 5xx, no answer) is retried. */
export function verdictOf(status: number | null): Verdict {
  if (status !== null && status >= 200 && status < 300) return "SUCCESS";
  if (status === 410) return "GONE";
  return "RETRY";
}

/** Wait before try number `failures + 1` (failures ≥ 1). */
export function backoffMs(failures: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(failures - 1, 30));
  return Math.round(base * (1 - 0.25 * random()));
}

/** Retry-After as milliseconds from `now`: delta-seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now: Date): number | null {
  if (!header) return null;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}

export function nextDelayMs(
  failures: number,
  retryAfter: string | null,
  now: Date,
  retryPeriodMs: number,
): number {
  const asked = retryAfterMs(retryAfter, now);
  const wait = Math.max(backoffMs(failures), asked ?? 0);
  return Math.min(wait, retryPeriodMs);
}
