// The message status event log (docs/realtime.md#status-events): appending events inside the transaction that
// changes the status (with per-project sequence numbers), reading them back for replay, and
// the wire format they travel in over pub/sub.
import type { Db } from "../db/client.ts";
import { insertMany, query, type TxProgram } from "../db/program.ts";
import type { SqlValue } from "../db/raw.ts";
import { newId } from "../ids.ts";

export type MessageStatus = "READY" | "PROCESSING" | "COMPLETED";
export type MessageResult = "SUCCESS" | "FAIL";

/** A status change about to be recorded; `seq` and `createdAt` are assigned on append. */
export interface NewStatusEvent {
  accountId: string;
  projectId: string;
  requestId: string;
  messageId: string;
  status: MessageStatus;
  result: MessageResult | null;
  resultCode: string | null;
  resultMessage: string | null;
  telcoCode: string | null;
  /** Carrier completion time of a COMPLETED message (not stored on the event row: replay reads it from the message). */
  completeTime: Date | null;
}

export interface StatusEvent extends NewStatusEvent {
  /** Per project, strictly increasing and gapless (allocated from Project.eventSeq). */
  seq: number;
  createdAt: Date;
}

const EVENT_COLUMNS = [
  "id",
  "accountId",
  "projectId",
  "seq",
  "messageId",
  "requestId",
  "status",
  "result",
  "resultCode",
  "resultMessage",
  "telcoCode",
  "createdAt",
];
/** PostgreSQL column types, so big batches go in as arrays (db/raw.ts insertMany). */
const EVENT_PG_TYPES = [
  "text",
  "text",
  "text",
  "integer",
  "text",
  "text",
  '"MessageStatus"',
  '"MessageResult"',
  "text",
  "text",
  "text",
  "timestamp(3)",
];

/**
 * Records events inside the caller's transaction (a program, see db/program.ts). Sequence
 * numbers come from bumping Project.eventSeq once per project; that row lock is held until
 * commit, so one project's events commit in seq order and a committed seq N means every
 * seq < N is committed too — the property resume and gap filling rely on. Projects are
 * locked in id order so two transactions touching the same projects cannot deadlock.
 */
export function* appendStatusEvents(
  events: readonly NewStatusEvent[],
  at: Date,
): TxProgram<StatusEvent[]> {
  if (!events.length) return [];
  const byProject = new Map<string, NewStatusEvent[]>();
  for (const e of events) {
    const list = byProject.get(e.projectId);
    if (list) list.push(e);
    else byProject.set(e.projectId, [e]);
  }
  const out: StatusEvent[] = [];
  for (const projectId of [...byProject.keys()].sort()) {
    const list = byProject.get(projectId)!;
    const [row] = yield* query<{ eventSeq: number | bigint | string }>(
      `UPDATE "Project" SET "eventSeq" = "eventSeq" + ? WHERE "id" = ? RETURNING "eventSeq"`,
      [list.length, projectId],
    );
    if (!row) throw new Error(`project ${projectId} vanished while recording status events`);
    const first = Number(row.eventSeq) - list.length + 1;
    list.forEach((e, i) => {
      out.push({ ...e, seq: first + i, createdAt: at });
    });
  }
  yield* insertMany(
    "MessageStatusEvent",
    EVENT_COLUMNS,
    out.map((e): SqlValue[] => [
      newId(),
      e.accountId,
      e.projectId,
      e.seq,
      e.messageId,
      e.requestId,
      e.status,
      e.result,
      e.resultCode,
      e.resultMessage,
      e.telcoCode,
      e.createdAt,
    ]),
    EVENT_PG_TYPES,
  );
  return out;
}

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
