// Ids for rows we insert in bulk (Prisma's cuid default covers the rest): time-ordered,
// collision-resistant across processes, URL-safe, and matching the id pattern the GraphQL
// layer accepts. Format: "c" + 9 base36 chars of ms time + 8 random base36 chars chosen once
// per process (and again whenever the counter wraps) + 5 base36 chars of a counter.
// Cheap enough for 100,000 ids per send: one string concatenation per id.
import { randomBytes } from "node:crypto";

const COUNTER_SPAN = 36 ** 5;
let counter = 0;
let processPart = "";
let lastMs = -1;
let timePart = "";

function newProcessPart(): string {
  return (randomBytes(6).readUIntBE(0, 6) % 36 ** 8).toString(36).padStart(8, "0");
}

export function newId(): string {
  const ms = Date.now();
  if (ms !== lastMs) {
    lastMs = ms;
    timePart = ms.toString(36).padStart(9, "0");
  }
  if (counter === 0) processPart = newProcessPart();
  const id = `c${timePart}${processPart}${counter.toString(36).padStart(5, "0")}`;
  counter = (counter + 1) % COUNTER_SPAN;
  return id;
}
