// Ids for rows we insert in bulk (Prisma's cuid default covers the rest): time-ordered,
// collision-resistant across processes, URL-safe, and matching the id pattern the GraphQL
// layer accepts. Format: "c" + 9 chars of ms time + 4 chars counter + 8 random chars, base36.
import { randomBytes } from "node:crypto";

let counter = Math.floor(Math.random() * 36 ** 4);
let pool = randomBytes(0);
let poolAt = 0;

function random8(): string {
  if (poolAt + 6 > pool.length) {
    pool = randomBytes(6 * 4096);
    poolAt = 0;
  }
  const n = pool.readUIntBE(poolAt, 6);
  poolAt += 6;
  return n.toString(36).padStart(8, "0").slice(-8);
}

export function newId(): string {
  counter = (counter + 1) % 36 ** 4;
  return `c${Date.now().toString(36).padStart(9, "0")}${counter.toString(36).padStart(4, "0")}${random8()}`;
}
