// Every statement the webhook delivery worker (src/webhooks/worker.ts) runs, as transaction
// programs (db/program.ts) instead of Prisma calls. Why: a delivery step touches the
// database several times per POST (heads, lease, cursor, attempts log), and each Prisma
// call cost the event loop far more than its SQL; on SQLite some also held the write lock
// across event-loop turns (BEGIN … COMMIT as separate adapter calls). As programs they run
// synchronously on SQLite, one short transaction per step, and need no Prisma client at
// all — so the worker can run in a thread of its own (webhooks/thread.ts) on plain
// connections. Guards: every write of a delivery carries the lease owner and the epoch it
// was claimed under, so a replay (epoch + 1) or a lost lease makes it a no-op.
import { newId } from "../ids.ts";
import { insertMany, query, type Row, type TxProgram } from "./program.ts";
import { boolOf, dateOrNull, intOf } from "./sql.ts";
import type { EndpointRow } from "./webhooks.ts";

/** Which log a delivery step read: the message status events, or the project event log. */
export type WebhookLog = "status" | "project";

/** The endpoint's cursor and pending range columns of a log. */
export const CURSOR = {
  status: { cursor: "cursorSeq", pending: "pendingToSeq" },
  project: { cursor: "projectCursorSeq", pending: "projectPendingToSeq" },
} as const satisfies Record<WebhookLog, { cursor: keyof EndpointRow; pending: keyof EndpointRow }>;

const ROW_COLUMNS = [
  "id",
  "accountId",
  "projectId",
  "url",
  "eventTypes",
  "enabled",
  "batchSize",
  "secretSealed",
  "previousSealed",
  "previousUntil",
  "cursorSeq",
  "epoch",
  "pendingToSeq",
  "projectCursorSeq",
  "projectPendingToSeq",
  "failures",
  "failingSince",
] as const satisfies readonly (keyof EndpointRow)[];

const intOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : intOf(v));

function endpointOf(r: Row): EndpointRow {
  return {
    id: String(r.id),
    accountId: String(r.accountId),
    projectId: String(r.projectId),
    url: String(r.url),
    eventTypes: String(r.eventTypes),
    enabled: boolOf(r.enabled),
    batchSize: intOf(r.batchSize),
    secretSealed: String(r.secretSealed),
    previousSealed: (r.previousSealed ?? null) as string | null,
    previousUntil: dateOrNull(r.previousUntil),
    cursorSeq: intOf(r.cursorSeq),
    epoch: intOf(r.epoch),
    pendingToSeq: intOrNull(r.pendingToSeq),
    projectCursorSeq: intOf(r.projectCursorSeq),
    projectPendingToSeq: intOrNull(r.projectPendingToSeq),
    failures: intOf(r.failures),
    failingSince: dateOrNull(r.failingSince),
  };
}

/** How far behind each log an endpoint is, in SQL over `e`, `p` (its project) and `c` (the counter). */
export const STATUS_LAG = `(p."eventSeq" - e."cursorSeq")`;
export const PROJECT_LAG = `(COALESCE(c."seq", 0) - e."projectCursorSeq")`;
export const ENDPOINTS = `"WebhookEndpoint" e JOIN "Project" p ON p."id" = e."projectId"
  LEFT JOIN "ProjectEventCounter" c ON c."projectId" = e."projectId"`;

/**
 * Endpoints with work that is due and no live lease but `owner`'s, oldest due first. Its own
 * leases count as free: a worker started again under the same owner (a restarted thread)
 * takes back what its predecessor held; a live worker skips the endpoints it has in hand.
 */
export function* dueEndpointIds(owner: string, now: Date, limit: number): TxProgram<string[]> {
  const rows = yield* query<{ id: string }>(
    `SELECT e."id" FROM ${ENDPOINTS}
     WHERE e."enabled" = TRUE AND e."nextAttemptAt" <= ? AND p."deletedAt" IS NULL
       AND (e."leaseExpiresAt" IS NULL OR e."leaseExpiresAt" < ? OR e."leaseOwner" = ?)
       AND (${STATUS_LAG} > 0 OR ${PROJECT_LAG} > 0
         OR e."pendingToSeq" IS NOT NULL OR e."projectPendingToSeq" IS NOT NULL)
     ORDER BY e."nextAttemptAt" LIMIT ?`,
    [now, now, owner, limit],
  );
  return rows.map((r) => String(r.id));
}

/** Takes (or renews) the endpoint's lease; null when another worker holds a live one or it was disabled. */
export function* claimEndpoint(
  id: string,
  owner: string,
  now: Date,
  until: Date,
): TxProgram<EndpointRow | null> {
  const [row] = yield* query(
    `UPDATE "WebhookEndpoint" SET "leaseOwner" = ?, "leaseExpiresAt" = ?, "updatedAt" = ?
     WHERE "id" = ? AND "enabled" = TRUE
       AND ("leaseOwner" = ? OR "leaseExpiresAt" IS NULL OR "leaseExpiresAt" < ?)
     RETURNING ${ROW_COLUMNS.map((c) => `"${c}"`).join(", ")}`,
    [owner, until, now, id, owner, now],
  );
  return row ? endpointOf(row) : null;
}

