// The pure parts of the Live results and History screens: the results store (events before
// and after their rows' pages, replays, counts made of events), the "More" JSON (the exact
// object the SENS REST lookup answers for the same message), and the history filter rules.
import { describe, expect, it } from "vitest";
import { messageItem, type MessageRow } from "../src/rest/sensWire.ts";
import { HISTORY_RETENTION_DAYS } from "../src/services/messages.ts";
import { EMPTY_FORM, HISTORY_DAYS, oldestKept, toFilter } from "../src/console/history/rules.ts";
import { messageJson, percentCompleted, progressOf } from "../src/console/results/rules.ts";
import { ResultsStore, type StatusEvent } from "../src/console/results/store.ts";

const done = (seq: number, messageId: string, statusName = "success"): StatusEvent => ({
  seq,
  messageId,
  status: "COMPLETED",
  statusName,
  statusCode: statusName === "success" ? "0" : "3018",
  telcoCode: "SKT",
  completeTime: "2026-12-01T03:00:00.000Z",
});
const processing = (seq: number, messageId: string): StatusEvent => ({
  seq,
  messageId,
  status: "PROCESSING",
  statusName: null,
  statusCode: null,
  telcoCode: null,
  completeTime: null,
});
const page = (ids: string[], status: "READY" | "PROCESSING" = "READY") =>
  ids.map((id) => ({ id, messageId: `raw-${id}`, to: `010${id}`, status, result: null }));

describe("the live results store", () => {
  it("keeps what events said about messages whose page is not read yet, and merges it when it comes", () => {
    const store = new ResultsStore();
    store.appendPage(page(["a"]));
    store.applyEvents([processing(1, "a"), processing(2, "b"), done(3, "b")]);
    expect(store.rows.map((r) => r.status)).toEqual(["PROCESSING"]);
    // The page was read before b's events were written: the events win.
    store.appendPage(page(["b", "c"]));
    expect(store.rows.map((r) => [r.id, r.status, r.statusCode])).toEqual([
      ["a", "PROCESSING", null],
      ["b", "COMPLETED", "0"],
      ["c", "READY", null],
    ]);
  });

  it("never moves a status back, and ignores the repeats of a replay", () => {
    const store = new ResultsStore();
    store.appendPage(page(["a"], "PROCESSING"));
    store.applyEvents([done(5, "a", "fail")]);
    store.applyEvents([processing(4, "a"), done(5, "a", "fail")]);
    expect(store.rows[0]).toMatchObject({ status: "COMPLETED", statusName: "fail" });
    expect(store.lastSeq).toBe(5);
    expect(store.events).toBe(1);
    // A page read later cannot undo it either.
    store.appendPage(page(["a"]));
    expect(store.rows).toHaveLength(1);
  });

  it("counts from events alone, so a page's status is never counted twice", () => {
    const store = new ResultsStore();
    store.appendPage(page(["a", "b", "c"], "PROCESSING"));
    expect(progressOf(3, store.counts)).toMatchObject({ ready: 3, processing: 0 });
    store.applyEvents([processing(1, "a"), processing(2, "b"), done(3, "a"), done(4, "b", "fail")]);
    expect(progressOf(3, store.counts)).toEqual({
      total: 3,
      ready: 1,
      processing: 0,
      completed: 2,
      success: 1,
      fail: 1,
      done: false,
    });
    // Gateway-decided outcomes have no PROCESSING before their COMPLETED.
    store.applyEvents([done(9, "c", "fail")]);
    const p = progressOf(3, store.counts);
    expect(p).toMatchObject({ ready: 0, completed: 3, fail: 2, done: true });
    expect(percentCompleted(p)).toBe(100);
    expect(percentCompleted({ total: 3, completed: 2 })).toBe(66);
  });
});

describe("the More view's JSON", () => {
  it("is the object GET /messages/{messageId} answers for the same message", () => {
    const row: MessageRow = {
      id: "m1",
      requestId: "r1",
      requestTime: new Date("2026-11-30T15:30:05.120Z"),
      countryCode: "82",
      to: "01012345678",
      subject: null,
      content: "안녕하세요",
      status: "COMPLETED",
      result: "FAIL",
      resultCode: "3018",
      resultMessage: "Unreachable",
      telcoCode: "KT",
      completeTime: new Date("2026-11-30T15:30:07.999Z"),
      request: {
        type: "MMS",
        contentType: "AD",
        effectiveFrom: "0212345678",
        files: [{ file: { fileName: "a.jpg" } }, { file: { fileName: "b.jpg" } }],
      },
    };
    const json = messageJson({
      messageId: "m1",
      requestTime: row.requestTime.toISOString(),
      countryCode: "82",
      to: row.to,
      subject: null,
      content: row.content,
      status: "COMPLETED",
      result: {
        statusName: "fail",
        statusCode: "3018",
        statusMessage: "Unreachable",
        telcoCode: "KT",
        completeTime: row.completeTime!.toISOString(),
      },
      request: {
        requestId: "r1",
        type: "MMS",
        contentType: "AD",
        effectiveFrom: "0212345678",
        files: ["a.jpg", "b.jpg"],
        statusCode: "202",
        statusName: "success",
      },
    });
    expect(json).toEqual({
      statusCode: "202",
      statusName: "success",
      messages: [messageItem(row)],
    });
    // Seoul is UTC+9: the day has already turned there.
    expect(json.messages[0]!.requestTime).toBe("2026-12-01 00:30:05");
  });
});

describe("the history filter rules", () => {
  const now = new Date("2026-12-01T12:00:00Z");

  it("keeps the gateway's 30 days", () => {
    expect(HISTORY_DAYS).toBe(HISTORY_RETENTION_DAYS);
    expect(oldestKept(now).toISOString()).toBe("2026-11-01T12:00:00.000Z");
  });

  it("turns the form into the gateway's MessageFilter", () => {
    const r = toFilter(
      {
        ...EMPTY_FORM,
        requestedFrom: "2026-11-30T10:00",
        type: "SMS",
        status: "COMPLETED",
        result: "FAIL",
        from: "02-1234-5678",
        to: " 010 1111 2222 ",
      },
      now,
    );
    expect(r).toEqual({
      filter: {
        requestedFrom: new Date("2026-11-30T10:00").toISOString(),
        type: "SMS",
        status: "COMPLETED",
        result: "FAIL",
        from: "02-1234-5678",
        to: "010 1111 2222",
      },
    });
    expect(toFilter(EMPTY_FORM, now)).toEqual({ filter: {} });
  });

  it("names the field of each broken rule", () => {
    expect(
      toFilter(
        {
          ...EMPTY_FORM,
          requestedFrom: "2026-11-30T10:00",
          requestedTo: "2026-11-30T09:59",
          to: "abc",
        },
        now,
      ),
    ).toEqual({ issues: { requestedTo: "endBeforeStart", to: "notANumber" } });
    expect(toFilter({ ...EMPTY_FORM, requestedFrom: "2026-10-01T00:00" }, now)).toEqual({
      issues: { requestedFrom: "tooOld" },
    });
    expect(toFilter({ ...EMPTY_FORM, requestedTo: "yesterday" }, now)).toEqual({
      issues: { requestedTo: "invalidTime" },
    });
  });
});
