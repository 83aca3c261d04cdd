// The per-operation context shared by every resolver.
import type { Logger } from "../logger.ts";
import type { Actor, Deps } from "../services/deps.ts";

export interface GraphQLContext {
  deps: Deps;
  /** null for anonymous requests: only introspection works without a key. */
  actor: Actor | null;
  requestId: string;
  logger: Logger;
  /** subscriptionQueue: events buffered per subscriber before it is cut off (SUBSCRIPTION_QUEUE_LIMIT). */
  limits: { depth: number; complexity: number; subscriptionQueue: number };
}

/** The caller, for resolvers guarded by the `member` scope (never null there). */
export function actorOf(ctx: GraphQLContext): Actor {
  if (!ctx.actor) throw new Error("actorOf called without an authenticated actor");
  return ctx.actor;
}
