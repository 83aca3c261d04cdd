// The reservation rules the console applies before asking the gateway: which statuses exist,
// when the cancel button is open (READY and more than 10 minutes before the send time, the
// same cutoff as src/domain/reservations.ts; test/console-reservations-rules.test.ts fails
// when they drift apart), and how live status notices merge into a loaded list. Pure.
export const CANCEL_CUTOFF_MS = 10 * 60_000;

export const RESERVATION_STATUSES = [
  "READY",
  "PROCESSING",
  "DONE",
  "FAIL",
  "CANCELED",
  "STALE",
  "SKIP",
] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

const FINAL: ReadonlySet<string> = new Set(["DONE", "FAIL", "CANCELED", "STALE", "SKIP"]);
export const isFinal = (status: ReservationStatus): boolean => FINAL.has(status);

/** Statuses only move forward: READY → PROCESSING → a final one, or READY → a final one. */
export const statusRank = (status: ReservationStatus): number =>
  status === "READY" ? 0 : status === "PROCESSING" ? 1 : 2;

export type CancelState =
  | { open: true; closesAt: Date }
  | { open: false; reason: "notReady"; status: ReservationStatus }
  | { open: false; reason: "tooLate"; closedAt: Date };

/**
 * Whether a reservation can be cancelled now. `cancelable` is the gateway's answer (by its
 * own clock) when the row was read; `now` only closes the button later, at the cutoff, so
 * a page left open does not offer a cancel the gateway would refuse.
 */
export function cancelState(
  r: { status: ReservationStatus; cancelable: boolean; reserveTime: string },
  now: Date,
): CancelState {
  if (r.status !== "READY") return { open: false, reason: "notReady", status: r.status };
  const cutoff = new Date(new Date(r.reserveTime).getTime() - CANCEL_CUTOFF_MS);
  if (!r.cancelable || now >= cutoff) return { open: false, reason: "tooLate", closedAt: cutoff };
  return { open: true, closesAt: cutoff };
}

export interface StatusNotice {
  reservationId: string;
  status: ReservationStatus;
  statusReason?: string | null;
  timestamp: string;
}

/** Latest known state per reservation: a notice replaces an older state, never a later one. */
export function mergeNotice(
  known: ReadonlyMap<string, StatusNotice>,
  notice: StatusNotice,
): ReadonlyMap<string, StatusNotice> {
  const before = known.get(notice.reservationId);
  if (before && statusRank(before.status) > statusRank(notice.status)) return known;
  if (before && before.status === notice.status && before.timestamp >= notice.timestamp)
    return known;
  const next = new Map(known);
  next.set(notice.reservationId, notice);
  return next;
}

/** A row as shown: its loaded state, or a live notice that moved it further. */
export function withNotice<
  R extends { id: string; status: ReservationStatus; statusReason?: string | null },
>(row: R, known: ReadonlyMap<string, StatusNotice>): R {
  const notice = known.get(row.id);
  if (!notice || statusRank(notice.status) < statusRank(row.status)) return row;
  if (notice.status === row.status) return row;
  return { ...row, status: notice.status, statusReason: notice.statusReason ?? null };
}

/**
 * The `changedSince` to resubscribe with: just before the last notice seen, so a reconnect
 * replays whatever changed meanwhile (a notice seen twice merges to the same state).
 */
export function resumeFrom(lastTimestamp: string | null): string | null {
  if (!lastTimestamp) return null;
  return new Date(new Date(lastTimestamp).getTime() - 1).toISOString();
}

/** `<input type="datetime-local">` value (the browser's local time) → ISO instant, or null when empty. */
export function localInputToIso(value: string): string | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
