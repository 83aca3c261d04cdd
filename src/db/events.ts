// The message status event log's writes (docs/realtime.md#status-events): events are
// appended inside the transaction that changes the status, with per-project sequence
// numbers. Reading them back and their wire format live in realtime/events.ts.
import type { MessageResult, MessageStatus } from "../domain/messageStatus.ts";
import { newId } from "../ids.ts";
import { insertMany, query, type TxProgram } from "./program.ts";
import type { SqlValue } from "./raw.ts";
import { dateOf, dateOrNull, intOf } from "./sql.ts";

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

/** The partial unique index (migration *_one_completed_event_per_message): one COMPLETED event per message. */
export const ONE_COMPLETED_EVENT_INDEX = "MessageStatusEvent_messageId_completed_key";

/**
 * True when `err` is the database refusing a second COMPLETED event for a message (that
 * index; SQLite names the column instead, and messageId is unique in no other index).
 */
export function isDuplicateCompletedEvent(err: unknown): boolean {
  const e = err as { code?: unknown; constraint?: unknown; message?: unknown } | null;
  if (typeof e !== "object" || e === null) return false;
  if (e.code === "23505") return e.constraint === ONE_COMPLETED_EVENT_INDEX;
  return (
    e.code === "SQLITE_CONSTRAINT_UNIQUE" &&
    typeof e.message === "string" &&
    e.message.includes("MessageStatusEvent.messageId")
  );
}

export interface AppendOptions {
  /**
   * Leave out COMPLETED events of messages that have one already (and repeats within
   * `events`) instead of letting the unique index refuse the whole transaction. A recovery
   * path, after that refusal: the lookup costs a query the normal path does not pay.
   */
  skipRecordedCompletions?: boolean;
}

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
  options: AppendOptions = {},
): TxProgram<StatusEvent[]> {
  if (options.skipRecordedCompletions) events = yield* withoutRecordedCompletions(events);
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

/** `events` without the COMPLETED ones whose message has a COMPLETED event already. */
function* withoutRecordedCompletions(
  events: readonly NewStatusEvent[],
): TxProgram<readonly NewStatusEvent[]> {
  const ids = [...new Set(events.filter((e) => e.status === "COMPLETED").map((e) => e.messageId))];
  if (!ids.length) return events;
  const seen = new Set<string>();
  for (let i = 0; i < ids.length; i += LOOKUP_CHUNK) {
    const chunk = ids.slice(i, i + LOOKUP_CHUNK);
    const rows = yield* query<{ messageId: string }>(
      `SELECT "messageId" FROM "MessageStatusEvent" WHERE "status" = 'COMPLETED' AND "messageId" IN (${chunk.map(() => "?").join(", ")})`,
      chunk,
    );
    for (const r of rows) seen.add(r.messageId);
  }
  return events.filter((e) => {
    if (e.status !== "COMPLETED") return true;
    if (seen.has(e.messageId)) return false;
    seen.add(e.messageId);
    return true;
  });
}

/** Ids per lookup statement (SQLite allows 32k parameters, PostgreSQL 65k). */
const LOOKUP_CHUNK = 1000;

/**
 * A project's committed events with afterSeq < seq ≤ upToSeq, in seq order, at most `limit`,
 * with a COMPLETED event's completeTime from its message: one statement on the program
 * runner's connection (`ProgramRunner.read`), which never holds an open transaction across
 * an event-loop turn, so it sees committed rows only. For the webhook worker, which reads
 * every event of the log back and would otherwise spend the dispatcher's main-thread time
 * in Prisma's row mapping.
 */
export function* readProjectStatusEvents(
  accountId: string,
  projectId: string,
  afterSeq: number,
  upToSeq: number,
  limit: number,
): TxProgram<StatusEvent[]> {
  const rows = yield* query(
    `SELECT e."accountId", e."projectId", e."requestId", e."messageId", e."status", e."result",
       e."resultCode", e."resultMessage", e."telcoCode", e."seq", e."createdAt", m."completeTime"
     FROM "MessageStatusEvent" e JOIN "Message" m ON m."id" = e."messageId"
     WHERE e."projectId" = ? AND e."accountId" = ? AND e."seq" > ? AND e."seq" <= ?
     ORDER BY e."seq" LIMIT ?`,
    [projectId, accountId, afterSeq, upToSeq, limit],
  );
  return rows.map((r) => ({
    accountId: String(r.accountId),
    projectId: String(r.projectId),
    requestId: String(r.requestId),
    messageId: String(r.messageId),
    status: r.status as MessageStatus,
    result: (r.result ?? null) as MessageResult | null,
    resultCode: (r.resultCode ?? null) as string | null,
    resultMessage: (r.resultMessage ?? null) as string | null,
    telcoCode: (r.telcoCode ?? null) as string | null,
    // COMPLETED is terminal, so the message's completeTime is the one this event announced.
    completeTime: r.status === "COMPLETED" ? dateOrNull(r.completeTime) : null,
    seq: intOf(r.seq),
    createdAt: dateOf(r.createdAt),
  }));
}