/** The heads of the project's two logs: the last status event seq and the last project event seq. */
export function* logHeads(projectId: string): TxProgram<Record<WebhookLog, number>> {
  const [row] = yield* query(
    `SELECT p."eventSeq" AS "status", COALESCE(c."seq", 0) AS "project"
     FROM "Project" p LEFT JOIN "ProjectEventCounter" c ON c."projectId" = p."id"
     WHERE p."id" = ?`,
    [projectId],
  );
  return { status: intOf(row?.status), project: intOf(row?.project) };
}

export interface AttemptRecord {
  endpointId: string;
  webhookId: string;
  firstSeq: number;
  lastSeq: number;
  events: number;
  outcome: string;
  statusCode: number | null;
  latencyMs: number;
  response: string;
  createdAt: Date;
}

const ATTEMPT_COLUMNS = [
  "id",
  "endpointId",
  "webhookId",
  "firstSeq",
  "lastSeq",
  "events",
  "outcome",
  "statusCode",
  "latencyMs",
  "response",
  "createdAt",
];
const ATTEMPT_PG_TYPES = [
  "text",
  "text",
  "text",
  "integer",
  "integer",
  "integer",
  "text",
  "integer",
  "integer",
  "text",
  "timestamp(3)",
];

export function* logAttempts(list: readonly AttemptRecord[]): TxProgram<void> {
  yield* insertMany(
    "WebhookAttempt",
    ATTEMPT_COLUMNS,
    list.map((a) => [
      newId(),
      a.endpointId,
      a.webhookId,
      a.firstSeq,
      a.lastSeq,
      a.events,
      a.outcome,
      a.statusCode,
      a.latencyMs,
      a.response,
      a.createdAt,
    ]),
    ATTEMPT_PG_TYPES,
  );
}

/** `WHERE` of every write of a delivery: still our lease, and no replay since. */
const HELD = `"id" = ? AND "leaseOwner" = ? AND "epoch" = ?`;
const held = (e: EndpointRow, owner: string) => [e.id, owner, e.epoch];

/**
 * The end of a step that reached `toSeq`: logs its attempts and moves the log's cursor,
 * renewing the lease. False (attempts still logged) when a replay or a lost lease came first.
 */
export function* advanceCursor(
  e: EndpointRow,
  owner: string,
  log: WebhookLog,
  toSeq: number,
  attempts: readonly AttemptRecord[],
  now: Date,
  until: Date,
): TxProgram<boolean> {
  yield* logAttempts(attempts);
  const moved = yield* query(
    `UPDATE "WebhookEndpoint" SET "${CURSOR[log].cursor}" = ?, "${CURSOR[log].pending}" = NULL,
       "failures" = 0, "failingSince" = NULL, "lastSuccessAt" = ?, "lastError" = NULL,
       "leaseExpiresAt" = ?, "updatedAt" = ?
     WHERE ${HELD} RETURNING "id"`,
    [toSeq, now, until, now, ...held(e, owner)],
  );
  return moved.length === 1;
}

export interface FailureRecord {
  toSeq: number;
  failingSince: Date;
  nextAttemptAt: Date;
  error: string;
  /** Why the endpoint is disabled now (410, or the retry period is over); null to retry. */
  disable: string | null;
}

/** Logs the failed attempts and keeps the range for the retry (or disables); releases the lease. */
export function* recordFailure(
  e: EndpointRow,
  owner: string,
  log: WebhookLog,
  f: FailureRecord,
  attempts: readonly AttemptRecord[],
  now: Date,
): TxProgram<boolean> {
  yield* logAttempts(attempts);
  const disable = f.disable ? `, "enabled" = FALSE, "disabledReason" = ?` : "";
  const recorded = yield* query(
    `UPDATE "WebhookEndpoint" SET "${CURSOR[log].pending}" = ?, "failures" = "failures" + 1,
       "failingSince" = ?, "nextAttemptAt" = ?, "lastError" = ?,
       "leaseOwner" = NULL, "leaseExpiresAt" = NULL, "updatedAt" = ?${disable}
     WHERE ${HELD} RETURNING "id"`,
    [
      f.toSeq,
      f.failingSince,
      f.nextAttemptAt,
      f.error,
      now,
      ...(f.disable ? [f.disable] : []),
      ...held(e, owner),
    ],
  );
  return recorded.length === 1;
}

export function* releaseLease(id: string, owner: string, now: Date): TxProgram<void> {
  yield* query(
    `UPDATE "WebhookEndpoint" SET "leaseOwner" = NULL, "leaseExpiresAt" = NULL, "updatedAt" = ?
     WHERE "id" = ? AND "leaseOwner" = ?`,
    [now, id, owner],
  );
}

/**
 * Puts the endpoint aside until `nextAttemptAt` — or disables it when `disable` gives the
 * reason — and releases the lease: for what no retry of the same step can mend by itself.
 */
export function* deferEndpoint(
  id: string,
  owner: string,
  d: { nextAttemptAt: Date; error: string; disable: string | null },
  now: Date,
): TxProgram<void> {
  const disable = d.disable ? `, "enabled" = FALSE, "disabledReason" = ?` : "";
  yield* query(
    `UPDATE "WebhookEndpoint" SET "nextAttemptAt" = ?, "lastError" = ?,
       "leaseOwner" = NULL, "leaseExpiresAt" = NULL, "updatedAt" = ?${disable}
     WHERE "id" = ? AND "leaseOwner" = ?`,
    [d.nextAttemptAt, d.error, now, ...(d.disable ? [d.disable] : []), id, owner],
  );
}
