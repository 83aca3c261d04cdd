// Byte counting for message limits (docs/sending.md#bytes): text is measured as EUC-KR / code page 949
// — ASCII 1 byte, everything the code page holds 2 bytes. A character the code page cannot
// encode is reported by name; it is never silently replaced (iconv-lite, like most
// encoders, would substitute "?" without telling).
import iconv from "iconv-lite";

export interface UnencodableChar {
  char: string;
  /** Code point as U+XXXX. */
  codePoint: string;
  /** Index in code points (not UTF-16 units), so emoji count as one position. */
  index: number;
}

export interface Measurement {
  bytes: number;
  unencodable: UnencodableChar[];
}

/** Per-character cache: encodability never changes, and texts repeat characters a lot. */
const encodable = new Map<number, boolean>();

function isEncodable(cp: number, char: string): boolean {
  let known = encodable.get(cp);
  if (known === undefined) {
    const out = iconv.encode(char, "cp949");
    // iconv-lite's substitute for an unmappable character is a single "?" byte.
    known = !(out.length === 1 && out[0] === 0x3f);
    encodable.set(cp, known);
  }
  return known;
}

export function measureEucKr(text: string): Measurement {
  let bytes = 0;
  let index = 0;
  let unencodable: UnencodableChar[] | undefined;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) {
      bytes += 1;
      index++;
      continue;
    }
    const cp = text.codePointAt(i)!;
    const char = String.fromCodePoint(cp);
    if (cp > 0xffff) i++; // the low surrogate of a pair
    if (isEncodable(cp, char)) bytes += 2;
    else
      (unencodable ??= []).push({
        char,
        codePoint: `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`,
        index,
      });
    index++;
  }
  return { bytes, unencodable: unencodable ?? [] };
}

/** Exact CP949 bytes of an encodable text (for carriers that need them). */
export function encodeEucKr(text: string): Buffer {
  const m = measureEucKr(text);
  if (m.unencodable.length)
    throw new Error(`not encodable in EUC-KR: ${m.unencodable.map((u) => u.codePoint).join(", ")}`);
  return iconv.encode(text, "cp949");
}
