// The Schedule and ScheduleTemplate tables' raw statements for the scheduler: due schedules
// (locked), their templates with the facts of each template's request, the pending instant,
// and the copy of a template's request that one occurrence sends. Rows decoded once.
import { OCCURRENCE_REQUEST_COPY } from "./columns.ts";
import { query, type TxProgram } from "./program.ts";
import type { SqlValue } from "./raw.ts";
import { chunks, dateOf, dateOrNull, marks, skipLocked, type Dialect } from "./sql.ts";

/** A schedule whose pending occurrence is due, with its rule and its project's state. */
export interface DueSchedule {
  id: string;
  accountId: string;
  projectId: string;
  daysOfWeek: string;
  time: string;
  timeZone: string;
  startsAt: Date;
  endsAt: Date;
  nextOccurrenceAt: Date;
  projectDeleted: boolean;
}

/** A template attached to a schedule, with the facts of its request the send-time checks need. */
export interface ScheduleTemplateRow {
  id: string;
  requestId: string;
  createdAt: Date;
  detachedAt: Date | null;
  from: string;
  contentType: "COMM" | "AD";
  countryCode: string;
}

export function* hasDueSchedule(now: Date): TxProgram<boolean> {
  const rows = yield* query(
    `SELECT "id" FROM "Schedule" WHERE "active" = ? AND "nextOccurrenceAt" <= ? LIMIT 1`,
    [true, now],
  );
  return rows.length > 0;
}

/** Up to `limit` active schedules whose pending occurrence is due, oldest first, locked. */
export function* claimDueSchedules(
  dialect: Dialect,
  now: Date,
  limit: number,
): TxProgram<DueSchedule[]> {
  const rows = yield* query<Record<string, unknown>>(
    `SELECT s."id", s."accountId", s."projectId", s."daysOfWeek", s."time", s."timeZone", s."startsAt", s."endsAt", s."nextOccurrenceAt", p."deletedAt"
     FROM "Schedule" s JOIN "Project" p ON p."id" = s."projectId"
     WHERE s."active" = ? AND s."nextOccurrenceAt" <= ?
     ORDER BY s."nextOccurrenceAt" LIMIT ? ${skipLocked(dialect, "s")}`,
    [true, now, limit],
  );
  return rows.map((r) => ({
    id: r.id as string,
    accountId: r.accountId as string,
    projectId: r.projectId as string,
    daysOfWeek: r.daysOfWeek as string,
    time: r.time as string,
    timeZone: r.timeZone as string,
    startsAt: dateOf(r.startsAt),
    endsAt: dateOf(r.endsAt),
    nextOccurrenceAt: dateOf(r.nextOccurrenceAt),
    projectDeleted: r.deletedAt !== null,
  }));
}

export function* templatesOf(scheduleId: string): TxProgram<ScheduleTemplateRow[]> {
  const rows = yield* query<Record<string, unknown>>(
    `SELECT t."id", t."requestId", t."createdAt", t."detachedAt", q."from", q."contentType", q."countryCode"
     FROM "ScheduleTemplate" t JOIN "MessageRequest" q ON q."id" = t."requestId" WHERE t."scheduleId" = ?`,
    [scheduleId],
  );
  return rows.map((r) => ({
    id: r.id as string,
    requestId: r.requestId as string,
    createdAt: dateOf(r.createdAt),
    detachedAt: dateOrNull(r.detachedAt),
    from: r.from as string,
    contentType: r.contentType as "COMM" | "AD",
    countryCode: r.countryCode as string,
  }));
}

/** The instant the schedule waits for next (null: its active period is over). */
export function* setNextOccurrence(id: string, next: Date | null, now: Date): TxProgram<void> {
  yield* query(`UPDATE "Schedule" SET "nextOccurrenceAt" = ?, "updatedAt" = ? WHERE "id" = ?`, [
    next,
    now,
    id,
  ]);
}

/** The project of each given schedule (an occurrence row has no projectId of its own). */
export function* projectsOfSchedules(
  scheduleIds: readonly string[],
): TxProgram<Map<string, string>> {
  const out = new Map<string, string>();
  for (const ids of chunks([...new Set(scheduleIds)])) {
    const rows = yield* query<{ id: string; projectId: string }>(
      `SELECT "id", "projectId" FROM "Schedule" WHERE "id" IN (${marks(ids.length)})`,
      ids,
    );
    for (const r of rows) out.set(r.id, r.projectId);
  }
  return out;
}

/**
 * The columns of a template's MessageRequest that an occurrence's request copies; the copy
 * gets its own id, its send time and its occurrence.
 */

/** Creates an occurrence's request (and its MMS files) as a copy of the template's request. */
export function* copyTemplateRequest(copy: {
  requestId: string;
  templateRequestId: string;
  occurrenceId: string;
  requestTime: Date;
}): TxProgram<void> {
  // The column lists come from db/columns.ts, where every MessageRequest column is stated once.
  const set: Record<string, SqlValue> = {
    id: copy.requestId,
    requestTime: copy.requestTime,
    occurrenceId: copy.occurrenceId,
  };
  const { insertColumns, selectList } = OCCURRENCE_REQUEST_COPY;
  yield* query(
    `INSERT INTO "MessageRequest" (${insertColumns}) SELECT ${selectList} FROM "MessageRequest" WHERE "id" = ?`,
    [
      ...OCCURRENCE_REQUEST_COPY.set.map((c) => {
        const value = set[c];
        if (value === undefined) throw new Error(`the occurrence copy sets ${c}, given no value`);
        return value;
      }),
      copy.templateRequestId,
    ],
  );
  yield* query(
    `INSERT INTO "MessageRequestFile" ("requestId", "fileId", "position") SELECT ?, "fileId", "position" FROM "MessageRequestFile" WHERE "requestId" = ?`,
    [copy.requestId, copy.templateRequestId],
  );
}
