// Message rows: creating them in bulk, and the dispatcher's statements — claiming under a
// lease, keeping and releasing leases, storing carrier references, completing. Every status
// change is guarded by a condition derived from the domain's message machine
// (domain/messageStatus.ts), and the dialect differences live here, nowhere else.
import { messageMachine, type MessageResult } from "../domain/messageStatus.ts";
import type { Message } from "../generated/prisma-sqlite/client.ts";
import {
  columnList,
  MESSAGE_CLAIM_COLUMNS,
  MESSAGE_CREATE_COLUMNS,
  MESSAGE_RESULT_COLUMNS,
  pgTypesOf,
  type MessageClaimColumn,
  type MessageCreateColumn,
  type MessageResultColumn,
} from "./columns.ts";
import { statusGuard, statusLiteral } from "./guards.ts";
import { insertMany, query, type TxProgram } from "./program.ts";
import type { SqlValue } from "./raw.ts";

type Provider = "sqlite" | "postgresql";

// ── creating ───────────────────────────────────────────────────────────────────────────

/** The columns that differ between the messages of one request. */
type PerMessageColumn = "id" | "to" | "subject" | "content";
const PER_MESSAGE: ReadonlySet<string> = new Set<PerMessageColumn>([
  "id",
  "to",
  "subject",
  "content",
]);

export type NewMessage = Pick<Message, PerMessageColumn>;
/** What every message of one request shares (status included: READY, or COMPLETED when blocked). */
export type MessageShared = Pick<Message, Exclude<MessageCreateColumn, PerMessageColumn>>;
export type MessageOutcomeColumns = Pick<Message, MessageResultColumn>;

const CREATE_PG_TYPES = pgTypesOf(MESSAGE_CREATE_COLUMNS);
const COMPLETED_COLUMNS = [...MESSAGE_CREATE_COLUMNS, ...MESSAGE_RESULT_COLUMNS];

/** Positions in a created row filled per message (and their columns); the rest come from what the request shares. */
const SLOT_INDEX: number[] = [];
const SLOT_COLUMN: PerMessageColumn[] = [];
MESSAGE_CREATE_COLUMNS.forEach((c, i) => {
  if (!PER_MESSAGE.has(c)) return;
  SLOT_INDEX.push(i);
  SLOT_COLUMN.push(c as PerMessageColumn);
});

/** Appends the created rows of one request's messages to `out`: copies of one template row (big sends build 100k rows). */
function pushCreateRows(
  shared: MessageShared,
  messages: readonly NewMessage[],
  out: SqlValue[][],
): void {
  const template: SqlValue[] = MESSAGE_CREATE_COLUMNS.map((c) =>
    PER_MESSAGE.has(c) ? null : shared[c as keyof MessageShared],
  );
  const slots = SLOT_INDEX.length;
  for (let j = 0; j < messages.length; j++) {
    const m = messages[j]!;
    const row = template.slice();
    for (let k = 0; k < slots; k++) row[SLOT_INDEX[k]!] = m[SLOT_COLUMN[k]!];
    out.push(row);
  }
}

/**
 * Creates messages of one or more requests in as few statements as the provider allows. The
 * result columns stay NULL: fewer bindings on the hot path of big sends.
 */
export function* insertNewMessages(
  batches: readonly { shared: MessageShared; messages: readonly NewMessage[] }[],
): TxProgram<void> {
  const rows: SqlValue[][] = [];
  for (const { shared, messages } of batches) pushCreateRows(shared, messages, rows);
  yield* insertMany("Message", MESSAGE_CREATE_COLUMNS as string[], rows, CREATE_PG_TYPES);
}

/** Creates messages the gateway completed itself (e.g. opted-out recipients), outcome included. */
export function* insertCompletedMessages(
  rows: readonly { shared: MessageShared; message: NewMessage; outcome: MessageOutcomeColumns }[],
): TxProgram<void> {
  const out: SqlValue[][] = [];
  for (const { shared, message, outcome } of rows) {
    pushCreateRows(shared, [message], out);
    const row = out[out.length - 1]!;
    for (const c of MESSAGE_RESULT_COLUMNS) row.push(outcome[c]);
  }
  yield* insertMany("Message", COMPLETED_COLUMNS, out);
}

// ── claiming ───────────────────────────────────────────────────────────────────────────

/** A message as the dispatcher claimed it (attempt already counted up). */
export type ClaimedMessage = Pick<Message, MessageClaimColumn>;

