// Unit tests of the pure send rules (src/domain/sendPlan.ts), without a database: type
// decision and limits, the AD rules and the night rule, opt-out blocking for AD only, the
// country policy, duplicates and refused rows, REFUSE_ALL and SEND_VALID.
import { describe, expect, it } from "vitest";
import {
  AdPolicyError,
  RecipientsRejectedError,
  ValidationError,
} from "../../src/domain/errors.ts";
import { RESULT_CODES } from "../../src/domain/resultCodes.ts";
import {
  blockOptedOut,
  checkCountry,
  checkSenderFormat,
  planSend,
  type SendFacts,
  type SendInput,
} from "../../src/domain/sendPlan.ts";

// 2026-11-25 12:00 and 22:30 in Seoul.
const NOON = new Date("2026-11-25T03:00:00Z");
const NIGHT = new Date("2026-11-25T13:30:00Z");
const N080 = "0801234567";

function input(over: Partial<SendInput> = {}): SendInput {
  return {
    projectId: "p1",
    type: "AUTO",
    contentType: "COMM",
    countryCode: "82",
    from: "0212345678",
    content: "hello",
    recipients: { list: [{ to: "01011112222" }, { to: "01033334444" }] },
    invalidRecipients: "SEND_VALID",
    ...over,
  };
}

function facts(over: Partial<SendFacts> = {}): SendFacts {
  return {
    projectId: "p1",
    countryCode: "82",
    from: "0212345678",
    timing: { mode: "IMMEDIATE" },
    fileIds: [],
    newFiles: [],
    number080: null,
    now: NOON,
    ...over,
  };
}

let ids = 0;
const tools = {
  newId: () => `m${++ids}`,
  random: () => 0.5,
  pause: () => Promise.resolve(),
};

const plan = (i: Partial<SendInput> = {}, f: Partial<SendFacts> = {}) =>
  planSend(input(i), facts({ countryCode: (i.countryCode ?? "82") as never, ...f }), tools);

async function refusal(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error("expected the plan to be refused");
}

describe("type and limits", () => {
  it("AUTO picks SMS up to 80 bytes (AUTO_SMS) and LMS above (AUTO_LMS)", async () => {
    const short = await plan({ content: "a".repeat(80) });
    expect([short.type, short.typeNote]).toEqual(["SMS", "AUTO_SMS"]);
    const long = await plan({ content: "a".repeat(81) });
    expect([long.type, long.typeNote]).toEqual(["LMS", "AUTO_LMS"]);
    expect(long.messages[0]!.bytes).toBe(81);
  });

  it("refuses an SMS whose own content is over 80 bytes with a field issue on input.content", async () => {
    const err = await refusal(plan({ type: "SMS", content: "가".repeat(41) }));
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues.map((i) => i.path)).toContainEqual(["input", "content"]);
  });

  it("a per-recipient content over the limit refuses that row only (SEND_VALID)", async () => {
    const p = await plan({
      type: "SMS",
      recipients: { list: [{ to: "01011112222" }, { to: "01033334444", content: "a".repeat(81) }] },
    });
    expect(p.messages.map((m) => m.to)).toEqual(["01011112222"]);
    expect(p.rejected).toMatchObject([{ row: 2, value: "01033334444", code: "INVALID_CONTENT" }]);
  });

  it("REFUSE_ALL refuses the whole request when a row cannot be sent", async () => {
    const err = await refusal(
      plan({
        invalidRecipients: "REFUSE_ALL",
        recipients: { list: [{ to: "01011112222" }, { to: "not a number" }] },
      }),
    );
    expect(err).toBeInstanceOf(RecipientsRejectedError);
    expect((err as RecipientsRejectedError).rows).toMatchObject([
      { row: 2, code: "INVALID_NUMBER" },
    ]);
  });

  it("refuses a request without recipients, and one whose every row is bad", async () => {
    const none = await refusal(plan({ recipients: { list: [] } }));
    expect((none as Error).message).toBe("The request has no recipients");
    const bad = await refusal(plan({ recipients: { list: [{ to: "12" }] } }));
    expect((bad as Error).message).toBe("No recipient can be sent to");
  });
});

describe("duplicates", () => {
  it("keeps the first row of a number across list and text, and reports the others", async () => {
    const p = await plan({
      recipients: {
        list: [{ to: "010-1111-2222" }, { to: "01011112222" }],
        text: "01011112222\n01055556666",
      },
    });
    expect(p.messages.map((m) => m.to)).toEqual(["01011112222", "01055556666"]);
    expect(p.duplicates.map((d) => [d.source, d.row])).toEqual([
      ["LIST", 2],
      ["TEXT", 1],
    ]);
  });
});

