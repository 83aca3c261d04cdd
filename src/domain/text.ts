// Which characters a text input may hold. One rule for every String/ID input of GraphQL
// and every string of a REST body, so a new field cannot slip (graphql/textInput.ts, rest/).
//
// Refused everywhere: C0 controls (U+0000–U+001F) other than tab, line feed and carriage
// return, DEL (U+007F), C1 controls (U+0080–U+009F) and lone UTF-16 surrogates. Tab, LF and
// CR are allowed only in multi-line fields (message content, descriptions, reasons), never
// in names, codes, ids or numbers. Why: PostgreSQL cannot store NUL in text at all, a lone
// surrogate cannot be encoded as UTF-8 (Prisma fails serialising it), and the other
// controls are invisible in a console, never sendable as EUC-KR, and make "same name"
// checks lie — so the same input is refused on SQLite and PostgreSQL alike.

export type TextShape = "line" | "multiline";

export interface TextFlaw {
  /** The offending UTF-16 unit (a control character or a lone surrogate half). */
  codeUnit: number;
  /** 1-based position in code points, as the EUC-KR report counts them. */
  position: number;
  kind: "control" | "surrogate";
}

const LINE_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const MULTILINE_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const C0_NAMES = [
  "NUL",
  "SOH",
  "STX",
  "ETX",
  "EOT",
  "ENQ",
  "ACK",
  "BEL",
  "BS",
  "TAB",
  "LF",
  "VT",
  "FF",
  "CR",
  "SO",
  "SI",
  "DLE",
  "DC1",
  "DC2",
  "DC3",
  "DC4",
  "NAK",
  "SYN",
  "ETB",
  "CAN",
  "EM",
  "SUB",
  "ESC",
  "FS",
  "GS",
  "RS",
  "US",
];

/** The first character `value` may not hold, or null. Cheap for clean text: two regex scans. */
export function findTextFlaw(value: string, shape: TextShape): TextFlaw | null {
  const control = (shape === "line" ? LINE_CONTROL : MULTILINE_CONTROL).exec(value);
  const surrogate = LONE_SURROGATE.exec(value);
  const first =
    control && surrogate
      ? control.index < surrogate.index
        ? control
        : surrogate
      : (control ?? surrogate);
  if (!first) return null;
  const index = first.index;
  return {
    codeUnit: value.charCodeAt(index),
    position: codePointCount(value, index) + 1,
    kind: first === control ? "control" : "surrogate",
  };
}

function codePointCount(value: string, end: number): number {
  let n = 0;
  for (let i = 0; i < end; i++) {
    const c = value.charCodeAt(i);
    // A high surrogate followed by a low one is one code point.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

const hex = (unit: number) => `U+${unit.toString(16).toUpperCase().padStart(4, "0")}`;

/** "U+0000 (NUL)", "U+007F (DEL)", "U+0085 (C1 control)", "U+D800 (lone surrogate)". */
export function characterName(flaw: TextFlaw): string {
  if (flaw.kind === "surrogate") return `${hex(flaw.codeUnit)} (lone surrogate)`;
  const name =
    flaw.codeUnit < 0x20 ? C0_NAMES[flaw.codeUnit] : flaw.codeUnit === 0x7f ? "DEL" : "C1 control";
  return `${hex(flaw.codeUnit)} (${name})`;
}

/** The human message for a refused value of `field` (a dotted path such as input.name). */
export function describeTextFlaw(field: string, flaw: TextFlaw, shape: TextShape): string {
  if (flaw.kind === "surrogate") {
    return `${field} contains ${characterName(flaw)} at position ${flaw.position}: not valid Unicode text`;
  }
  const allowed =
    shape === "multiline"
      ? "; only tab, line feed and carriage return are allowed"
      : "; this field allows no control characters";
  return `${field} contains the control character ${characterName(flaw)} at position ${flaw.position}${allowed}`;
}
