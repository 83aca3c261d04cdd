// The subscription use cases behind the GraphQL fields: authorize the scope, pick where the
// stream starts, open it. Transport-free, like a service: GraphQL (ws and SSE) calls these.
import { flushThreshold, StatusBatches } from "./batches.ts";
import { Channel } from "./channel.ts";
import type { ProgressCounts } from "./progress.ts";
import { openProgressStream, type ProgressSnapshot } from "./progress.ts";
import { lastCommittedSeq, readStatusEvents, type EventScope } from "./events.ts";
import { openStatusStream, type StatusStreamDeps, type StreamItem } from "./resume.ts";
import { resolveScope, type ScopeTarget } from "./scope.ts";
import type { Actor } from "../services/deps.ts";

/** Seq is a 32-bit integer column. */
const MAX_SEQ = 2 ** 31 - 1;
/** Reservation statuses after which its request will never have messages. */
const NEVER_SENT = new Set(["CANCELED", "SKIP", "STALE"]);

/** A stream that is already complete: the stored events, then the end. */
function finite(items: StreamItem[]): Channel<StreamItem> {
  const channel = new Channel<StreamItem>();
  for (const item of items) channel.push(item);
  channel.end();
  return channel;
}

/**
 * Status events of one project, request or message of the actor's account.
 *
 * A project stream is live (or resumes after `afterSeq`). Request and message streams are
 * bounded and their events stored, so without `afterSeq` they start at the scope's first
 * event: a client that sends and then subscribes gets PROCESSING too, however fast the
 * dispatcher was. A message stream ends with the message's COMPLETED event, a request stream
 * with the COMPLETED event of its last message (or at once when it will never have
 * messages: a canceled, skipped or stale reservation, a schedule's template).
 */
export async function subscribeStatusEvents(
  deps: StatusStreamDeps,
  actor: Actor,
  target: ScopeTarget,
  options: { afterSeq: number | null; queueLimit: number },
): Promise<Channel<StreamItem>> {
  const { db } = deps;
  const scope = await resolveScope(db, actor, target);
  if (!scope.requestId) return openStatusStream(deps, scope, options);
  const from = options.afterSeq ?? (await seqBeforeFirstEvent(deps, scope));
  if (!scope.messageId) return requestStream(deps, scope, from, options.queueLimit);
  const message = await db.message.findUnique({
    where: { id: scope.messageId },
    select: { status: true },
  });
  // A message's completion event is committed with its status: if it is COMPLETED, the log has everything.
  if (message?.status === "COMPLETED")
    return finite(await readStatusEvents(db, scope, from, MAX_SEQ, 100));
  return openStatusStream(deps, scope, {
    afterSeq: from,
    queueLimit: options.queueLimit,
    endAfter: (e) => e.status === "COMPLETED",
  });
}

/**
 * The seq right before the scope's first event; the project's head when it has none yet.
 * The head is read first: an event committed after that read has a greater seq, so the
 * stream hears it live or reads it from the log — never neither.
 */
async function seqBeforeFirstEvent(deps: StatusStreamDeps, scope: EventScope): Promise<number> {
  const head = await lastCommittedSeq(deps.db, scope.projectId);
  const first = await deps.db.messageStatusEvent.findFirst({
    where: {
      projectId: scope.projectId,
      requestId: scope.requestId!,
      ...(scope.messageId ? { messageId: scope.messageId } : {}),
      seq: { lte: head },
    },
    orderBy: { seq: "asc" },
    select: { seq: true },
  });
  return first ? first.seq - 1 : head;
}

/** A request's events after `from`, ending once every one of its messages is COMPLETED. */
async function requestStream(
  deps: StatusStreamDeps,
  scope: EventScope,
  from: number,
  queueLimit: number,
): Promise<Channel<StreamItem>> {
  const { db, pubsub } = deps;
  const requestId = scope.requestId!;
  const request = await db.messageRequest.findUniqueOrThrow({
    where: { id: requestId },
    select: {
      recipientCount: true,
      mode: true,
      occurrenceId: true,
      reservation: { select: { id: true } },
    },
  });
  // A template's occurrences send through requests of their own.
  if (request.mode === "SCHEDULE" && !request.occurrenceId) return finite([]);
  // Every message completes exactly once, so counting COMPLETED events is exact.
  let completed = await db.messageStatusEvent.count({
    where: { requestId, status: "COMPLETED", seq: { lte: from } },
  });
  const total = request.recipientCount;
  if (completed >= total) return finite([]);

  let endWhen: ((end: () => void) => () => void) | undefined;
  const reservationId = request.reservation?.id;
  if (reservationId) {
    // Listen before reading the status, so a cancellation in between still ends the stream.
    let cut = false;
    let end: (() => void) | null = null;
    const unsubscribe = await pubsub.subscribeNotices(scope.projectId, (notices) => {
      if (
        !notices.some(
          (n) =>
            n.kind === "reservation" &&
            n.reservationId === reservationId &&
            NEVER_SENT.has(n.status),
        )
      )
        return;
      cut = true;
      end?.();
    });
    const reservation = await db.reservation.findUnique({
      where: { id: reservationId },
      select: { status: true },
    });
    if (!reservation || NEVER_SENT.has(reservation.status)) {
      unsubscribe();
      return finite([]);
    }
    endWhen = (finish) => {
      end = finish;
      if (cut) finish();
      return unsubscribe;
    };
  }
  return openStatusStream(deps, scope, {
    afterSeq: from,
    queueLimit,
    endAfter: (e) => e.status === "COMPLETED" && ++completed >= total,
    ...(endWhen ? { endWhen } : {}),
  });
}

/**
 * The same stream as subscribeStatusEvents (same scope check, start, end and overflow), read
 * in batches of at most `maxEvents`: whatever waits for the subscriber when it is ready.
 */
export async function subscribeStatusBatches(
  deps: StatusStreamDeps,
  actor: Actor,
  target: ScopeTarget,
  options: { afterSeq: number | null; queueLimit: number; maxEvents: number },
): Promise<StatusBatches> {
  const { maxEvents, queueLimit } = options;
  const events = await subscribeStatusEvents(deps, actor, target, options);
  return new StatusBatches(events, maxEvents, flushThreshold(maxEvents, queueLimit));
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
