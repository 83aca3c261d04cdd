// The project event log (docs/webhooks.md#the-project-event-log): reservation status
// changes, schedule occurrence changes and ARS opt-outs, appended inside the transaction
// that makes the change — by a transaction program (the scheduler) or a Prisma transaction
// (the services) — and read back in seq order by webhook delivery (db/webhookEvents.ts).
//
// `seq` is per project and gap-free, from ProjectEventCounter, a row of its own: bumping it
// locks that row until commit, so one project's events commit in seq order and a committed
// seq N means every seq < N is committed. It is not Project.eventSeq, so the message status
// events' seq (which subscriptions rely on being gap-free over message events) never moves.
// Callers append last in their transaction, projects in id order: the counter lock is the
// last lock they take, so it can never be part of a lock cycle.
import type { NewProjectEvent, ProjectEvent } from "../domain/projectEvents.ts";
import { newId } from "../ids.ts";
import type { Db, Prisma } from "./client.ts";
import { insertMany, query, type TxProgram } from "./program.ts";
import type { SqlValue } from "./raw.ts";

const COLUMNS = ["id", "accountId", "projectId", "seq", "type", "subjectId", "data", "createdAt"];
const PG_TYPES = ["text", "text", "text", "integer", "text", "text", "text", "timestamp(3)"];

/** Groups by project, projects in id order (the lock order). */
function byProject(events: readonly NewProjectEvent[]): [string, NewProjectEvent[]][] {
  const groups = new Map<string, NewProjectEvent[]>();
  for (const e of events) groups.set(e.projectId, [...(groups.get(e.projectId) ?? []), e]);
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

const rowOf = (e: ProjectEvent): SqlValue[] => [
  newId(),
  e.accountId,
  e.projectId,
  e.seq,
  e.type,
  e.subjectId,
  JSON.stringify(e.data),
  e.createdAt,
];

/** Appends inside the caller's transaction program; returns the events with their seqs. */
export function* appendProjectEvents(
  events: readonly NewProjectEvent[],
): TxProgram<ProjectEvent[]> {
  const out: ProjectEvent[] = [];
  for (const [projectId, list] of byProject(events)) {
    const [row] = yield* query<{ seq: number | bigint | string }>(
      `INSERT INTO "ProjectEventCounter" ("projectId", "seq") VALUES (?, ?)
       ON CONFLICT ("projectId") DO UPDATE SET "seq" = "ProjectEventCounter"."seq" + excluded."seq"
       RETURNING "seq"`,
      [projectId, list.length],
    );
    const first = Number(row!.seq) - list.length + 1;
    list.forEach((e, i) => {
      out.push({ ...e, seq: first + i });
    });
  }
  yield* insertMany("ProjectEvent", COLUMNS, out.map(rowOf), PG_TYPES);
  return out;
}

/** The same inside a Prisma interactive transaction (services that change rows through Prisma). */
export async function appendProjectEventsTx(
  tx: Prisma.TransactionClient,
  events: readonly NewProjectEvent[],
): Promise<ProjectEvent[]> {
  const out: ProjectEvent[] = [];
  for (const [projectId, list] of byProject(events)) {
    // A single-unique-field upsert: Prisma runs it as INSERT … ON CONFLICT DO UPDATE.
    const { seq } = await tx.projectEventCounter.upsert({
      where: { projectId },
      create: { projectId, seq: list.length },
      update: { seq: { increment: list.length } },
      select: { seq: true },
    });
    const first = seq - list.length + 1;
    list.forEach((e, i) => {
      out.push({ ...e, seq: first + i });
    });
  }
  if (out.length)
    await tx.projectEvent.createMany({
      data: out.map((e) => ({
        accountId: e.accountId,
        projectId: e.projectId,
        seq: e.seq,
        type: e.type,
        subjectId: e.subjectId,
        data: JSON.stringify(e.data),
        createdAt: e.createdAt,
      })),
    });
  return out;
}

/** The project's last project event seq (0 before its first). */
export async function projectEventHead(db: Db, projectId: string): Promise<number> {
  const c = await db.projectEventCounter.findUnique({
    where: { projectId },
    select: { seq: true },
  });
  return c?.seq ?? 0;
}

/** The seq just before the project's first event at or after `at`; null when there is none. */
export async function projectEventSeqBefore(
  db: Db,
  projectId: string,
  at: Date,
): Promise<number | null> {
  const first = await db.projectEvent.findFirst({
    where: { projectId, createdAt: { gte: at } },
    orderBy: { seq: "asc" },
    select: { seq: true },
  });
  return first ? first.seq - 1 : null;
}

/** When the first project event with seq ≥ `seq` was recorded; null when there is none. */
export async function projectEventTimeFrom(
  db: Db,
  projectId: string,
  seq: number,
): Promise<Date | null> {
  const first = await db.projectEvent.findFirst({
    where: { projectId, seq: { gte: seq } },
    orderBy: { seq: "asc" },
    select: { createdAt: true },
  });
  return first?.createdAt ?? null;
}

/** Retention: events older than `before` go (the counter stays, so seqs never repeat). */
export const trimProjectEvents = (db: Db, before: Date) =>
  db.projectEvent.deleteMany({ where: { createdAt: { lt: before } } });
