// Relay global ids in arguments. A malformed id, or one of another type, is reported the
// same way as a missing object so ids stay opaque.
import { decodeGlobalID } from "@pothos/plugin-relay";
import { NotFoundError } from "../domain/errors.ts";

/** Our database ids are cuids; anything else (NUL bytes, junk) can never match a row. */
const DB_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function decodeId(typename: string, globalId: string | number): string {
  const raw = String(globalId);
  try {
    const { typename: t, id } = decodeGlobalID(raw);
    if (t === typename && DB_ID.test(id)) return id;
  } catch {
    // fall through
  }
  throw new NotFoundError(typename, raw);
}

/** For node lookups: a malformed database id becomes one that matches nothing. */
export const safeDbId = (id: string): string => (DB_ID.test(id) ? id : "-");
