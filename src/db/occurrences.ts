// The ScheduleOccurrence table's raw statements for the scheduler: the insert that is the
// exactly-once guard of an occurrence, and the guarded DONE/FAIL of the finishing step (only
// the machine's sources of each target, domain/reservations.ts). Rows decoded once.
import {
  OCCURRENCE_CREATED_AS,
  type OccurrenceStatus,
  occurrenceMachine,
  type SkipReason,
} from "../domain/reservations.ts";
import { query, type TxProgram } from "./program.ts";
import { FINISHED, finishedWhere } from "./reservations.ts";
import { statusIs, transition } from "./guards.ts";
import { dateOf, type Dialect, enumParam } from "./sql.ts";

export interface NewOccurrence {
  id: string;
  accountId: string;
  scheduleId: string;
  templateId: string;
  scheduledFor: Date;
  status: OccurrenceStatus;
  statusReason: SkipReason | "NOT_PROCESSED_IN_TIME" | null;
  /** The request created for it; null when nothing is sent (STALE, SKIP). */
  requestId: string | null;
  createdAt: Date;
}

export interface FinishedOccurrence {
  id: string;
  accountId: string;
  requestId: string;
  scheduleId: string;
  scheduledFor: Date;
}

export function* hasProcessingOccurrence(): TxProgram<boolean> {
  const rows = yield* query(
    `SELECT "id" FROM "ScheduleOccurrence" WHERE ${statusIs(occurrenceMachine, "PROCESSING")} LIMIT 1`,
  );
  return rows.length > 0;
}

/**
 * Records an occurrence; false when the row for (template, instant) already exists. That
 * unique row is the exactly-once guard: whoever inserts it sends. Only the statuses an
 * occurrence may be created as are accepted; a final one gets its finishedAt at once.
 */
export function* insertOccurrence(dialect: Dialect, o: NewOccurrence): TxProgram<boolean> {
  if (!OCCURRENCE_CREATED_AS.includes(o.status))
    throw new Error(`an occurrence is never created as ${o.status}`);
  const inserted = yield* query(
    `INSERT INTO "ScheduleOccurrence" ("id", "accountId", "scheduleId", "templateId", "scheduledFor", "status", "statusReason", "requestId", "createdAt", "finishedAt")
     VALUES (?, ?, ?, ?, ?, ${enumParam(dialect, "OccurrenceStatus")}, ?, ?, ?, ?)
     ON CONFLICT ("templateId", "scheduledFor") DO NOTHING RETURNING "id"`,
    [
      o.id,
      o.accountId,
      o.scheduleId,
      o.templateId,
      o.scheduledFor,
      o.status,
      o.statusReason,
      o.requestId,
      o.createdAt,
      occurrenceMachine.isFinal(o.status) ? o.createdAt : null,
    ],
  );
  return inserted.length > 0;
}

/** PROCESSING occurrences whose messages are all COMPLETED end DONE or FAIL. */
export function* finishOccurrences(
  outcome: keyof typeof FINISHED,
  now: Date,
): TxProgram<FinishedOccurrence[]> {
  const t = transition(occurrenceMachine, outcome);
  const rows = yield* query<Omit<FinishedOccurrence, "scheduledFor"> & { scheduledFor: unknown }>(
    `UPDATE "ScheduleOccurrence" SET ${t.set}, "statusReason" = ?, "finishedAt" = ?
     WHERE ${t.where} AND ${finishedWhere("ScheduleOccurrence", outcome)}
     RETURNING "id", "accountId", "requestId", "scheduleId", "scheduledFor"`,
    [FINISHED[outcome].reason, now],
  );
  return rows.map((r) => ({ ...r, scheduledFor: dateOf(r.scheduledFor) }));
}
