// The queries of the webhook endpoints (src/webhooks/) outside delivery: CRUD, replay, the
// delivery log, lag; what the delivery worker runs is in db/webhookDelivery.ts. An endpoint has one cursor
// per log it reads: `cursorSeq` in the message status events, `projectCursorSeq` in the
// project event log (db/projectEvents.ts), each with its own pending retry range.
import type { Db } from "./client.ts";
import { ENDPOINTS, PROJECT_LAG, STATUS_LAG, type AttemptRecord } from "./webhookDelivery.ts";

export interface EndpointRow {
  id: string;
  accountId: string;
  projectId: string;
  url: string;
  eventTypes: string;
  enabled: boolean;
  batchSize: number;
  secretSealed: string;
  previousSealed: string | null;
  previousUntil: Date | null;
  cursorSeq: number;
  epoch: number;
  pendingToSeq: number | null;
  projectCursorSeq: number;
  projectPendingToSeq: number | null;
  failures: number;
  failingSince: Date | null;
}

export const countEndpoints = (db: Db, projectId: string) =>
  db.webhookEndpoint.count({ where: { projectId } });

export const findEndpoint = (db: Db, accountId: string, id: string) =>
  db.webhookEndpoint.findFirst({
    where: { id, accountId, project: { deletedAt: null } },
  });

export function insertEndpoint(
  db: Db,
  data: {
    id: string;
    accountId: string;
    projectId: string;
    url: string;
    eventTypes: string;
    description: string;
    batchSize: number;
    secretSealed: string;
    cursorSeq: number;
    projectCursorSeq: number;
    now: Date;
  },
) {
  const { now, ...rest } = data;
  return db.webhookEndpoint.create({ data: { ...rest, nextAttemptAt: now } });
}

export function changeEndpoint(
  db: Db,
  id: string,
  data: {
    url?: string;
    eventTypes?: string;
    description?: string;
    batchSize?: number;
    enabled?: boolean;
    now: Date;
  },
) {
  const { now, enabled, ...rest } = data;
  const toggled =
    enabled === undefined
      ? {}
      : enabled
        ? // Re-enabling starts afresh: no failure history, due at once.
          { enabled, disabledReason: null, failures: 0, failingSince: null, nextAttemptAt: now }
        : { enabled, disabledReason: null };
  return db.webhookEndpoint.update({ where: { id }, data: { ...rest, ...toggled } });
}

export const storeRotatedSecret = (
  db: Db,
  id: string,
  secretSealed: string,
  previousSealed: string,
  previousUntil: Date,
) =>
  db.webhookEndpoint.update({
    where: { id },
    data: { secretSealed, previousSealed, previousUntil },
  });

export const removeEndpoint = (db: Db, id: string) => db.webhookEndpoint.delete({ where: { id } });

/** Moves both cursors so delivery starts again after them; deliveries in flight lose their right to move them. */
export const rewindEndpoint = (
  db: Db,
  id: string,
  to: { cursorSeq: number; projectCursorSeq: number },
  now: Date,
) =>
  db.webhookEndpoint.update({
    where: { id },
    data: {
      ...to,
      epoch: { increment: 1 },
      pendingToSeq: null,
      projectPendingToSeq: null,
      failures: 0,
      failingSince: null,
      nextAttemptAt: now,
    },
  });

/** The status event seq just before the first one at or after `at`; null when there is none. */
export async function seqBefore(db: Db, projectId: string, at: Date): Promise<number | null> {
  const first = await db.messageStatusEvent.findFirst({
    where: { projectId, createdAt: { gte: at } },
    orderBy: { seq: "asc" },
    select: { seq: true },
  });
  return first ? first.seq - 1 : null;
}

/** When the first status event with seq ≥ `seq` was recorded; null when there is none. */
export async function statusEventTimeFrom(
  db: Db,
  projectId: string,
  seq: number,
): Promise<Date | null> {
  const first = await db.messageStatusEvent.findFirst({
    where: { projectId, seq: { gte: seq } },
    orderBy: { seq: "asc" },
    select: { createdAt: true },
  });
  return first?.createdAt ?? null;
}

export async function projectHead(db: Db, projectId: string): Promise<number> {
  const p = await db.project.findUnique({ where: { id: projectId }, select: { eventSeq: true } });
  return p?.eventSeq ?? 0;
}

export const listEndpoints = (db: Db, projectId: string) =>
  db.webhookEndpoint.findMany({
    where: { projectId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });

export const logAttempt = (db: Db, a: AttemptRecord) => db.webhookAttempt.create({ data: a });

export const trimAttempts = (db: Db, before: Date) =>
  db.webhookAttempt.deleteMany({ where: { createdAt: { lt: before } } });

/** For the lag gauge: enabled endpoints' cursors against their project's heads (both logs). */
export async function lagStats(
  db: Db,
): Promise<{ endpoints: number; maxLag: number; totalLag: number }> {
  type Row = { n: unknown; mx: unknown; sm: unknown };
  const lag = `${STATUS_LAG} + ${PROJECT_LAG}`;
  const [row] = await db.$queryRawUnsafe<Row[]>(
    `SELECT COUNT(*) AS "n", MAX(${lag}) AS "mx", SUM(${lag}) AS "sm"
     FROM ${ENDPOINTS} WHERE e."enabled" = TRUE`,
  );
  return {
    endpoints: Number(row?.n ?? 0),
    maxLag: Number(row?.mx ?? 0),
    totalLag: Number(row?.sm ?? 0),
  };
}

export interface EndpointLag {
  id: string;
  enabled: boolean;
  failing: boolean;
  cursorSeq: number;
  projectCursorSeq: number;
  statusLag: number;
  projectLag: number;
}

/** Every endpoint of the project with its lag in each log, oldest endpoint first (one query). */
export async function endpointLags(db: Db, projectId: string): Promise<EndpointLag[]> {
  const rows = await db.webhookEndpoint.findMany({
    where: { projectId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      enabled: true,
      failingSince: true,
      cursorSeq: true,
      projectCursorSeq: true,
      project: { select: { eventSeq: true, eventCounter: { select: { seq: true } } } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    enabled: r.enabled,
    failing: r.failingSince !== null,
    cursorSeq: r.cursorSeq,
    projectCursorSeq: r.projectCursorSeq,
    statusLag: Math.max(0, r.project.eventSeq - r.cursorSeq),
    projectLag: Math.max(0, (r.project.eventCounter?.seq ?? 0) - r.projectCursorSeq),
  }));
}
