// Reservation and schedule rules (docs/reservations-and-schedules.md): how far ahead a reservation may be, when it
// may be cancelled, how long the scheduler may be late, and the status machines of
// reservations and occurrences — written once here, enforced by the services and by the
// guarded UPDATEs of db/reservations.ts and db/occurrences.ts, and printed in the README.
import { DateTime } from "luxon";
import {
  DEFAULT_TIME_ZONE,
  formatLocal,
  isValidTimeZone,
  parseLocalDateTime,
  resolveLocal,
  type ParseResult,
} from "./localTime.ts";
import { statusMachine, type Transition } from "./statusMachine.ts";

export const MIN_LEAD_MS = 10 * 60_000;
export const MAX_LEAD_DAYS = 180;
/** A READY reservation cannot be cancelled this close to its send time. */
export const CANCEL_CUTOFF_MS = 10 * 60_000;
/** A schedule's active period ends at most this many months after the schedule was created. */
export const MAX_SCHEDULE_MONTHS = 6;

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

export const OCCURRENCE_STATUSES = ["PROCESSING", "DONE", "FAIL", "STALE", "SKIP"] as const;
export type OccurrenceStatus = (typeof OCCURRENCE_STATUSES)[number];

/** Every allowed reservation transition and what causes it (the README prints this table). */
export const RESERVATION_TRANSITIONS: readonly Transition<ReservationStatus>[] = [
  {
    from: "READY",
    to: "PROCESSING",
    when: "its time came and a scheduler created its messages (within the grace window)",
  },
  {
    from: "READY",
    to: "CANCELED",
    when: "cancelReservation, more than 10 minutes before the send time",
  },
  {
    from: "READY",
    to: "STALE",
    when: "its time passed by more than the grace window without being processed (e.g. the gateway was down); nothing is sent",
  },
  {
    from: "READY",
    to: "SKIP",
    when: "at send time there is nothing to send with: project deleted, sender no longer APPROVED, or AD without a COMPLETE 080 service",
  },
  { from: "PROCESSING", to: "DONE", when: "every message is COMPLETED and at least one succeeded" },
  {
    from: "PROCESSING",
    to: "FAIL",
    when: "every message is COMPLETED and none succeeded (opted out, night-time rule, carrier failures)",
  },
];

export const reservationMachine = statusMachine({
  entity: "Reservation",
  statuses: RESERVATION_STATUSES,
  final: ["DONE", "FAIL", "CANCELED", "STALE", "SKIP"],
  transitions: RESERVATION_TRANSITIONS,
});

/**
 * A schedule occurrence (one template at one instant) is created by the scheduler already
 * decided — PROCESSING when its request was created, STALE or SKIP when nothing is sent —
 * and only PROCESSING moves on.
 */
export const OCCURRENCE_CREATED_AS: readonly OccurrenceStatus[] = ["PROCESSING", "STALE", "SKIP"];

export const occurrenceMachine = statusMachine({
  entity: "ScheduleOccurrence",
  statuses: OCCURRENCE_STATUSES,
  final: ["DONE", "FAIL", "STALE", "SKIP"],
  transitions: [
    {
      from: "PROCESSING",
      to: "DONE",
      when: "every message is COMPLETED and at least one succeeded",
    },
    { from: "PROCESSING", to: "FAIL", when: "every message is COMPLETED and none succeeded" },
  ],
});

/** Why a reservation or an occurrence was skipped (statusReason): project deleted, sender no longer APPROVED, AD without a COMPLETE 080 service. */
export type SkipReason = "PROJECT_DELETED" | "SENDER_NOT_APPROVED" | "NO_OPT_OUT_SERVICE";

export interface ReserveTime {
  instant: Date;
  /** What the user typed, normalised; a time in a DST gap keeps the typed value. */
  localTime: string;
  timeZone: string;
}

/** Checks a reservation time: format, zone, ≥ 10 minutes and ≤ 180 days ahead of `now`. */
export function checkReserveTime(
  localTime: string,
  timeZone: string | null | undefined,
  now: Date,
): ParseResult<ReserveTime> & { field?: "localTime" | "timeZone" } {
  const zone = timeZone?.trim() || DEFAULT_TIME_ZONE;
  if (!isValidTimeZone(zone))
    return {
      ok: false,
      field: "timeZone",
      reason: `"${zone}" is not an IANA time zone (e.g. Asia/Seoul, Europe/Berlin)`,
    };
  const parsed = parseLocalDateTime(localTime);
  if (!parsed.ok) return { ok: false, field: "localTime", reason: parsed.reason };
  const instant = resolveLocal(parsed.value, zone);
  const earliest = new Date(now.getTime() + MIN_LEAD_MS);
  if (instant < earliest) {
    return {
      ok: false,
      field: "localTime",
      reason: `The reservation time must be at least 10 minutes ahead (earliest now: ${formatLocal(new Date(Math.ceil(earliest.getTime() / 60_000) * 60_000), zone)} ${zone})`,
    };
  }
  const latest = DateTime.fromJSDate(now).plus({ days: MAX_LEAD_DAYS }).toJSDate();
  if (instant > latest)
    return {
      ok: false,
      field: "localTime",
      reason: `The reservation time must be at most ${MAX_LEAD_DAYS} days ahead (latest: ${formatLocal(latest, zone)} ${zone})`,
    };
  return { ok: true, value: { instant, localTime: localTime.trim(), timeZone: zone } };
}
