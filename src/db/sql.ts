// Small pieces every table module under db/ shares: IN-list slicing, decoders that turn a raw
// row's values into their TypeScript types once (each provider returns them differently), and
// dialect bits (row locks, enum casts). Status guards of UPDATEs are in guards.ts.
import type { DatabaseConfig } from "../config.ts";
import { readDate } from "./raw.ts";

export type Dialect = DatabaseConfig["provider"];

/** At most this many IN (…) parameters per statement (SQLite's limit is 32766, PostgreSQL's 65535). */
export const IN_CHUNK = 500;

export function chunks<T>(items: readonly T[], size = IN_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** `?, ?, ?` for an IN list of `n` values. */
export const marks = (n: number): string => Array.from({ length: n }, () => "?").join(", ");

/** A NOT NULL DateTime column read through raw SQL. */
export function dateOf(value: unknown): Date {
  const date = readDate(value);
  if (!date) throw new Error("a NOT NULL DateTime column came back null");
  return date;
}

/** A nullable DateTime column read through raw SQL. */
export const dateOrNull = (value: unknown): Date | null => readDate(value);

/** A Boolean column: PostgreSQL gives a boolean, SQLite 0/1. */
export const boolOf = (value: unknown): boolean => value === true || value === 1;

/** An integer column or aggregate: PostgreSQL's COUNT is a bigint string. */
export const intOf = (value: unknown): number => Number(value ?? 0);

/** `FOR UPDATE OF <alias> SKIP LOCKED` on PostgreSQL; SQLite's single writer lock already serialises. */
export const skipLocked = (dialect: Dialect, alias: string): string =>
  dialect === "postgresql" ? `FOR UPDATE OF ${alias} SKIP LOCKED` : "";

/** A parameter bound to a PostgreSQL enum column in an INSERT (SQLite stores enums as TEXT). */
export const enumParam = (dialect: Dialect, type: string): string =>
  dialect === "postgresql" ? `?::"${type}"` : "?";
