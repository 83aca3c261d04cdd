// The text rule of every input (src/domain/text.ts): which characters are refused, where.
import { describe, expect, it } from "vitest";
import { characterName, describeTextFlaw, findTextFlaw } from "../../src/domain/text.ts";

describe("findTextFlaw", () => {
  it("passes clean text, emoji (surrogate pairs) and Hangul", () => {
    expect(findTextFlaw("주문 🚀 ok", "line")).toBeNull();
  });

  it("refuses tab, LF and CR in single-line text but not in multi-line text", () => {
    for (const c of ["\t", "\n", "\r"]) {
      expect(findTextFlaw(`a${c}b`, "line")).toMatchObject({
        kind: "control",
        codeUnit: c.charCodeAt(0),
        position: 2,
      });
      expect(findTextFlaw(`a${c}b`, "multiline")).toBeNull();
    }
  });

  it("refuses every other C0 control, DEL and C1 controls in both shapes", () => {
    for (const unit of [0x00, 0x07, 0x0b, 0x0c, 0x1b, 0x1f, 0x7f, 0x80, 0x85, 0x9f]) {
      expect(findTextFlaw(`x${String.fromCharCode(unit)}`, "multiline")?.codeUnit).toBe(unit);
    }
    expect(findTextFlaw("\u00a0", "line")).toBeNull(); // NBSP is text, not a control
  });

  it("refuses lone high and low surrogates, counting positions in code points", () => {
    expect(findTextFlaw("🚀\ud800", "line")).toEqual({
      kind: "surrogate",
      codeUnit: 0xd800,
      position: 2,
    });
    expect(findTextFlaw("a\udc00🚀", "line")).toEqual({
      kind: "surrogate",
      codeUnit: 0xdc00,
      position: 2,
    });
    expect(findTextFlaw("\ud83d", "line")?.kind).toBe("surrogate"); // half an emoji at the end
  });

  it("reports the first flaw when there are several", () => {
    expect(findTextFlaw("ab\ud800c\u0000", "line")).toMatchObject({
      kind: "surrogate",
      position: 3,
    });
    expect(findTextFlaw("a\u0000\ud800", "line")).toMatchObject({ kind: "control", position: 2 });
  });

  it("names the character and the field", () => {
    const flaw = findTextFlaw("ab\u0000", "line")!;
    expect(characterName(flaw)).toBe("U+0000 (NUL)");
    expect(describeTextFlaw("input.name", flaw, "line")).toBe(
      "input.name contains the control character U+0000 (NUL) at position 3; this field allows no control characters",
    );
    expect(characterName(findTextFlaw("\u0085", "line")!)).toBe("U+0085 (C1 control)");
  });
});
