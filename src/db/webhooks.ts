// Every query of the webhook endpoints (src/webhooks/): CRUD, the delivery lease, cursor
// moves guarded by lease owner and epoch, and the attempts log. An endpoint has one cursor
// per log it reads: `cursorSeq` in the message status events, `projectCursorSeq` in the
// project event log (db/projectEvents.ts), each with its own pending retry range.
import type { Db } from "./client.ts";
import type { RawDb } from "./raw.ts";

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

// ── delivery ─────────────────────────────────────────────────────────────────────────

/** How far behind each log an endpoint is, in SQL over `e`, `p` (its project) and `c` (the counter). */
const STATUS_LAG = `(p."eventSeq" - e."cursorSeq")`;
const PROJECT_LAG = `(COALESCE(c."seq", 0) - e."projectCursorSeq")`;
const ENDPOINTS = `"WebhookEndpoint" e JOIN "Project" p ON p."id" = e."projectId"
  LEFT JOIN "ProjectEventCounter" c ON c."projectId" = e."projectId"`;

/** Endpoints with work that is due and no live lease, oldest due first. */
export async function dueEndpointIds(raw: RawDb, now: Date, limit: number): Promise<string[]> {
  const rows = await raw.query<{ id: string }>(
    `SELECT e."id" FROM ${ENDPOINTS}
     WHERE e."enabled" = TRUE AND e."nextAttemptAt" <= ? AND p."deletedAt" IS NULL
       AND (e."leaseExpiresAt" IS NULL OR e."leaseExpiresAt" < ?)
       AND (${STATUS_LAG} > 0 OR ${PROJECT_LAG} > 0
         OR e."pendingToSeq" IS NOT NULL OR e."projectPendingToSeq" IS NOT NULL)
     ORDER BY e."nextAttemptAt" LIMIT ?`,
    [now, now, limit],
  );
  return rows.map((r) => r.id);
}

/** Takes (or renews) the endpoint's lease; null when another worker holds a live one or it was disabled. */
export async function claimEndpoint(
  db: Db,
  id: string,
  owner: string,
  now: Date,
  until: Date,
): Promise<EndpointRow | null> {
  const { count } = await db.webhookEndpoint.updateMany({
    where: {
      id,
      enabled: true,
      OR: [{ leaseOwner: owner }, { leaseExpiresAt: null }, { leaseExpiresAt: { lt: now } }],
    },
    data: { leaseOwner: owner, leaseExpiresAt: until },
  });
  if (count !== 1) return null;
  return db.webhookEndpoint.findUnique({ where: { id } });
}

/** The guard every write of a delivery carries: still our lease, and no replay since. */
const held = (e: EndpointRow, owner: string) => ({ id: e.id, leaseOwner: owner, epoch: e.epoch });

/** Which log a delivery step read: the message status events, or the project event log. */
export type WebhookLog = "status" | "project";

/** The endpoint's cursor and pending range columns of a log. */
export const CURSOR = {
  status: { cursor: "cursorSeq", pending: "pendingToSeq" },
  project: { cursor: "projectCursorSeq", pending: "projectPendingToSeq" },
} as const satisfies Record<WebhookLog, { cursor: keyof EndpointRow; pending: keyof EndpointRow }>;

export async function advanceCursor(
  db: Db,
  e: EndpointRow,
  owner: string,
  log: WebhookLog,
  toSeq: number,
  now: Date,
  until: Date,
): Promise<boolean> {
  const { count } = await db.webhookEndpoint.updateMany({
    where: held(e, owner),
    data: {
      [CURSOR[log].cursor]: toSeq,
      [CURSOR[log].pending]: null,
      failures: 0,
      failingSince: null,
      lastSuccessAt: now,
      lastError: null,
      leaseExpiresAt: until,
    },
  });
  return count === 1;
}

export async function recordFailure(
  db: Db,
  e: EndpointRow,
  owner: string,
  log: WebhookLog,
  f: {
    toSeq: number;
    failingSince: Date;
    nextAttemptAt: Date;
    error: string;
    disable: string | null;
  },
): Promise<boolean> {
  const { count } = await db.webhookEndpoint.updateMany({
    where: held(e, owner),
    data: {
      [CURSOR[log].pending]: f.toSeq,
      failures: { increment: 1 },
      failingSince: f.failingSince,
      nextAttemptAt: f.nextAttemptAt,
      lastError: f.error,
      leaseOwner: null,
      leaseExpiresAt: null,
      ...(f.disable ? { enabled: false, disabledReason: f.disable } : {}),
    },
  });
  return count === 1;
}

export const releaseLease = (db: Db, id: string, owner: string) =>
  db.webhookEndpoint.updateMany({
    where: { id, leaseOwner: owner },
    data: { leaseOwner: null, leaseExpiresAt: null },
  });

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

export const logAttempt = (db: Db, a: AttemptRecord) => db.webhookAttempt.create({ data: a });

export async function logAttempts(db: Db, list: AttemptRecord[]): Promise<void> {
  if (list.length) await db.webhookAttempt.createMany({ data: list });
}

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