describe("AD rules", () => {
  const ad = { contentType: "AD" as const, content: "(광고) sale 무료수신거부 080-123-4567" };

  it("refuses AD when the project's 080 service is not COMPLETE (no number)", async () => {
    const err = await refusal(plan(ad, { number080: null }));
    expect(err).toBeInstanceOf(AdPolicyError);
    expect((err as AdPolicyError).violations).toEqual([
      "AD messages need the project's 080 opt-out service to be COMPLETE",
    ]);
  });

  it("refuses AD to Korea without the (광고) prefix and the 080 number", async () => {
    const err = await refusal(plan({ contentType: "AD", content: "sale" }, { number080: N080 }));
    expect((err as AdPolicyError).violations).toHaveLength(2);
  });

  it("adAutoComply adds the prefix and the footer instead of refusing", async () => {
    const p = await plan(
      { contentType: "AD", content: "sale", adAutoComply: true },
      { number080: N080 },
    );
    expect(p.content).toBe("(광고)sale\n무료수신거부 080-123-4567");
  });

  it("refuses an immediate AD send to Korea at night without nightConsent, allows it with consent", async () => {
    const err = await refusal(plan(ad, { number080: N080, now: NIGHT }));
    expect((err as AdPolicyError).violations[0]).toMatch(/between 21:00 and 08:00/);
    const consented = await plan({ ...ad, nightConsent: true }, { number080: N080, now: NIGHT });
    expect(consented.nightConsent).toBe(true);
  });

  it("a reservation is judged at its own time, a schedule template not at all", async () => {
    const reserve = { instant: NIGHT } as never;
    const err = await refusal(
      plan(ad, { number080: N080, now: NOON, timing: { mode: "RESERVATION", reserve } }),
    );
    expect((err as AdPolicyError).violations[0]).toMatch(/reservation time falls in that window/);
    const template = await plan(ad, {
      number080: N080,
      now: NIGHT,
      timing: { mode: "SCHEDULE", scheduleId: "s1" },
    });
    expect(template.messages).toHaveLength(2);
  });
});

describe("opt-out blocking: AD only", () => {
  it("blocks AD messages to opted-out numbers with OPTED_OUT and leaves the others", async () => {
    const p = await plan(
      { contentType: "AD", content: "(광고) sale 080-123-4567" },
      { number080: N080 },
    );
    blockOptedOut(p, new Set(["01033334444"]));
    expect(p.messages.map((m) => [m.to, m.blocked?.code ?? null])).toEqual([
      ["01011112222", null],
      ["01033334444", RESULT_CODES.OPTED_OUT.code],
    ]);
  });

  it("never blocks notices (COMM): the 080 list is for advertising", async () => {
    const p = await plan();
    blockOptedOut(p, new Set(["01033334444"]));
    expect(p.messages.every((m) => m.blocked === null)).toBe(true);
  });
});

describe("country policy", () => {
  it("Japan shows the service sender; China gets the signature; Korea keeps the entered sender", async () => {
    const jp = await plan({ countryCode: "81", recipients: { list: [{ to: "09012345678" }] } });
    expect(jp.effectiveFrom).toBe("SMSGW");
    const cn = await plan({ countryCode: "86", recipients: { list: [{ to: "13812345678" }] } });
    expect(cn.content).toBe("【Verify】hello");
    const kr = await plan();
    expect([kr.from, kr.effectiveFrom]).toEqual(["0212345678", "0212345678"]);
  });

  it("the US gets a random sender from the injected source; Taiwan keeps it on request", async () => {
    const us = await plan({ countryCode: "1", recipients: { list: [{ to: "2025550123" }] } });
    expect(us.effectiveFrom).not.toBe("0212345678");
    const tw = await plan({
      countryCode: "886",
      fixedSender: true,
      recipients: { list: [{ to: "0912345678" }] },
    });
    expect(tw.effectiveFrom).toBe("0212345678");
  });

  it("refuses an unsupported country and a sender that is no number", () => {
    expect(() => checkCountry("44")).toThrow(ValidationError);
    expect(checkCountry("82")).toBe("82");
    expect(() => checkSenderFormat("call me")).toThrow(/is not a sender number/);
    expect(checkSenderFormat("02-1234-5678")).toBe("0212345678");
  });
});

describe("the plan", () => {
  it("carries the facts' files (existing, then new) and ids from the injected source", async () => {
    const newFile = { id: "f2", fileName: "a.jpg", data: Buffer.from("x") } as never;
    const p = await plan(
      { type: "MMS", subject: "hi" },
      { fileIds: ["f1"], newFiles: [newFile], timing: { mode: "IMMEDIATE" } },
    );
    expect(p.type).toBe("MMS");
    expect(p.fileIds).toEqual(["f1", "f2"]);
    expect(p.messages.every((m) => /^m\d+$/.test(m.id))).toBe(true);
    expect(p.payloadHash).toBeNull();
  });
});
