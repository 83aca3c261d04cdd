// docs/opt-out-080.md pure rules: company names, the transition table, number normalisation, 080 numbers
// and the purge date (end of the 2nd business day after termination, Asia/Seoul).
import { describe, expect, it } from "vitest";
import { InvalidTransitionError, ValidationError } from "../../src/domain/errors.ts";
import {
  assertTransition,
  canTransition,
  cleanCompanyName,
  endOfNthBusinessDayAfter,
  is080Number,
  normalizeNumberBatch,
  normalizeNumberPrefix,
  normalizeOptOutNumber,
  purgeAfterFor,
  random080Number,
} from "../../src/domain/optOut.ts";

describe("company name: 1–20 characters after trimming", () => {
  it("trims and accepts 20 characters, counting each Hangul syllable once", () => {
    expect(cleanCompanyName("  Acme  ")).toBe("Acme");
    expect(cleanCompanyName("가".repeat(20))).toBe("가".repeat(20));
  });

  it("counts a syllable typed as decomposed jamo as one character", () => {
    const decomposed = "한".normalize("NFD").repeat(20);
    expect(decomposed.length).toBe(60);
    expect(cleanCompanyName(decomposed)).toBe("한".repeat(20));
  });

  it("refuses 21 characters and blank names with the measured length", () => {
    expect(() => cleanCompanyName("가".repeat(21))).toThrow(/1–20 characters \(got 21\)/);
    expect(() => cleanCompanyName("   ")).toThrow(ValidationError);
  });
});

describe("status transitions are one table", () => {
  it("allows cancel and complete only from PROCESSING, terminate only from COMPLETE", () => {
    expect(canTransition("cancel", "PROCESSING")).toBe(true);
    expect(canTransition("complete", "PROCESSING")).toBe(true);
    expect(canTransition("terminate", "COMPLETE")).toBe(true);
    expect(canTransition("cancel", "COMPLETE")).toBe(false);
    expect(canTransition("terminate", "PROCESSING")).toBe(false);
  });

  it("has no way out of STOPPED", () => {
    for (const action of ["cancel", "complete", "terminate"] as const)
      expect(canTransition(action, "STOPPED")).toBe(false);
  });

  it("names the attempted change in the error", () => {
    try {
      assertTransition("cancel", "COMPLETE");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidTransitionError);
      expect(e).toMatchObject({ from: "COMPLETE", to: "CANCELED", code: "INVALID_TRANSITION" });
    }
  });
});

describe("opt-out numbers: digits after removing separators, 8–12 digits", () => {
  it("strips the same separators as sender numbers and recipients", () => {
    expect(normalizeOptOutNumber("010-1234 5678")).toEqual({ ok: true, number: "01012345678" });
    expect(normalizeOptOutNumber("(010) 1234.5678")).toEqual({ ok: true, number: "01012345678" });
    expect(normalizeOptOutNumber("02-123-4567")).toEqual({ ok: true, number: "021234567" });
  });

  it("reports letters and other characters instead of stripping them", () => {
    expect(normalizeOptOutNumber("010-1234-567O")).toMatchObject({
      ok: false,
      code: "INVALID_CHARACTERS",
    });
    expect(normalizeOptOutNumber("+821012345678")).toMatchObject({
      ok: false,
      code: "INVALID_CHARACTERS",
    });
  });

  it("reports empty, too short and too long values with the digit count", () => {
    expect(normalizeOptOutNumber(" - ")).toMatchObject({ ok: false, code: "EMPTY" });
    expect(normalizeOptOutNumber("1234567")).toMatchObject({
      ok: false,
      code: "TOO_SHORT",
      reason: expect.stringContaining("got 7"),
    });
    expect(normalizeOptOutNumber("1234567890123")).toMatchObject({
      ok: false,
      code: "TOO_LONG",
      reason: expect.stringContaining("got 13"),
    });
    expect(normalizeOptOutNumber("12345678")).toEqual({ ok: true, number: "12345678" });
    expect(normalizeOptOutNumber("123456789012")).toEqual({ ok: true, number: "123456789012" });
  });

  it("collapses duplicates in a batch (after normalisation) and reports invalid values by position", () => {
    const batch = normalizeNumberBatch(["010-1111-2222", "abc", "01011112222", "01033334444", ""]);
    expect(batch.numbers).toEqual(["01011112222", "01033334444"]);
    expect(batch.duplicates).toBe(1);
    expect(batch.invalid.map((i) => [i.index, i.value, i.code])).toEqual([
      [1, "abc", "INVALID_CHARACTERS"],
      [4, "", "EMPTY"],
    ]);
  });

  it("accepts a 1–12 digit prefix for searching", () => {
    expect(normalizeNumberPrefix("010-12")).toBe("01012");
    expect(() => normalizeNumberPrefix("01x")).toThrow(ValidationError);
  });
});

describe("080 numbers: 080 followed by 7 digits", () => {
  it("generates zero-padded numbers in range", () => {
    expect(random080Number(() => 42)).toBe("0800000042");
    expect(random080Number((max) => max - 1)).toBe("0809999999");
    expect(is080Number(random080Number((max) => Math.floor(max / 3)))).toBe(true);
    expect(is080Number("0801234")).toBe(false);
  });
});

describe("purge date: end of the 2nd business day after termination in Asia/Seoul", () => {
  const at = (iso: string) => purgeAfterFor(new Date(iso)).toISOString();

  it("Wednesday → end of Friday (the termination day itself does not count)", () => {
    // 2026-11-25 is a Wednesday; 10:00 KST.
    expect(at("2026-11-25T01:00:00Z")).toBe("2026-11-27T15:00:00.000Z");
  });

  it("Thursday → end of Monday, skipping the weekend", () => {
    expect(at("2026-11-26T01:00:00Z")).toBe("2026-11-30T15:00:00.000Z");
  });

  it("Friday night and Saturday → end of Tuesday", () => {
    expect(at("2026-11-27T14:30:00Z")).toBe("2026-12-01T15:00:00.000Z");
    expect(at("2026-11-28T03:00:00Z")).toBe("2026-12-01T15:00:00.000Z");
  });

  it("uses the Seoul date, not the UTC date (00:30 KST Wednesday is still Tuesday in UTC)", () => {
    expect(at("2026-11-24T15:30:00Z")).toBe("2026-11-27T15:00:00.000Z");
    expect(at("2026-11-24T14:59:59Z")).toBe("2026-11-26T15:00:00.000Z");
  });

  it("counts n business days in general", () => {
    expect(endOfNthBusinessDayAfter(new Date("2026-11-25T01:00:00Z"), 5).toISOString()).toBe(
      "2026-12-02T15:00:00.000Z",
    );
    expect(endOfNthBusinessDayAfter(new Date("2026-11-25T01:00:00Z"), 0).toISOString()).toBe(
      "2026-11-25T15:00:00.000Z",
    );
  });
});
