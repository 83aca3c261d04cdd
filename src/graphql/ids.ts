// Relay global ids in arguments. A malformed id, or one of another type, is reported the
// same way as a missing object so ids stay opaque.
import { decodeGlobalID } from "@pothos/plugin-relay";
import { NotFoundError } from "../domain/errors.ts";

/** Our database ids are cuids; anything else (NUL bytes, junk) can never match a row. */
const DB_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Types whose SENS REST ids (the raw database id) are accepted too, so a team mixing the
 * REST and GraphQL APIs can follow a REST send in GraphQL. No ambiguity: a Relay id is
 * base64 of "Type:id" and never looks like one of our lowercase cuids.
 */
const REST_FORM = new Set(["MessageRequest", "Message"]);
const CUID = /^c[0-9a-z]{20,40}$/;

export function decodeId(typename: string, globalId: string | number): string {
  const raw = String(globalId);
  try {
    const { typename: t, id } = decodeGlobalID(raw);
    if (t === typename && DB_ID.test(id)) return id;
  } catch {
    // fall through
  }
  if (REST_FORM.has(typename) && CUID.test(raw)) return raw;
  throw new NotFoundError(typename, raw);
}

/** For node lookups: a malformed database id becomes one that matches nothing. */
export const safeDbId = (id: string): string => (DB_ID.test(id) ? id : "-");

/** Who a node lookup is for: the operation's caller, when it has one. */
interface Caller {
  actor?: { accountId: string } | null;
}

/**
 * findUnique of a node that belongs to the caller's account and to a project that is not
 * deleted: another account's id, or a deleted project's row, is missing like a wrong id.
 */
export const inLiveProject = (id: string, ctx: Caller) => ({
  id: safeDbId(id),
  accountId: ctx.actor?.accountId ?? "",
  project: { deletedAt: null },
});

/** The same for a node that belongs to a schedule (templates, occurrences). */
export const inLiveSchedule = (id: string, ctx: Caller) => ({
  id: safeDbId(id),
  accountId: ctx.actor?.accountId ?? "",
  schedule: { project: { deletedAt: null } },
});
