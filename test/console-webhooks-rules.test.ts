// The Webhooks screen checks some of the gateway's endpoint rules before submitting: its
// limits must be the gateway's own (src/webhooks/endpoints.ts, src/webhooks/targets.ts), a
// URL it refuses must be one the gateway refuses too (whatever WEBHOOK_ALLOW_HTTP says), and
// one the gateway accepts must pass. Also: replay's starting point, the label an event type
// the catalogs do not know yet gets from its schema description, and what an edit sends.
import { describe, expect, it } from "vitest";
import { en } from "../src/console/webhooks/messages.ts";
import * as rules from "../src/console/webhooks/rules.ts";
import { BATCH_MAX, DESCRIPTION_MAX } from "../src/webhooks/endpoints.ts";
import { EVENT_TYPES } from "../src/webhooks/payload.ts";
import { parseTarget, URL_MAX } from "../src/webhooks/targets.ts";

const URLS = [
  "",
  "   ",
  "example.com/hook",
  "/hook",
  "https://example.com/hook",
  "  https://example.com/hook  ",
  "http://example.com/hook",
  "ftp://example.com/hook",
  "javascript:alert(1)",
  "https://user:pw@example.com/hook",
  "https://example.com/hook#part",
  `https://example.com/${"a".repeat(URL_MAX - 20)}`,
  `https://example.com/${"a".repeat(URL_MAX)}`,
];

const gatewayAccepts = (url: string, allowHttp: boolean) => {
  try {
    parseTarget(url.trim(), { allowHttp, allowPrivateUrls: false });
    return true;
  } catch {
    return false;
  }
};

describe("the console's webhook endpoint rules", () => {
  it("are the gateway's limits", () => {
    expect(rules.URL_MAX).toBe(URL_MAX);
    expect(rules.DESCRIPTION_MAX).toBe(DESCRIPTION_MAX);
    expect(rules.BATCH_MAX).toBe(BATCH_MAX);
  });

  it("refuse only URLs the gateway refuses, and pass every URL it accepts", () => {
    for (const url of URLS) {
      const mine = rules.checkUrl(url);
      for (const allowHttp of [false, true])
        if (mine !== null) expect(gatewayAccepts(url, allowHttp), url).toBe(false);
      if (gatewayAccepts(url, true)) expect(mine, url).toBeNull();
    }
    expect(rules.checkUrl(" ")).toBe("urlEmpty");
    expect(rules.checkUrl("example.com/hook")).toBe("urlNotAbsolute");
    expect(rules.checkUrl("ftp://example.com/hook")).toBe("urlScheme");
    expect(rules.checkUrl(`https://example.com/${"a".repeat(URL_MAX)}`)).toBe("urlTooLong");
    // Credentials and fragments are the gateway's to refuse (typed, next to the URL field).
    expect(rules.checkUrl("https://user:pw@example.com/hook")).toBeNull();
  });

  it("count the description and read the batch size as the gateway does", () => {
    expect(rules.checkDescription("a".repeat(DESCRIPTION_MAX))).toBeNull();
    expect(rules.checkDescription("😀".repeat(DESCRIPTION_MAX / 2 + 1))).toBe("descriptionTooLong");
    expect(["1", " 1000 ", "0", "1001", "1.5", "-2", "", "ten"].map(rules.parseBatchSize)).toEqual([
      1,
      1000,
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(rules.checkEventTypes([])).toBe("eventTypesEmpty");
    expect(rules.checkEventTypes(["MESSAGE_STATUS"])).toBeNull();
  });

  it("give replay exactly one starting point: a seq of 1 or more, or a local time", () => {
    expect(rules.replayFrom("seq", " 7 ", "")).toEqual({ fromSeq: 7 });
    expect(rules.replayFrom("seq", "0", "")).toEqual({ error: "seqInvalid" });
    expect(rules.replayFrom("seq", "1e3", "")).toEqual({ error: "seqInvalid" });
    expect(rules.replayFrom("time", "7", "")).toEqual({ error: "timeInvalid" });
    const local = "2026-12-01T09:30";
    expect(rules.replayFrom("time", "", local)).toEqual({
      fromTime: new Date(2026, 11, 1, 9, 30).toISOString(),
    });
    expect(rules.localInputToIso("2026-12-01T09:30:15")).toBe(
      new Date(2026, 11, 1, 9, 30, 15).toISOString(),
    );
    expect(rules.localInputToIso("yesterday")).toBeNull();
  });

  it("label an event type the catalogs do not know from its schema description", () => {
    expect(
      rules.describeEventType("RESERVATION_STATUS", "`reservation.status`: a reservation moved"),
    ).toEqual({ label: "reservation.status (RESERVATION_STATUS)", help: "a reservation moved" });
    expect(rules.describeEventType("OTHER", null)).toEqual({ label: "OTHER", help: "" });
    // The labels the catalogs do have are for values the gateway knows.
    const labelled = Object.keys(en.eventTypes).filter((k) => /^[A-Z_]+$/.test(k));
    expect(labelled.length).toBeGreaterThan(0);
    for (const k of labelled) expect(EVENT_TYPES as readonly string[]).toContain(k);
  });

  it("send only what an edit changed", () => {
    const before = { url: "https://a.example/x", eventTypes: ["A", "B"], enabled: true };
    expect(rules.endpointChanges(before, { ...before, eventTypes: ["B", "A"] })).toEqual({});
    expect(rules.endpointChanges(before, { ...before, enabled: false, eventTypes: ["A"] })).toEqual(
      { enabled: false, eventTypes: ["A"] },
    );
  });

  it("lay live lag over the rows read, and read again only for what a snapshot cannot show", () => {
    const rows = [
      { id: "a", status: "ACTIVE", lag: 0, cursorSeq: 1, url: "https://a.example/" },
      { id: "b", status: "DISABLED", lag: 0, cursorSeq: 1, url: "https://b.example/" },
    ];
    const lag = (endpointId: string, over: Partial<rules.LiveLag> = {}): rules.LiveLag => ({
      endpointId,
      lag: 3,
      cursorSeq: 7,
      projectEventCursorSeq: 2,
      enabled: true,
      failing: false,
      ...over,
    });
    const live = new Map([
      ["a", lag("a")],
      ["b", lag("b", { enabled: false })],
    ]);
    expect(rules.withLiveLag(rows, null)).toEqual(rows);
    expect(rules.withLiveLag(rows, live)).toEqual([
      { ...rows[0], lag: 3, cursorSeq: 7 },
      { ...rows[1], lag: 3, cursorSeq: 7 },
    ]);
    // Lag and cursor moved: nothing to read.
    expect(rules.staleRows(rows, live)).toBeNull();
    expect(rules.staleRows(rows, null)).toBeNull();
    // A status changed, an endpoint came or went: read again (named, so once per change).
    expect(rules.staleRows(rows, new Map([...live, ["a", lag("a", { failing: true })]]))).toBe(
      "a:FAILING",
    );
    expect(rules.staleRows(rows, new Map([...live, ["c", lag("c")]]))).toBe("+c");
    expect(rules.staleRows(rows, new Map([["a", lag("a")]]))).toBe("-b");
    // One endpoint's page ignores the project's other endpoints.
    expect(rules.staleRows([rows[0]!], live, false)).toBeNull();
    expect(rules.liveStatus(lag("x", { enabled: false, failing: true }))).toBe("DISABLED");
  });
});
