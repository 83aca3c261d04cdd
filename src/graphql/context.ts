// The per-operation context shared by every resolver.
import type { Logger } from "../logger.ts";
import type { Actor, Deps } from "../services/deps.ts";

export interface GraphQLContext {
  deps: Deps;
  /** null for anonymous requests: only introspection works without a key. */
  actor: Actor | null;
  requestId: string;
  logger: Logger;
  limits: { depth: number; complexity: number };
}

/** The caller, for resolvers guarded by the `member` scope (never null there). */
export function actorOf(ctx: GraphQLContext): Actor {
  if (!ctx.actor) throw new Error("actorOf called without an authenticated actor");
  return ctx.actor;
}
