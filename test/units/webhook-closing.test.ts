// Which requests a delivery step asks the database about for request.completed
// (webhooks/steps.ts requestsThatMayClose): only those whose last COMPLETED event can be in
// the step's range — never one with a message still open at the range's end.
import { describe, expect, it } from "vitest";
import type { StatusEvent } from "../../src/realtime/events.ts";
import { requestsThatMayClose } from "../../src/webhooks/steps.ts";

let seq = 0;
const ev = (requestId: string, messageId: string, status: StatusEvent["status"]): StatusEvent => ({
  accountId: "a",
  projectId: "p",
  requestId,
  messageId,
  status,
  result: status === "COMPLETED" ? "SUCCESS" : null,
  resultCode: null,
  resultMessage: null,
  telcoCode: null,
  completeTime: null,
  seq: ++seq,
  createdAt: new Date(0),
});

describe("requestsThatMayClose", () => {
  it("keeps a request whose messages all completed in the range (or before it)", () => {
    const events = [
      ev("r1", "m1", "PROCESSING"),
      ev("r1", "m2", "COMPLETED"), // its PROCESSING came before the range
      ev("r1", "m1", "COMPLETED"),
    ];
    expect(requestsThatMayClose(events)).toEqual(["r1"]);
  });

  it("leaves out a request with a message still PROCESSING at the range's end", () => {
    const events = [
      ev("r1", "m1", "PROCESSING"),
      ev("r1", "m1", "COMPLETED"),
      ev("r1", "m2", "PROCESSING"),
      ev("r2", "m3", "COMPLETED"),
    ];
    expect(requestsThatMayClose(events)).toEqual(["r2"]);
  });

  it("asks about no request without a COMPLETED event in the range", () => {
    expect(requestsThatMayClose([ev("r1", "m1", "PROCESSING")])).toEqual([]);
    expect(requestsThatMayClose([])).toEqual([]);
  });
});
