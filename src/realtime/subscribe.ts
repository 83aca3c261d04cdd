// The subscription use cases behind the GraphQL fields: authorize the scope, pick where the
// stream starts, open it. Transport-free, like a service: GraphQL (ws and SSE) calls these.
import type { ProgressCounts } from "./progress.ts";
import { openProgressStream, type ProgressSnapshot } from "./progress.ts";
import { readStatusEvents } from "./events.ts";
import { openStatusStream, type StatusStreamDeps, type StreamItem } from "./resume.ts";
import { resolveScope, type ScopeTarget } from "./scope.ts";
import type { Actor } from "../services/deps.ts";

/** Seq is a 32-bit integer column. */
const MAX_SEQ = 2 ** 31 - 1;

async function* finite<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

/**
 * Status events of one project, request or message of the actor's account. A message scope
 * ends with the message's COMPLETED event: without `afterSeq` it starts after the message's
 * latest event seen now (read before its status, so a completion in between is replayed,
 * not missed), and a message already COMPLETED only replays what the client missed.
 */
export async function subscribeStatusEvents(
  deps: StatusStreamDeps,
  actor: Actor,
  target: ScopeTarget,
  options: { afterSeq: number | null; queueLimit: number },
): Promise<AsyncIterable<StreamItem>> {
  const { db } = deps;
  const scope = await resolveScope(db, actor, target);
  if (!scope.messageId) return openStatusStream(deps, scope, options);
  const latest = await db.messageStatusEvent.findFirst({ where: { messageId: scope.messageId }, orderBy: { seq: "desc" }, select: { seq: true } });
  const from = options.afterSeq ?? latest?.seq ?? 0;
  const message = await db.message.findUnique({ where: { id: scope.messageId }, select: { status: true } });
  if (message?.status === "COMPLETED") return finite(await readStatusEvents(db, scope, from, MAX_SEQ, 100));
  return openStatusStream(deps, scope, { afterSeq: from, queueLimit: options.queueLimit, endAfter: (e) => e.status === "COMPLETED" });
}

/** Live counts of one request of the actor's account; `count` computes them (services/messages.ts). */
export async function subscribeRequestProgress(
  deps: StatusStreamDeps,
  actor: Actor,
  requestId: string,
  count: (requestId: string) => Promise<ProgressCounts>,
): Promise<AsyncIterableIterator<ProgressSnapshot>> {
  const scope = await resolveScope(deps.db, actor, { requestId });
  return openProgressStream(deps, { ...scope, requestId }, () => count(requestId));
}
