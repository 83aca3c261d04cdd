// The pure helpers of the Reservations and Schedules screens: the cancel cutoff, live
// notices merging into a list, the resume point, and the schedule rules checked before
// submitting — their limits must be the gateway's, and the latest end of a period the one
// the gateway computes (luxon over the IANA database) for every zone and month end.
import { readFileSync } from "node:fs";
import { buildSchema, type GraphQLEnumType } from "graphql";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import * as reservations from "../src/console/reservations/rules.ts";
import * as schedules from "../src/console/schedules/rules.ts";
import { DEFAULT_TIME_ZONE } from "../src/domain/localTime.ts";
import { CANCEL_CUTOFF_MS, MAX_SCHEDULE_MONTHS } from "../src/domain/reservations.ts";

const schema = buildSchema(
  readFileSync(new URL("../schema/schema.graphql", import.meta.url), "utf8"),
);
const { cancelState, mergeNotice, withNotice, resumeFrom, localInputToIso } = reservations;
const { checkSchedule, latestEnd, wallTime, toggleDay, everyDay, isEveryDay, isIanaZone } =
  schedules;

describe("the console's reservation rules", () => {
  it("are the gateway's: the cutoff, and the seven statuses of the schema", () => {
    expect(reservations.CANCEL_CUTOFF_MS).toBe(CANCEL_CUTOFF_MS);
    const status = schema.getType("ReservationStatus") as GraphQLEnumType;
    expect([...reservations.RESERVATION_STATUSES].sort()).toEqual(
      status
        .getValues()
        .map((v) => v.name)
        .sort(),
    );
    const weekday = schema.getType("Weekday") as GraphQLEnumType;
    expect([...schedules.WEEKDAYS].sort()).toEqual(
      weekday
        .getValues()
        .map((v) => v.name)
        .sort(),
    );
  });

  it("open the cancel button only for READY, before 10 minutes ahead of the send time", () => {
    const reserveTime = "2026-12-01T12:00:00.000Z";
    const ready = { status: "READY" as const, cancelable: true, reserveTime };
    expect(cancelState(ready, new Date("2026-12-01T11:49:59.999Z"))).toEqual({
      open: true,
      closesAt: new Date("2026-12-01T11:50:00.000Z"),
    });
    // At the cutoff by the clock, even though the row said cancelable when it was read.
    expect(cancelState(ready, new Date("2026-12-01T11:50:00.000Z"))).toEqual({
      open: false,
      reason: "tooLate",
      closedAt: new Date("2026-12-01T11:50:00.000Z"),
    });
    // The gateway's own clock said no: closed whatever this clock says.
    expect(
      cancelState({ ...ready, cancelable: false }, new Date("2026-12-01T10:00:00.000Z")),
    ).toMatchObject({ open: false, reason: "tooLate" });
    for (const status of ["PROCESSING", "DONE", "FAIL", "CANCELED", "STALE", "SKIP"] as const)
      expect(cancelState({ ...ready, status, cancelable: false }, new Date(0))).toEqual({
        open: false,
        reason: "notReady",
        status,
      });
  });

  it("merge live notices forward only, and show them over the loaded rows", () => {
    const n = (status: reservations.ReservationStatus, timestamp: string) => ({
      reservationId: "r1",
      status,
      statusReason: status === "CANCELED" ? "CANCELED_BY_USER" : null,
      timestamp,
    });
    let known: ReadonlyMap<string, reservations.StatusNotice> = new Map();
    known = mergeNotice(known, n("PROCESSING", "2026-12-01T12:00:01.000Z"));
    known = mergeNotice(known, n("DONE", "2026-12-01T12:00:02.000Z"));
    // A replayed older state (after a reconnect) does not move it back.
    const again = mergeNotice(known, n("PROCESSING", "2026-12-01T12:00:01.000Z"));
    expect(again).toBe(known);
    expect(known.get("r1")?.status).toBe("DONE");

    const row = { id: "r1", status: "READY" as const, statusReason: null, extra: 1 };
    expect(withNotice(row, known)).toEqual({ ...row, status: "DONE", statusReason: null });
    // A row read after the notice is already further: the row wins.
    const later = { ...row, status: "DONE" as const };
    expect(withNotice(later, mergeNotice(new Map(), n("PROCESSING", "x")))).toBe(later);
    expect(withNotice({ ...row, id: "other" }, known).status).toBe("READY");
  });

  it("resume just before the last notice seen, and read range inputs as local times", () => {
    expect(resumeFrom(null)).toBeNull();
    expect(resumeFrom("2026-12-01T12:00:00.000Z")).toBe("2026-12-01T11:59:59.999Z");
    expect(localInputToIso("")).toBeNull();
    expect(localInputToIso("not a time")).toBeNull();
    expect(localInputToIso("2026-12-01T09:30")).toBe(new Date(2026, 11, 1, 9, 30).toISOString());
  });
});

