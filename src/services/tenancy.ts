// Where-clauses that keep every read and write inside the caller's account. Shared by the
// services (and the GraphQL lookups) without importing each other.
import type { Actor } from "./deps.ts";

/** A project of the caller's account that is not deleted. */
export const liveProject = (actor: Actor, id: string) => ({
  id,
  accountId: actor.accountId,
  deletedAt: null,
});