/** The status a message holds while a dispatcher's lease on it runs. */
const HELD = statusLiteral("PROCESSING");
const CLAIM_READY = statusGuard(messageMachine, ["READY"], "PROCESSING");
/** An expired lease: its worker died or stalled, and the message is claimed again. */
const CLAIM_EXPIRED = `${statusGuard(messageMachine, ["PROCESSING"], "PROCESSING")} AND "leaseUntil" < ?`;
const CLAIM_SET = `"status" = ${statusLiteral("PROCESSING")}, "leaseOwner" = ?, "leaseUntil" = ?`;

/** Cheap read-only probe, so an idle dispatcher does not take the write lock every poll. */
export function* hasClaimableMessages(now: Date): TxProgram<boolean> {
  if ((yield* query(`SELECT "id" FROM "Message" WHERE ${CLAIM_READY} LIMIT 1`)).length) return true;
  return (
    (yield* query(`SELECT "id" FROM "Message" WHERE ${CLAIM_EXPIRED} LIMIT 1`, [now])).length > 0
  );
}

/**
 * Claims up to `limit` messages for `owner` until `leaseUntil`: READY ones, or ones whose
 * lease expired before `now`. Ordering by the (status, leaseUntil) index makes both
 * databases walk that index (oldest leases first) instead of PostgreSQL's bitmap scan,
 * which re-reads every dead entry left by earlier claims of a big burst until vacuum runs;
 * an index scan skips and marks them.
 */
export function* claimMessages(
  provider: Provider,
  which: "ready" | "expired",
  claim: { owner: string; leaseUntil: Date; now: Date; limit: number },
): TxProgram<ClaimedMessage[]> {
  const condition = which === "ready" ? CLAIM_READY : CLAIM_EXPIRED;
  const params: SqlValue[] = [claim.owner, claim.leaseUntil];
  if (which === "expired") params.push(claim.now);
  params.push(claim.limit);
  const rows =
    provider === "postgresql"
      ? // SKIP LOCKED: concurrent dispatchers take disjoint batches instead of queueing on the same rows.
        yield* query<ClaimedMessage>(
          `UPDATE "Message" AS m SET ${CLAIM_SET}, "attempt" = m."attempt" + 1
           FROM (SELECT "id" FROM "Message" WHERE ${condition} ORDER BY "status", "leaseUntil" LIMIT ? FOR UPDATE SKIP LOCKED) AS c
           WHERE m."id" = c."id"
           RETURNING ${columnList(MESSAGE_CLAIM_COLUMNS, "m")}`,
          params,
        )
      : // BEGIN IMMEDIATE already made this transaction the only writer.
        yield* query<ClaimedMessage>(
          `UPDATE "Message" SET ${CLAIM_SET}, "attempt" = "attempt" + 1
           WHERE "id" IN (SELECT "id" FROM "Message" WHERE ${condition} ORDER BY "status", "leaseUntil" LIMIT ?)
           RETURNING ${columnList(MESSAGE_CLAIM_COLUMNS)}`,
          params,
        );
  for (const r of rows) r.attempt = Number(r.attempt);
  return rows;
}

// ── leases ─────────────────────────────────────────────────────────────────────────────

/** Which attempt of which message a dispatcher holds. */
export interface HeldMessage {
  id: string;
  attempt: number;
}

/** Stores a carrier's reference on a held message and extends its lease; false when the lease was lost. */
export function* saveCarrierRef(
  owner: string,
  m: HeldMessage,
  ref: string | null,
  leaseUntil: Date,
): TxProgram<boolean> {
  const rows = yield* query(
    `UPDATE "Message" SET "carrierMessageId" = ?, "leaseUntil" = ?
     WHERE "id" = ? AND "status" = ${HELD} AND "leaseOwner" = ? AND "attempt" = ? RETURNING "id"`,
    [ref, leaseUntil, m.id, owner, m.attempt],
  );
  return rows.length > 0;
}

/** Ends a held lease now, so that any dispatcher takes the message over. */
export function* releaseLease(owner: string, m: HeldMessage, now: Date): TxProgram<void> {
  yield* query(
    `UPDATE "Message" SET "leaseUntil" = ? WHERE "id" = ? AND "status" = ${HELD} AND "leaseOwner" = ? AND "attempt" = ?`,
    [now, m.id, owner, m.attempt],
  );
}

/** Rows per multi-row statement on PostgreSQL (7 parameters each, far below the limit). */
const CHUNK = 1000;

/** Extends the leases `owner` still holds among `ids`; returns the held messages found. */
export function* renewLeases(
  owner: string,
  ids: readonly string[],
  leaseUntil: Date,
): TxProgram<HeldMessage[]> {
  const kept: HeldMessage[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const rows = yield* query<{ id: string; attempt: unknown }>(
      `UPDATE "Message" SET "leaseUntil" = ? WHERE "status" = ${HELD} AND "leaseOwner" = ? AND "id" IN (${chunk.map(() => "?").join(", ")}) RETURNING "id", "attempt"`,
      [leaseUntil, owner, ...chunk],
    );
    for (const r of rows) kept.push({ id: r.id, attempt: Number(r.attempt) });
  }
  return kept;
}

