// The 080 opt-out screen checks the gateway's rules before submitting: company names
// counted as the gateway counts them, pasted numbers, the search filter and termination's
// typed confirmation. Its copies must agree with the gateway's own (src/domain/optOut.ts).
import { describe, expect, it } from "vitest";
import * as optout from "../src/console/optout/rules.ts";
import * as domainOptOut from "../src/domain/optOut.ts";
import { domainFields, MESSY_NUMBERS as NUMBERS } from "./helpers/ruleCopies.ts";

describe("the console's 080 opt-out rules", () => {
  it("are the gateway's limits", () => {
    expect(optout.COMPANY_NAME_MAX).toBe(domainOptOut.COMPANY_NAME_MAX);
    expect(optout.NUMBERS_PER_CALL).toBe(domainOptOut.OPT_OUT_NUMBERS_PER_CALL);
    expect(optout.NUMBER_MIN_DIGITS).toBe(domainOptOut.OPT_OUT_NUMBER_MIN_DIGITS);
    expect(optout.NUMBER_MAX_DIGITS).toBe(domainOptOut.OPT_OUT_NUMBER_MAX_DIGITS);
  });

  it("count company names as the gateway does: NFC, trimmed, by code point", () => {
    const jamo = "\u1100\u1161".repeat(20); // 20 syllables typed as 40 separate jamo
    const cases = [
      "",
      "   ",
      "Campaign Co",
      " 가나다 ",
      jamo,
      "가".repeat(21),
      "😀".repeat(20),
      "😀".repeat(21),
    ];
    for (const name of cases) {
      const theirs = domainFields(() => domainOptOut.cleanCompanyName(name)).length > 0;
      expect(optout.checkCompanyName(name) !== null, name).toBe(theirs);
    }
    expect(optout.companyNameLength(jamo)).toBe(20);
    expect(optout.companyNameLength("😀".repeat(20))).toBe(20);
    expect(optout.checkCompanyName("  ")).toBe("companyEmpty");
    expect(optout.checkCompanyName("가".repeat(21))).toBe("companyTooLong");
  });

  it("give the same code as the gateway for every pasted value", () => {
    for (const raw of NUMBERS) {
      const mine = optout.checkOptOutNumber(raw);
      const theirs = domainOptOut.normalizeOptOutNumber(raw);
      expect(mine, raw).toEqual(theirs.ok ? { number: theirs.number } : { code: theirs.code });
    }
  });

  it("read a paste one number per line, naming bad lines by their line in the textarea", () => {
    const parsed = optout.parseNumberLines("010-2222-3333\r\n\n010 2222 4444\n12ab\n01022223333\n");
    expect(parsed.values).toEqual(["010-2222-3333", "010 2222 4444", "12ab", "01022223333"]);
    expect(parsed.invalid).toEqual([{ line: 4, value: "12ab", code: "INVALID_CHARACTERS" }]);
    expect(parsed.distinct).toBe(2);
    expect(optout.checkNumberLines(parsed)).toBe("numbersInvalid");
    expect(optout.checkNumberLines(optout.parseNumberLines("\n \n"))).toBe("numbersEmpty");
    const many = Array.from({ length: 1001 }, (_, i) => String(10_000_000 + i)).join("\n");
    expect(optout.checkNumberLines(optout.parseNumberLines(many))).toBe("numbersTooMany");
    const limit = Array.from({ length: 1000 }, (_, i) => String(10_000_000 + i)).join("\n");
    expect(optout.checkNumberLines(optout.parseNumberLines(limit))).toBeNull();
    // The gateway agrees on what is wrong and where (its index counts the values sent, from 0).
    const batch = domainOptOut.normalizeNumberBatch(parsed.values);
    expect(batch.invalid.map((i) => parsed.values[i.index])).toEqual(["12ab"]);
    expect(batch.numbers).toHaveLength(parsed.distinct);
  });

  it("check the search filter as the gateway does", () => {
    const base = { from: "", to: "", source: "" } as const;
    for (const prefix of ["0", "010-2222", "010 2222 4444", "0102222444455", "12a", "(010)"]) {
      const theirs = domainFields(() => domainOptOut.normalizeNumberPrefix(prefix)).length > 0;
      expect(optout.checkSearch({ ...base, number: prefix }).length > 0, prefix).toBe(theirs);
    }
    expect(
      optout.checkSearch({ ...base, number: "", from: "2000-01-02T00:00", to: "2000-01-01T00:00" }),
    ).toEqual([{ field: "to", rule: "toBeforeFrom" }]);
    expect(
      optout.checkSearch({ ...base, number: "", from: "2000-01-01T00:00", to: "2000-01-01T00:00" }),
    ).toEqual([]);
    expect(optout.searchFilter({ number: "010-22", from: "", to: "", source: "ARS" })).toEqual({
      number: "01022",
      source: "ARS",
    });
    expect(optout.localToIso("")).toBeNull();
    expect(optout.localToIso("2000-01-01T00:00")).toBe(new Date(2000, 0, 1).toISOString());
  });

  it("terminate only when the 080 number is typed back", () => {
    expect(optout.terminationConfirmed("080-123-4567", "0801234567")).toBe(true);
    expect(optout.terminationConfirmed("0801234568", "0801234567")).toBe(false);
    expect(optout.terminationConfirmed("", "0801234567")).toBe(false);
  });
});
