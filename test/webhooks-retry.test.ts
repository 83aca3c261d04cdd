// docs/webhooks.md#retries as numbers: which answers are retried, the growing jittered
// waits, Retry-After in both forms, and the cap at the retry period.
import { describe, expect, it } from "vitest";
import { backoffMs, nextDelayMs, retryAfterMs, verdictOf } from "../src/webhooks/retry.ts";
import { sign } from "../src/webhooks/signing.ts";
import { Webhook } from "standardwebhooks";

describe("webhook retry schedule", () => {
  it("2xx delivers, 410 disables, everything else is retried", () => {
    expect([200, 204, 299].map(verdictOf)).toEqual(["SUCCESS", "SUCCESS", "SUCCESS"]);
    expect(verdictOf(410)).toBe("GONE");
    expect([null, 301, 400, 404, 429, 500, 503].map(verdictOf)).toEqual(Array(7).fill("RETRY"));
  });

  it("waits 5 s, 10 s, 20 s, … up to 1 h, shortened by at most 25 %", () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, () => 0))).toEqual([5000, 10_000, 20_000, 40_000]);
    expect(backoffMs(40, () => 0)).toBe(3_600_000);
    expect(backoffMs(1, () => 1)).toBe(3750);
  });

  it("Retry-After in seconds or as an HTTP date; unreadable ones are ignored", () => {
    const now = new Date("2026-12-01T00:00:00Z");
    expect(retryAfterMs("120", now)).toBe(120_000);
    expect(retryAfterMs("Tue, 01 Dec 2026 00:10:00 GMT", now)).toBe(600_000);
    expect(retryAfterMs("soon", now)).toBeNull();
    expect(nextDelayMs(1, "7200", now, 24 * 3_600_000)).toBe(7_200_000);
    expect(nextDelayMs(1, "999999", now, 3_600_000)).toBe(3_600_000);
  });

  it("a signature made with node:crypto verifies with the standardwebhooks package", () => {
    const secret = `whsec_${Buffer.alloc(32, 7).toString("base64")}`;
    const ts = Math.floor(Date.now() / 1000);
    const body = '{"type":"webhook.test"}';
    const headers = {
      "webhook-id": "msg_1",
      "webhook-timestamp": String(ts),
      "webhook-signature": sign(secret, "msg_1", ts, body),
    };
    expect(new Webhook(secret).verify(body, headers)).toEqual({ type: "webhook.test" });
    expect(() => new Webhook(secret).verify(`${body} `, headers)).toThrow();
  });
});
