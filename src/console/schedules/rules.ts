// The schedule rules the console checks before submitting, the same as the gateway's
// (src/services/schedules.ts, src/domain/reservations.ts; test/console-reservations-rules.test.ts
// compares them): the code, the weekdays ("every day" = all seven), HH:mm, an IANA zone, a
// period that ends after it starts, in the future and at most 6 months after creation, and
// the description's length. Local times are wall times in the schedule's zone. Pure.
export const SCHEDULE_CODE = /^[A-Za-z0-9_-]{1,50}$/;
export const SCHEDULE_CODE_MAX = 50;
export const SCHEDULE_DESCRIPTION_MAX = 1000;
export const MAX_SCHEDULE_MONTHS = 6;
export const DEFAULT_TIME_ZONE = "Asia/Seoul";

/** Monday first, as the gateway lists them. */
export const WEEKDAYS = [
  "MONDAY",
  "TUESDAY",
  "WEDNESDAY",
  "THURSDAY",
  "FRIDAY",
  "SATURDAY",
  "SUNDAY",
] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const isEveryDay = (days: readonly Weekday[]): boolean =>
  WEEKDAYS.every((d) => days.includes(d));

/** The days in week order, one each; `day` added or removed. */
export function toggleDay(days: readonly Weekday[], day: Weekday): Weekday[] {
  const set = new Set(days);
  if (set.has(day)) set.delete(day);
  else set.add(day);
  return WEEKDAYS.filter((d) => set.has(d));
}

/** The "every day" switch: on picks all seven, off clears them. */
export const everyDay = (on: boolean): Weekday[] => (on ? [...WEEKDAYS] : []);

export const isTimeOfDay = (text: string): boolean => /^([01]\d|2[0-3]):[0-5]\d$/.test(text.trim());

/** IANA names only: "Asia/Seoul", "UTC"; offsets ("+09:00") and unknown names are refused. */
export function isIanaZone(zone: string): boolean {
  if (!/^[A-Za-z]/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** `<input type="datetime-local">` value ↔ the gateway's `yyyy-MM-dd HH:mm`. */
export const fromInput = (value: string): string => value.replace("T", " ").slice(0, 16);
export const toInput = (local: string): string => local.replace(" ", "T");

const pad = (n: number) => String(n).padStart(2, "0");

/** The wall time of `instant` in `zone`, as `yyyy-MM-dd HH:mm`. */
export function wallTime(instant: Date, zone: string): string {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "00";
  return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")}`;
}

/**
 * The latest end of the active period: the creation's wall time in the zone, 6 months on
 * (a day past the month's end becomes its last day, as the gateway's calendar does).
 */
export function latestEnd(createdAt: Date, zone: string): string {
  const wall = wallTime(createdAt, zone);
  const [y, m, d] = wall.slice(0, 10).split("-").map(Number) as [number, number, number];
  const months = y * 12 + (m - 1) + MAX_SCHEDULE_MONTHS;
  const year = Math.floor(months / 12);
  const month = (months % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${pad(month)}-${pad(Math.min(d, lastDay))}${wall.slice(10)}`;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2}) ([01]\d|2[0-3]):([0-5]\d)$/;
function isLocalDateTime(text: string): boolean {
  const m = LOCAL.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export interface ScheduleValues {
  code: string;
  weekdays: Weekday[];
  time: string;
  timeZone: string;
  /** Local `yyyy-MM-dd HH:mm` in the zone; empty: now (creation only). */
  startsAt: string;
  endsAt: string;
  description: string;
}

export type ScheduleField = keyof ScheduleValues;
export const SCHEDULE_FIELDS: readonly ScheduleField[] = [
  "code",
  "weekdays",
  "time",
  "timeZone",
  "startsAt",
  "endsAt",
  "description",
];

export type ScheduleRuleBreak =
  | { field: "code"; rule: "code" }
  | { field: "weekdays"; rule: "weekdays" }
  | { field: "time"; rule: "time" }
  | { field: "timeZone"; rule: "timeZone" }
  | { field: "startsAt" | "endsAt"; rule: "localTime" }
  | { field: "endsAt"; rule: "endsBeforeStart" | "endsPast" }
  | { field: "endsAt"; rule: "endsTooLate"; latest: string }
  | { field: "description"; rule: "descriptionTooLong"; count: number };

/** What the gateway would refuse; `createdAt` is the schedule's (now, for a new one). */
export function checkSchedule(
  v: ScheduleValues,
  at: { now: Date; createdAt: Date },
): ScheduleRuleBreak[] {
  const broken: ScheduleRuleBreak[] = [];
  if (!SCHEDULE_CODE.test(v.code.trim())) broken.push({ field: "code", rule: "code" });
  if (!v.weekdays.length) broken.push({ field: "weekdays", rule: "weekdays" });
  if (!isTimeOfDay(v.time)) broken.push({ field: "time", rule: "time" });
  const zone = v.timeZone.trim() || DEFAULT_TIME_ZONE;
  const zoneOk = isIanaZone(zone);
  if (!zoneOk) broken.push({ field: "timeZone", rule: "timeZone" });
  if (v.description.length > SCHEDULE_DESCRIPTION_MAX)
    broken.push({ field: "description", rule: "descriptionTooLong", count: v.description.length });
  const startsOk = !v.startsAt || isLocalDateTime(v.startsAt);
  if (!startsOk) broken.push({ field: "startsAt", rule: "localTime" });
  if (!isLocalDateTime(v.endsAt)) broken.push({ field: "endsAt", rule: "localTime" });
  else if (zoneOk && startsOk) {
    const now = wallTime(at.now, zone);
    const latest = latestEnd(at.createdAt, zone);
    if (v.endsAt <= (v.startsAt || now)) broken.push({ field: "endsAt", rule: "endsBeforeStart" });
    else if (v.endsAt > latest) broken.push({ field: "endsAt", rule: "endsTooLate", latest });
    else if (v.endsAt <= now) broken.push({ field: "endsAt", rule: "endsPast" });
  }
  return broken;
}