describe("the console's schedule rules", () => {
  const now = new Date("2026-12-01T03:00:00.000Z"); // 12:00 in Seoul
  const valid: schedules.ScheduleValues = {
    code: "daily-news_1",
    weekdays: ["MONDAY"],
    time: "09:30",
    timeZone: "Asia/Seoul",
    startsAt: "",
    endsAt: "2027-01-01 00:00",
    description: "",
  };
  const check = (over: Partial<schedules.ScheduleValues>, createdAt = now) =>
    checkSchedule({ ...valid, ...over }, { now, createdAt });

  it("are the gateway's limits", () => {
    expect(schedules.MAX_SCHEDULE_MONTHS).toBe(MAX_SCHEDULE_MONTHS);
    expect(schedules.DEFAULT_TIME_ZONE).toBe(DEFAULT_TIME_ZONE);
    expect(schedules.SCHEDULE_CODE.test("a".repeat(50))).toBe(true);
    expect(schedules.SCHEDULE_CODE.test("a".repeat(51))).toBe(false);
  });

  it("accept a valid schedule and name each broken rule on its field", () => {
    expect(check({})).toEqual([]);
    expect(check({ code: "  ok-code  " })).toEqual([]);
    expect(check({ code: "has space" })).toEqual([{ field: "code", rule: "code" }]);
    expect(check({ code: "" })).toEqual([{ field: "code", rule: "code" }]);
    expect(check({ weekdays: [] })).toEqual([{ field: "weekdays", rule: "weekdays" }]);
    for (const time of ["24:00", "9:30", "09:60", "0930"])
      expect(check({ time })).toEqual([{ field: "time", rule: "time" }]);
    for (const timeZone of ["KST", "+09:00", "Asia/Atlantis"])
      expect(check({ timeZone })).toEqual([{ field: "timeZone", rule: "timeZone" }]);
    expect(check({ description: "d".repeat(1001) })).toEqual([
      { field: "description", rule: "descriptionTooLong", count: 1001 },
    ]);
    expect(check({ endsAt: "" })).toEqual([{ field: "endsAt", rule: "localTime" }]);
    expect(check({ endsAt: "2027-02-30 10:00" })).toEqual([{ field: "endsAt", rule: "localTime" }]);
    expect(check({ startsAt: "2027-01-02 00:00" })).toEqual([
      { field: "endsAt", rule: "endsBeforeStart" },
    ]);
    expect(check({ endsAt: "2026-12-01 11:59" })).toEqual([
      { field: "endsAt", rule: "endsBeforeStart" },
    ]);
    expect(check({ startsAt: "2026-11-01 00:00", endsAt: "2026-12-01 11:00" })).toEqual([
      { field: "endsAt", rule: "endsPast" },
    ]);
    expect(check({ endsAt: "2027-06-01 12:00" })).toEqual([]);
    expect(check({ endsAt: "2027-06-01 12:01" })).toEqual([
      { field: "endsAt", rule: "endsTooLate", latest: "2027-06-01 12:00" },
    ]);
    // An edit keeps the bound of the creation: created a month ago, the end comes a month sooner.
    expect(check({ endsAt: "2027-05-15 00:00" }, new Date("2026-11-01T03:00:00.000Z"))).toEqual([
      { field: "endsAt", rule: "endsTooLate", latest: "2027-05-01 12:00" },
    ]);
  });

  it("compute the latest end as the gateway does, across zones, month ends and DST", () => {
    const zones = ["Asia/Seoul", "Europe/Berlin", "America/New_York", "UTC", "Australia/Sydney"];
    const instants = [
      "2026-08-31T10:15:00Z",
      "2026-03-31T23:30:00Z",
      "2026-12-31T15:59:00Z",
      "2027-02-28T00:00:00Z",
      "2026-10-25T01:30:00Z",
    ];
    for (const zone of zones)
      for (const iso of instants) {
        const createdAt = new Date(iso);
        const gateway = DateTime.fromJSDate(createdAt, { zone })
          .plus({ months: MAX_SCHEDULE_MONTHS })
          .toFormat("yyyy-MM-dd HH:mm");
        expect(latestEnd(createdAt, zone), `${iso} in ${zone}`).toBe(gateway);
        expect(wallTime(createdAt, zone)).toBe(
          DateTime.fromJSDate(createdAt, { zone }).toFormat("yyyy-MM-dd HH:mm"),
        );
      }
  });

  it("keep weekdays in week order, with every day as all seven", () => {
    expect(toggleDay(["FRIDAY"], "MONDAY")).toEqual(["MONDAY", "FRIDAY"]);
    expect(toggleDay(["MONDAY", "FRIDAY"], "MONDAY")).toEqual(["FRIDAY"]);
    expect(everyDay(true)).toEqual([...schedules.WEEKDAYS]);
    expect(everyDay(false)).toEqual([]);
    expect(isEveryDay(everyDay(true))).toBe(true);
    expect(isEveryDay(toggleDay(everyDay(true), "SUNDAY"))).toBe(false);
    expect(isIanaZone("UTC")).toBe(true);
    expect(schedules.fromInput("2026-12-01T09:30")).toBe("2026-12-01 09:30");
    expect(schedules.toInput("2026-12-01 09:30")).toBe("2026-12-01T09:30");
  });
});