// ── completing ─────────────────────────────────────────────────────────────────────────

export interface MessageOutcome {
  result: MessageResult;
  code: string;
  message: string;
  telcoCode: string | null;
  completeTime: Date;
}

export interface Completion {
  message: HeldMessage;
  outcome: MessageOutcome;
}

const COMPLETE_FROM = messageMachine.sourcesOf("COMPLETED");
const COMPLETE_SET = `"status" = ${statusLiteral("COMPLETED")}`;
const SQLITE_COMPLETE = `UPDATE "Message" SET ${COMPLETE_SET}, "result" = ?, "resultCode" = ?, "resultMessage" = ?, "telcoCode" = ?, "completeTime" = ?, "leaseUntil" = NULL
  WHERE "id" = ? AND ${statusGuard(messageMachine, COMPLETE_FROM, "COMPLETED")} AND "leaseOwner" = ? AND "attempt" = ? RETURNING "id"`;

/** One attempt of one message: what a completion guard matches on. */
const attemptKey = (id: string, attempt: number) => `${id}\u0000${attempt}`;

/**
 * Marks messages COMPLETED if `owner` still holds them (same owner and attempt, in a status
 * the machine lets become COMPLETED) and returns the completions that took effect, at most
 * one per message: that guard is what makes completion exactly-once when a lease expired and
 * another dispatcher took the message over. Matched on id *and* attempt, because one batch
 * can hold two attempts of the same message — a dispatcher stalled past its own lease claims
 * its message again — and only the attempt the row still holds completed it.
 */
export function* completeMessages<C extends Completion>(
  provider: Provider,
  owner: string,
  batch: readonly C[],
): TxProgram<C[]> {
  if (!batch.length) return [];
  const changed = new Set<string>();
  if (provider === "postgresql") {
    // Right after a burst the planner's statistics are stale: it expects one matching
    // row and picks a nested loop that rescans the VALUES list per row (~250k row
    // comparisons per batch of 500). A hash join is right for every batch size, so the
    // nested loop is switched off for the rest of this transaction; the explicit id list
    // keeps a primary-key path open.
    yield* query(`SET LOCAL enable_nestloop = off`);
    for (let i = 0; i < batch.length; i += CHUNK) {
      for (const r of yield* completeChunkPg(owner, batch.slice(i, i + CHUNK)))
        changed.add(attemptKey(r.id, Number(r.attempt)));
    }
  } else {
    // One cached prepared statement per row is the fastest better-sqlite3 path.
    for (const c of batch) {
      const rows = yield* query(SQLITE_COMPLETE, [
        c.outcome.result,
        c.outcome.code,
        c.outcome.message,
        c.outcome.telcoCode,
        c.outcome.completeTime,
        c.message.id,
        owner,
        c.message.attempt,
      ]);
      if (rows.length) changed.add(attemptKey(c.message.id, c.message.attempt));
    }
  }
  // A changed row answers for one completion only, even if the batch held it twice.
  return batch.filter((c) => changed.delete(attemptKey(c.message.id, c.message.attempt)));
}

const PG_COMPLETE_GUARD = statusGuard(messageMachine, COMPLETE_FROM, "COMPLETED", 'm."status"');

function* completeChunkPg(
  owner: string,
  chunk: readonly Completion[],
): TxProgram<{ id: string; attempt: unknown }[]> {
  return yield* query<{ id: string; attempt: unknown }>(
    `UPDATE "Message" AS m SET ${COMPLETE_SET}, "result" = CAST(v.result AS "MessageResult"), "resultCode" = v.code, "resultMessage" = v.msg,
       "telcoCode" = v.telco, "completeTime" = CAST(v.completed_at AS TIMESTAMP(3)), "leaseUntil" = NULL
     FROM (VALUES ${chunk.map(() => "(?, ?, ?, ?, ?, ?, ?)").join(", ")}) AS v(id, attempt, result, code, msg, telco, completed_at)
     WHERE m."id" = v.id AND m."id" IN (${chunk.map(() => "?").join(", ")})
       AND ${PG_COMPLETE_GUARD} AND m."leaseOwner" = ? AND m."attempt" = CAST(v.attempt AS INTEGER)
     RETURNING m."id", m."attempt"`,
    [
      ...chunk.flatMap((c) => [
        c.message.id,
        String(c.message.attempt),
        c.outcome.result,
        c.outcome.code,
        c.outcome.message,
        c.outcome.telcoCode,
        c.outcome.completeTime,
      ]),
      ...chunk.map((c) => c.message.id),
      owner,
    ],
  );
}
