// docs/sending.md#advertising-ad (advertising) and docs/sending.md#countries (international sender policy).
import { describe, expect, it } from "vitest";
import {
  adMayBeDelivered,
  checkAdContent,
  format080,
  isKoreanNightTime,
  makeAdCompliant,
} from "../../src/domain/adPolicy.ts";
import {
  applyCountryPolicy,
  isSupportedCountry,
  JAPAN_SERVICE_SENDER,
} from "../../src/domain/countryPolicy.ts";

const seq = () => {
  let i = 0;
  return () => (i++ * 0.37) % 1;
};

describe("international sender policy", () => {
  it("supports 82, 1, 65, 81, 852, 86, 886 and nothing else", () => {
    for (const c of ["82", "1", "65", "81", "852", "86", "886"])
      expect(isSupportedCountry(c)).toBe(true);
    for (const c of ["44", "33", "", "082"]) expect(isSupportedCountry(c)).toBe(false);
  });

  it("Korea and Singapore show the sender as entered", () => {
    expect(applyCountryPolicy("82", "0212345678", "hi", { random: seq() })).toEqual({
      from: "0212345678",
      content: "hi",
    });
    expect(applyCountryPolicy("65", "0212345678", "hi", { random: seq() }).from).toBe("0212345678");
  });

  it("USA/Canada, Hong Kong, China and Taiwan show a random 10-digit sender", () => {
    for (const c of ["1", "852", "86", "886"] as const) {
      const { from } = applyCountryPolicy(c, "0212345678", "hi", { random: seq() });
      expect(from).toMatch(/^[1-9]\d{9}$/);
      expect(from).not.toBe("0212345678");
    }
  });

  it("Taiwan keeps the entered sender when a fixed sender is requested", () => {
    expect(
      applyCountryPolicy("886", "0212345678", "hi", { random: seq(), fixedSender: true }).from,
    ).toBe("0212345678");
  });

  it("Japan shows the fixed service sender", () => {
    expect(applyCountryPolicy("81", "0212345678", "hi", { random: seq() }).from).toBe(
      JAPAN_SERVICE_SENDER,
    );
  });

  it("China gets the 【Verify】 signature inserted once", () => {
    expect(applyCountryPolicy("86", "x", "code 1234", { random: seq() }).content).toBe(
      "【Verify】code 1234",
    );
    expect(applyCountryPolicy("86", "x", "【Verify】code 1234", { random: seq() }).content).toBe(
      "【Verify】code 1234",
    );
  });
});

describe("advertising content", () => {
  it("refuses AD when the project has no COMPLETE 080 service", () => {
    expect(checkAdContent("82", "(광고) sale 080-123-4567", null)).toEqual(["NO_OPT_OUT_SERVICE"]);
  });

  it("requires the project's 080 number, compared by digits only", () => {
    expect(checkAdContent("65", "sale! opt out: 080 123 4567", "0801234567")).toEqual([]);
    expect(checkAdContent("65", "sale! opt out: 080-999-0000", "0801234567")).toEqual([
      "MISSING_080_NUMBER",
    ]);
  });

  it("requires the (광고) prefix for Korea only", () => {
    expect(checkAdContent("82", "sale 0801234567", "0801234567")).toEqual(["MISSING_AD_PREFIX"]);
    expect(checkAdContent("82", "(광고)sale 0801234567", "0801234567")).toEqual([]);
    expect(checkAdContent("1", "sale 0801234567", "0801234567")).toEqual([]);
  });

  it("the compliance helper adds the prefix and a 무료수신거부 footer instead of refusing", () => {
    const fixed = makeAdCompliant("82", "겨울 세일 30%", "0801234567");
    expect(fixed).toBe("(광고)겨울 세일 30%\n무료수신거부 080-123-4567");
    expect(checkAdContent("82", fixed, "0801234567")).toEqual([]);
    expect(makeAdCompliant("82", fixed, "0801234567")).toBe(fixed);
    expect(format080("0801234567")).toBe("080-123-4567");
  });
});

describe("night-time rule (Asia/Seoul)", () => {
  const kst = (iso: string) => new Date(`${iso}+09:00`);

  it("21:00 to 08:00 Seoul time is night; 08:00 to 20:59 is not", () => {
    expect(isKoreanNightTime(kst("2026-11-25T20:59:59"))).toBe(false);
    expect(isKoreanNightTime(kst("2026-11-25T21:00:00"))).toBe(true);
    expect(isKoreanNightTime(kst("2026-11-26T03:00:00"))).toBe(true);
    expect(isKoreanNightTime(kst("2026-11-26T07:59:59"))).toBe(true);
    expect(isKoreanNightTime(kst("2026-11-26T08:00:00"))).toBe(false);
  });

  it("blocks AD to Korea at night unless recipients gave separate consent; other countries are not affected", () => {
    const night = kst("2026-11-25T23:30:00");
    expect(adMayBeDelivered("82", night, false)).toBe(false);
    expect(adMayBeDelivered("82", night, true)).toBe(true);
    expect(adMayBeDelivered("1", night, false)).toBe(true);
  });
});
