// Local wall-clock times that users type (reservations, schedules; docs/reservations-and-schedules.md#local-times-and-zones), turned
// into UTC instants with a maintained time-zone library (luxon over the runtime's IANA
// database). Two rules make every local time map to exactly one instant:
//   - a time inside a daylight-saving gap moves to the next valid instant (the end of the gap);
//   - a repeated (ambiguous) time uses its first occurrence.
import { DateTime, IANAZone } from "luxon";

export const DEFAULT_TIME_ZONE = "Asia/Seoul";
export const LOCAL_DATE_TIME_FORMAT = "yyyy-MM-dd HH:mm";

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** IANA names only ("Asia/Seoul", "UTC"); offsets and abbreviations such as "KST" are refused. */
export function isValidTimeZone(zone: string): boolean {
  return /^[A-Za-z]/.test(zone) && IANAZone.isValidZone(zone);
}

/** Every instant whose wall time in `zone` is `wallAsUtc` (the wall time read as if it were UTC), earliest first. */
function instantsOfWallTime(wallAsUtc: number, zone: string): number[] {
  const tz = IANAZone.create(zone);
  const wall = DateTime.fromMillis(wallAsUtc, { zone: "UTC" });
  // The offsets in force around that wall time: one of them gives it, or two when the hour repeats.
  const offsets = new Set(
    [-36, -12, 0, 12, 36].map((hours) => tz.offset(wallAsUtc + hours * 3600_000)),
  );
  return [...offsets]
    .map((offset) => wallAsUtc - offset * 60_000)
    .filter((ms) => {
      const local = DateTime.fromMillis(ms, { zone });
      return (
        local.year === wall.year &&
        local.month === wall.month &&
        local.day === wall.day &&
        local.hour === wall.hour &&
        local.minute === wall.minute
      );
    })
    .sort((a, b) => a - b);
}

/** The instant of a local wall time in `zone`, by the two rules above. */
export function resolveLocal(p: LocalParts, zone: string): Date {
  const wallAsUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  // Minute 0 is the wall time itself (first of two when it repeats); later minutes walk out
  // of a gap to the first wall time that exists, i.e. the instant the clocks jumped.
  for (let minutes = 0; minutes <= 24 * 60; minutes++) {
    const [first] = instantsOfWallTime(wallAsUtc + minutes * 60_000, zone);
    if (first !== undefined) return new Date(first);
  }
  throw new Error(`no valid instant near ${JSON.stringify(p)} in ${zone}`);
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Parses `yyyy-MM-dd HH:mm` (strictly: real calendar dates, 24-hour clock). */
export function parseLocalDateTime(text: string): ParseResult<LocalParts> {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/.exec(text.trim());
  if (!m)
    return { ok: false, reason: `"${text}" is not a local time in the form yyyy-MM-dd HH:mm` };
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const date = DateTime.fromObject({ year, month, day }, { zone: "UTC" });
  if (!date.isValid) return { ok: false, reason: `"${text}" is not a calendar date` };
  if (hour > 23 || minute > 59)
    return { ok: false, reason: `"${text}" is not a time of day (00:00–23:59)` };
  return { ok: true, value: { year, month, day, hour, minute } };
}

/** Parses `HH:mm` (00:00–23:59). */
export function parseHourMinute(text: string): ParseResult<{ hour: number; minute: number }> {
  const m = /^(\d{2}):(\d{2})$/.exec(text.trim());
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59)
    return { ok: false, reason: `"${text}" is not a time of day in the form HH:mm (00:00–23:59)` };
  return { ok: true, value: { hour: Number(m[1]), minute: Number(m[2]) } };
}

/** `instant` as `yyyy-MM-dd HH:mm` in `zone`. */
export function formatLocal(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toFormat(LOCAL_DATE_TIME_FORMAT);
}

/** ISO weekday numbers: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface WeeklyRule {
  weekdays: ReadonlySet<IsoWeekday>;
  hour: number;
  minute: number;
  zone: string;
  /** Occurrences before `startsAt` or after `endsAt` (both instants) do not count. */
  startsAt: Date;
  endsAt: Date;
}

/** The weekly rule of a stored schedule (days stored as "1,3,5", time as "HH:mm"). */
export function ruleOf(s: {
  daysOfWeek: string;
  time: string;
  timeZone: string;
  startsAt: Date;
  endsAt: Date;
}): WeeklyRule {
  const [hour, minute] = s.time.split(":").map(Number) as [number, number];
  return {
    weekdays: new Set(
      s.daysOfWeek
        .split(",")
        .filter(Boolean)
        .map((d) => Number(d) as IsoWeekday),
    ),
    hour,
    minute,
    zone: s.timeZone,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
  };
}

/**
 * Occurrences of a weekly rule in (after, until], oldest first, at most `limit`. Days are
 * walked in the rule's zone, so "every Monday 09:00 Europe/Berlin" stays 09:00 local across
 * daylight-saving changes.
 */
export function occurrencesBetween(
  rule: WeeklyRule,
  after: Date,
  until: Date,
  limit = 1000,
): Date[] {
  const out: Date[] = [];
  const from = new Date(Math.max(after.getTime(), rule.startsAt.getTime() - 1));
  const to = new Date(Math.min(until.getTime(), rule.endsAt.getTime()));
  if (to <= from || rule.weekdays.size === 0) return out;
  // Start a day early: a gap-shifted or far-west occurrence can fall on the next UTC day.
  let day = DateTime.fromJSDate(from, { zone: rule.zone }).startOf("day").minus({ days: 1 });
  const lastDay = DateTime.fromJSDate(to, { zone: rule.zone }).startOf("day").plus({ days: 1 });
  while (day <= lastDay && out.length < limit) {
    if (rule.weekdays.has(day.weekday as IsoWeekday)) {
      const at = resolveLocal(
        { year: day.year, month: day.month, day: day.day, hour: rule.hour, minute: rule.minute },
        rule.zone,
      );
      if (at > from && at <= to) out.push(at);
    }
    day = day.plus({ days: 1 });
  }
  return out;
}

/** The first occurrence strictly after `after`, or null when the active period has none left. */
export function nextOccurrence(rule: WeeklyRule, after: Date): Date | null {
  // Eight days always contain the next occurrence of a non-empty weekly rule.
  let from = after;
  while (from < rule.endsAt) {
    const until = new Date(from.getTime() + 8 * 24 * 3600_000);
    const [first] = occurrencesBetween(rule, from, until, 1);
    if (first) return first;
    from = until;
  }
  return null;
}
