// The message status event log (docs/realtime.md#status-events): reading events back for
// replay, and the wire format they travel in over pub/sub. They are appended by db/events.ts
// inside the transaction that changes the status.
import type { Db } from "../db/client.ts";
import type { StatusEvent } from "../db/events.ts";
import type { MessageResult, MessageStatus } from "../domain/messageStatus.ts";

export type { NewStatusEvent, StatusEvent } from "../db/events.ts";

/** Which events a subscriber wants: a whole project, or one request or message in it. */
export interface EventScope {
  accountId: string;
  projectId: string;
  requestId?: string | undefined;
  messageId?: string | undefined;
}

export const inScope = (scope: EventScope, e: StatusEvent): boolean =>
  e.projectId === scope.projectId &&
  (!scope.requestId || e.requestId === scope.requestId) &&
  (!scope.messageId || e.messageId === scope.messageId);

/**
 * Committed events of the scope with afterSeq < seq ≤ upToSeq, in seq order, at most
 * `limit`. Reads go through Prisma's connection: on SQLite the raw connection may be inside
 * a writer's open transaction, and replay must never see uncommitted rows.
 */
export async function readStatusEvents(
  db: Db,
  scope: EventScope,
  afterSeq: number,
  upToSeq: number,
  limit: number,
): Promise<StatusEvent[]> {
  const rows = await db.messageStatusEvent.findMany({
    where: {
      projectId: scope.projectId,
      accountId: scope.accountId,
      seq: { gt: afterSeq, lte: upToSeq },
      ...(scope.requestId ? { requestId: scope.requestId } : {}),
      ...(scope.messageId ? { messageId: scope.messageId } : {}),
    },
    orderBy: { seq: "asc" },
    take: limit,
    include: { message: { select: { completeTime: true } } },
  });
  return rows.map((r) => ({
    accountId: r.accountId,
    projectId: r.projectId,
    requestId: r.requestId,
    messageId: r.messageId,
    status: r.status,
    result: r.result,
    resultCode: r.resultCode,
    resultMessage: r.resultMessage,
    telcoCode: r.telcoCode,
    // COMPLETED is terminal, so the message's completeTime is the one this event announced.
    completeTime: r.status === "COMPLETED" ? r.message.completeTime : null,
    seq: r.seq,
    createdAt: r.createdAt,
  }));
}

/** The highest committed seq of a project (0 when it has no events yet). */
export async function lastCommittedSeq(db: Db, projectId: string): Promise<number> {
  const p = await db.project.findUnique({ where: { id: projectId }, select: { eventSeq: true } });
  return p?.eventSeq ?? 0;
}

/** How stale a shared head read may be; it only backs the lost-publish safety net. */
const SHARED_HEAD_TTL_MS = 1000;
const sharedHeads = new WeakMap<Db, Map<string, { at: number; seq: Promise<number> }>>();

/**
 * lastCommittedSeq shared by every subscription of a project in this process: thousands of
 * idle subscribers re-checking for lost publishes cost one read per project per second, not
 * one each. Not for subscribe-time reads, which must be exact.
 */
export function sharedLastCommittedSeq(db: Db, projectId: string): Promise<number> {
  let perDb = sharedHeads.get(db);
  if (!perDb) sharedHeads.set(db, (perDb = new Map()));
  const now = Date.now();
  const cached = perDb.get(projectId);
  if (cached && now - cached.at < SHARED_HEAD_TTL_MS) return cached.seq;
  const seq = lastCommittedSeq(db, projectId);
  perDb.set(projectId, { at: now, seq });
  seq.catch(() => perDb.delete(projectId));
  return seq;
}

// ── wire format ──────────────────────────────────────────────────────────────────────
// Compact positional arrays: a busy project publishes thousands of events per second.

type WireEvent = [
  number,
  string,
  string,
  string,
  string,
  MessageStatus,
  MessageResult | null,
  string | null,
  string | null,
  string | null,
  number | null,
  number,
];

export function encodeEvents(events: readonly StatusEvent[]): string {
  return JSON.stringify(
    events.map(
      (e): WireEvent => [
        e.seq,
        e.accountId,
        e.projectId,
        e.requestId,
        e.messageId,
        e.status,
        e.result,
        e.resultCode,
        e.resultMessage,
        e.telcoCode,
        e.completeTime?.getTime() ?? null,
        e.createdAt.getTime(),
      ],
    ),
  );
}

export function decodeEvents(text: string): StatusEvent[] {
  return (JSON.parse(text) as WireEvent[]).map(
    ([
      seq,
      accountId,
      projectId,
      requestId,
      messageId,
      status,
      result,
      resultCode,
      resultMessage,
      telcoCode,
      completeTime,
      createdAt,
    ]) => ({
      seq,
      accountId,
      projectId,
      requestId,
      messageId,
      status,
      result,
      resultCode,
      resultMessage,
      telcoCode,
      completeTime: completeTime === null ? null : new Date(completeTime),
      createdAt: new Date(createdAt),
    }),
  );
}
