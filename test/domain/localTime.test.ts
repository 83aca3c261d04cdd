// docs/reservations-and-schedules.md#local-times-and-zones: local wall times become instants in the user's zone, with
// daylight-saving gaps moved to the next valid instant and repeated hours using the first.
import { describe, expect, it } from "vitest";
import {
  formatLocal,
  isValidTimeZone,
  nextOccurrence,
  occurrencesBetween,
  parseHourMinute,
  parseLocalDateTime,
  resolveLocal,
  type IsoWeekday,
  type WeeklyRule,
} from "../../src/domain/localTime.ts";

const at = (iso: string) => new Date(iso);
const local = (text: string, zone: string) => {
  const p = parseLocalDateTime(text);
  if (!p.ok) throw new Error(p.reason);
  return resolveLocal(p.value, zone).toISOString();
};

describe("local times", () => {
  it("maps a plain wall time through the zone's offset", () => {
    expect(local("2026-12-01 09:00", "Asia/Seoul")).toBe("2026-12-01T00:00:00.000Z");
    expect(local("2026-07-01 09:00", "Europe/Berlin")).toBe("2026-07-01T07:00:00.000Z");
    expect(local("2026-12-01 09:00", "Europe/Berlin")).toBe("2026-12-01T08:00:00.000Z");
  });

  it("moves a time inside a spring-forward gap to the end of the gap", () => {
    // New York: 2026-03-08 02:00 EST → 03:00 EDT; 02:30 does not exist.
    expect(local("2026-03-08 02:30", "America/New_York")).toBe("2026-03-08T07:00:00.000Z");
    expect(formatLocal(at("2026-03-08T07:00:00.000Z"), "America/New_York")).toBe(
      "2026-03-08 03:00",
    );
    // Berlin: 2026-03-29 02:00 CET → 03:00 CEST.
    expect(local("2026-03-29 02:00", "Europe/Berlin")).toBe("2026-03-29T01:00:00.000Z");
    expect(local("2026-03-29 02:59", "Europe/Berlin")).toBe("2026-03-29T01:00:00.000Z");
  });

  it("uses the first of a repeated hour", () => {
    // New York: 2026-11-01 01:30 happens at 05:30Z (EDT) and again at 06:30Z (EST).
    expect(local("2026-11-01 01:30", "America/New_York")).toBe("2026-11-01T05:30:00.000Z");
    // Berlin: 2026-10-25 02:30 happens at 00:30Z (CEST) and 01:30Z (CET).
    expect(local("2026-10-25 02:30", "Europe/Berlin")).toBe("2026-10-25T00:30:00.000Z");
  });

  it("refuses malformed dates and times and unknown zones", () => {
    expect(parseLocalDateTime("2026-02-30 10:00").ok).toBe(false);
    expect(parseLocalDateTime("2026-12-01 24:00").ok).toBe(false);
    expect(parseLocalDateTime("2026-12-01T10:00").ok).toBe(false);
    expect(parseLocalDateTime("2026-1-01 10:00").ok).toBe(false);
    expect(parseHourMinute("9:00").ok).toBe(false);
    expect(parseHourMinute("23:60").ok).toBe(false);
    expect(parseHourMinute("00:00")).toEqual({ ok: true, value: { hour: 0, minute: 0 } });
    expect(isValidTimeZone("Asia/Seoul")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus")).toBe(false);
    expect(isValidTimeZone("+09:00")).toBe(false);
  });
});

describe("weekly occurrences", () => {
  const rule = (
    weekdays: IsoWeekday[],
    time: [number, number],
    zone: string,
    startsAt: string,
    endsAt: string,
  ): WeeklyRule => ({
    weekdays: new Set(weekdays),
    hour: time[0],
    minute: time[1],
    zone,
    startsAt: at(startsAt),
    endsAt: at(endsAt),
  });

  it("keeps the local time across a DST change and honours the weekday set", () => {
    // Every Sunday 02:30 in New York, around the March change: the gap day moves to 03:00 EDT.
    const r = rule(
      [7],
      [2, 30],
      "America/New_York",
      "2026-02-25T00:00:00Z",
      "2026-04-01T00:00:00Z",
    );
    const got = occurrencesBetween(r, r.startsAt, r.endsAt).map((d) =>
      formatLocal(d, "America/New_York"),
    );
    expect(got).toEqual([
      "2026-03-01 02:30",
      "2026-03-08 03:00",
      "2026-03-15 02:30",
      "2026-03-22 02:30",
      "2026-03-29 02:30",
    ]);
  });

  it("every day = all seven weekdays; Mon/Wed only picks those", () => {
    const all = rule(
      [1, 2, 3, 4, 5, 6, 7],
      [9, 0],
      "Asia/Seoul",
      "2026-12-01T00:00:00Z",
      "2026-12-08T00:00:00Z",
    );
    expect(occurrencesBetween(all, all.startsAt, all.endsAt)).toHaveLength(7);
    const monWed = rule(
      [1, 3],
      [9, 0],
      "Asia/Seoul",
      "2026-11-30T00:00:00Z",
      "2026-12-14T00:00:00Z",
    );
    // (after, until]: Monday 2026-11-30 09:00 KST is `after` itself, Monday 12-14 09:00 is `until`.
    expect(
      occurrencesBetween(monWed, monWed.startsAt, monWed.endsAt).map((d) =>
        formatLocal(d, "Asia/Seoul"),
      ),
    ).toEqual(["2026-12-02 09:00", "2026-12-07 09:00", "2026-12-09 09:00", "2026-12-14 09:00"]);
  });

  it("a repeated hour fires once, at its first instant", () => {
    const r = rule(
      [7],
      [1, 30],
      "America/New_York",
      "2026-10-31T00:00:00Z",
      "2026-11-02T00:00:00Z",
    );
    expect(occurrencesBetween(r, r.startsAt, r.endsAt).map((d) => d.toISOString())).toEqual([
      "2026-11-01T05:30:00.000Z",
    ]);
  });

  it("finds the next occurrence and none after the period", () => {
    const r = rule([1], [9, 0], "Asia/Seoul", "2026-11-25T00:00:00Z", "2026-12-31T00:00:00Z");
    expect(nextOccurrence(r, at("2026-11-25T00:00:00Z"))?.toISOString()).toBe(
      "2026-11-30T00:00:00.000Z",
    );
    expect(nextOccurrence(r, at("2026-11-30T00:00:00Z"))?.toISOString()).toBe(
      "2026-12-07T00:00:00.000Z",
    );
    expect(nextOccurrence(r, at("2026-12-28T00:00:00Z"))).toBeNull();
  });
});
