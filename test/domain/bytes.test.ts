// docs/sending.md#bytes: EUC-KR (code page 949) bytes, unencodable characters named.
import { describe, expect, it } from "vitest";
import { encodeEucKr, measureEucKr } from "../../src/domain/bytes.ts";

describe("EUC-KR byte counting", () => {
  it("counts ASCII as 1 byte and Hangul as 2", () => {
    expect(measureEucKr("Hello")).toEqual({ bytes: 5, unencodable: [] });
    expect(measureEucKr("안녕하세요")).toEqual({ bytes: 10, unencodable: [] });
    expect(measureEucKr("(광고) 080-123-4567")).toEqual({
      bytes: 1 + 4 + 1 + 1 + 12,
      unencodable: [],
    });
  });

  it("counts kana, hanja and symbols of the code page as 2 bytes", () => {
    expect(measureEucKr("アイ漢【】★").bytes).toBe(12);
  });

  it("counts Hangul syllables outside KS X 1001 but inside CP949 (e.g. 똠) as 2 bytes", () => {
    expect(measureEucKr("똠뷁").bytes).toBe(4);
  });

  it("names every character the code page cannot encode, by code point and position", () => {
    const m = measureEucKr("Hi 😀 there £");
    expect(m.unencodable).toEqual([
      { char: "😀", codePoint: "U+1F600", index: 3 },
      { char: "£", codePoint: "U+00A3", index: 11 },
    ]);
  });

  it("never treats a real question mark as a substitution", () => {
    expect(measureEucKr("Why?? 왜?")).toEqual({ bytes: 5 + 1 + 2 + 1, unencodable: [] });
  });

  it("80 bytes is exactly 40 Hangul characters or 80 ASCII characters", () => {
    expect(measureEucKr("가".repeat(40)).bytes).toBe(80);
    expect(measureEucKr("a".repeat(80)).bytes).toBe(80);
  });

  it("encodes to the same number of bytes it measures, and refuses to encode unencodable text", () => {
    const text = "주문 #123 배송 시작 ★";
    expect(encodeEucKr(text).length).toBe(measureEucKr(text).bytes);
    expect(() => encodeEucKr("🎉")).toThrow(/U\+1F389/);
  });
});
