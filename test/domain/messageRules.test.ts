// docs/sending.md#types-and-limits: types, limits in EUC-KR bytes, AUTO, MMS without files.
import { describe, expect, it } from "vitest";
import {
  checkShape,
  checkText,
  decideType,
  describeTextIssue,
} from "../../src/domain/messageRules.ts";

describe("message type decision", () => {
  it("AUTO picks SMS when it fits, LMS when longer or with a subject, MMS with files", () => {
    expect(decideType("AUTO", { hasSubject: false, maxContentBytes: 80, fileCount: 0 }).type).toBe(
      "SMS",
    );
    expect(decideType("AUTO", { hasSubject: false, maxContentBytes: 81, fileCount: 0 }).type).toBe(
      "LMS",
    );
    expect(decideType("AUTO", { hasSubject: true, maxContentBytes: 10, fileCount: 0 }).type).toBe(
      "LMS",
    );
    expect(decideType("AUTO", { hasSubject: false, maxContentBytes: 10, fileCount: 1 }).type).toBe(
      "MMS",
    );
  });

  it("an MMS request without files is sent as LMS and says so", () => {
    expect(decideType("MMS", { hasSubject: false, maxContentBytes: 10, fileCount: 0 })).toEqual({
      type: "LMS",
      note: "MMS_WITHOUT_FILES_SENT_AS_LMS",
    });
  });

  it("explicit types stay as requested", () => {
    expect(decideType("SMS", { hasSubject: false, maxContentBytes: 500, fileCount: 0 })).toEqual({
      type: "SMS",
    });
  });
});

describe("shape rules", () => {
  it("SMS has no subject and no files; LMS has no files; MMS has at most 3 files", () => {
    expect(checkShape("SMS", { hasSubject: true, fileCount: 0 })[0]?.path).toEqual(["subject"]);
    expect(checkShape("SMS", { hasSubject: false, fileCount: 1 })[0]?.path).toEqual(["files"]);
    expect(checkShape("LMS", { hasSubject: true, fileCount: 1 })[0]?.path).toEqual(["files"]);
    expect(checkShape("MMS", { hasSubject: true, fileCount: 4 })[0]?.message).toMatch(
      /at most 3 files \(got 4\)/,
    );
    expect(checkShape("MMS", { hasSubject: true, fileCount: 3 })).toEqual([]);
  });
});

describe("text limits in EUC-KR bytes", () => {
  it("SMS content: 80 bytes pass, 81 bytes are rejected with the measured count and the limit", () => {
    expect(checkText("SMS", null, "가".repeat(40))).toEqual([]);
    const issues = checkText("SMS", null, `${"가".repeat(40)}a`);
    expect(issues).toEqual([{ kind: "TOO_LONG", field: "content", bytes: 81, limit: 80 }]);
    expect(describeTextIssue(issues[0]!)).toBe(
      "content is 81 bytes; the limit is 80 bytes (EUC-KR)",
    );
  });

  it("LMS/MMS: subject at most 40 bytes, content at most 2000 bytes", () => {
    expect(checkText("LMS", "가".repeat(20), "a".repeat(2000))).toEqual([]);
    expect(checkText("LMS", "가".repeat(21), "a".repeat(2001))).toEqual([
      { kind: "TOO_LONG", field: "content", bytes: 2001, limit: 2000 },
      { kind: "TOO_LONG", field: "subject", bytes: 42, limit: 40 },
    ]);
  });

  it("emoji are a validation error naming the character, never replaced", () => {
    const [issue] = checkText("SMS", null, "배송 완료 🚚");
    expect(issue).toMatchObject({ kind: "UNENCODABLE", field: "content" });
    expect(describeTextIssue(issue!)).toContain('"🚚" (U+1F69A) at position 7');
  });

  it("empty content is refused", () => {
    expect(checkText("SMS", null, "")).toEqual([{ kind: "EMPTY", field: "content" }]);
  });
});
