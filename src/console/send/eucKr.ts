// EUC-KR (code page 949) byte counting in the browser, read from the very table the
// gateway's encoder uses (iconv-lite's cp949 table, src/domain/bytes.ts): ASCII counts 1
// byte, every other character of the code page 2, anything else cannot be sent and is
// named. test/console-send-rules.test.ts compares it with the gateway on every BMP character.
import cp949 from "iconv-lite/encodings/tables/cp949.json" with { type: "json" };

export interface Unencodable {
  char: string;
  /** U+XXXX */
  codePoint: string;
  /** Position in code points (an emoji is one), from 0. */
  index: number;
}

export interface ByteCount {
  bytes: number;
  unencodable: Unencodable[];
}

type TableChunk = readonly (string | number)[];

/**
 * Every code point the table maps to. A chunk is [start address, …parts]: a string part
 * lists characters for consecutive addresses, a number part continues the previous
 * character with that many following code points.
 */
export function codePointsOfTable(chunks: readonly TableChunk[]): Set<number> {
  const found = new Set<number>();
  for (const chunk of chunks) {
    let previous = -1;
    for (const part of chunk.slice(1)) {
      if (typeof part === "number") {
        for (let n = 0; n < part; n++) found.add(++previous);
        continue;
      }
      for (const char of part) {
        previous = char.codePointAt(0)!;
        found.add(previous);
      }
    }
  }
  return found;
}

let encodable: Set<number> | undefined;

/** Measures `text` as the gateway does: bytes of the encodable characters, the rest named. */
export function countEucKr(text: string): ByteCount {
  encodable ??= codePointsOfTable(cp949 as readonly TableChunk[]);
  let bytes = 0;
  let index = 0;
  const unencodable: Unencodable[] = [];
  for (const char of text) {
    const cp = char.codePointAt(0)!;
    if (cp < 0x80) bytes += 1;
    else if (encodable.has(cp)) bytes += 2;
    else
      unencodable.push({
        char,
        codePoint: `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`,
        index,
      });
    index++;
  }
  return { bytes, unencodable };
}
