// 080 opt-out service use cases (docs/opt-out-080.md): apply, cancel, complete (operator), terminate,
// purge. The opt-out list (manual and ARS entries) is services/optOutList.ts; the lookups
// used by sending are db/optOuts.ts.
import { randomInt } from "node:crypto";
import type { Db, Prisma } from "../db/client.ts";
import { ConflictError, ForbiddenError, NotFoundError } from "../domain/errors.ts";
import {
  ACTIVE_OPT_OUT_STATUSES,
  OPT_OUT_TRANSITIONS,
  OptOutServiceNotActiveError,
  assertTransition,
  cleanCompanyName,
  purgeAfterFor,
  random080Number,
  type OptOutAction,
} from "../domain/optOut.ts";
import type { Actor, Deps } from "./deps.ts";
import { liveProject } from "./tenancy.ts";

type Tx = Prisma.TransactionClient;
type Client = Db | Tx;

/**
 * "The project's service": an active record (PROCESSING/COMPLETE) if there is one, else the
 * newest STOPPED record still awaiting its purge. Sorting by status ascending puts STOPPED
 * last on both providers — alphabetically on SQLite (enums are TEXT) and by declaration
 * order on PostgreSQL — so one query answers it.
 */
export const CURRENT_SERVICE_FIRST = [
  { status: "asc" },
  { appliedAt: "desc" },
  { id: "desc" },
] satisfies Prisma.OptOutServiceOrderByWithRelationInput[];

export const currentService = (db: Client, projectId: string) =>
  db.optOutService.findFirst({ where: { projectId }, orderBy: CURRENT_SERVICE_FIRST });

export async function liveProjectIn(tx: Client, actor: Actor, projectId: string) {
  const project = await tx.project.findFirst({ where: liveProject(actor, projectId) });
  if (!project) throw new NotFoundError("Project", projectId);
  return project;
}

/**
 * Reads the caller's live project and takes its row lock for the rest of the transaction, so
 * two concurrent applications (or an application racing the project's deletion) are
 * serialised. The update writes `updatedAt` back unchanged; the `where` on it makes sure we
 * never restore a stale value over a concurrent rename — then we simply read again.
 */
async function lockLiveProject(tx: Tx, actor: Actor, projectId: string) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const project = await liveProjectIn(tx, actor, projectId);
    const locked = await tx.project.updateMany({
      where: { ...liveProject(actor, projectId), updatedAt: project.updatedAt },
      data: { updatedAt: project.updatedAt },
    });
    if (locked.count === 1) return project;
  }
  throw new ConflictError("The project is being changed concurrently; try again");
}

/**
 * The project's COMPLETE service, row-locked (a same-value update) so that list changes are
 * serialised with each other and with termination: numbers can never be written to a
 * service that was stopped in the meantime.
 */
export async function lockCompleteService(tx: Tx, projectId: string) {
  const current = await currentService(tx, projectId);
  if (current?.status !== "COMPLETE")
    throw new OptOutServiceNotActiveError(current?.status ?? null);
  const locked = await tx.optOutService.updateMany({
    where: { id: current.id, status: "COMPLETE" },
    data: { status: "COMPLETE" },
  });
  if (locked.count !== 1)
    throw new OptOutServiceNotActiveError((await currentService(tx, projectId))?.status ?? null);
  return current;
}

// ───────────────────────────── lifecycle ─────────────────────────────

/**
 * A conditional write matched nothing: another request changed the record between our read
 * and our write. Report it as if we had read the new state in the first place.
 */
async function lostRace(
  tx: Tx,
  action: OptOutAction,
  serviceId: string,
  notFoundId: string,
): Promise<never> {
  const now = await tx.optOutService.findUnique({ where: { id: serviceId } });
  if (!now) throw new NotFoundError("OptOutService", notFoundId);
  assertTransition(action, now.status);
  throw new ConflictError("The 080 service changed concurrently; try again");
}

export async function applyOptOutService(
  deps: Deps,
  actor: Actor,
  projectId: string,
  companyName: string,
) {
  const name = cleanCompanyName(companyName);
  const now = deps.clock.now();
  return deps.db.$transaction(async (tx) => {
    await lockLiveProject(tx, actor, projectId);
    const active = await tx.optOutService.findFirst({
      where: { projectId, status: { in: [...ACTIVE_OPT_OUT_STATUSES] } },
    });
    if (active)
      throw new ConflictError(`The project already has a ${active.status} 080 opt-out service`);
    // A STOPPED record awaiting its purge may still exist; its numbers were deleted when it
    // stopped, so the new service starts with an empty list.
    return tx.optOutService.create({
      data: {
        accountId: actor.accountId,
        projectId,
        companyName: name,
        status: "PROCESSING",
        appliedAt: now,
      },
    });
  });
}

/** Withdraws a PROCESSING application: the record is removed, nothing is billed. */
export async function cancelOptOutService(
  deps: Deps,
  actor: Actor,
  projectId: string,
): Promise<{ id: string; projectId: string }> {
  return deps.db.$transaction(async (tx) => {
    await liveProjectIn(tx, actor, projectId);
    const current = await currentService(tx, projectId);
    if (!current) throw new NotFoundError("OptOutService", projectId);
    assertTransition("cancel", current.status);
    // Conditional delete: an operator may complete it between our read and this write.
    const removed = await tx.optOutService.deleteMany({
      where: { id: current.id, status: { in: [...OPT_OUT_TRANSITIONS.cancel.from] } },
    });
    if (removed.count !== 1) await lostRace(tx, "cancel", current.id, projectId);
    return { id: current.id, projectId };
  });
}

/** Picks a free 080 number. Numbers of STOPPED records awaiting purge are avoided too. */
async function free080Number(tx: Tx): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const candidate = random080Number(randomInt);
    if (
      !(await tx.optOutService.findFirst({ where: { number080: candidate }, select: { id: true } }))
    )
      return candidate;
  }
  throw new Error("no free 080 number found after 50 attempts");
}

/** Operator: PROCESSING → COMPLETE, issues the 080 number and starts billing. */
export async function completeOptOutService(deps: Deps, actor: Actor, serviceId: string) {
  if (actor.role !== "OPERATOR")
    throw new ForbiddenError("Only operators complete 080 applications");
  const now = deps.clock.now();
  return deps.db.$transaction(async (tx) => {
    // Operators act across accounts, so no account filter here.
    const service = await tx.optOutService.findUnique({ where: { id: serviceId } });
    if (!service) throw new NotFoundError("OptOutService", serviceId);
    assertTransition("complete", service.status);
    const number080 = await free080Number(tx);
    const done = await tx.optOutService.updateMany({
      where: { id: serviceId, status: { in: [...OPT_OUT_TRANSITIONS.complete.from] } },
      data: { status: "COMPLETE", number080, completedAt: now, billingStartAt: now },
    });
    // Cancelled (removed) or completed by someone else since we read it.
    if (done.count !== 1) await lostRace(tx, "complete", serviceId, serviceId);
    return tx.optOutService.findUniqueOrThrow({ where: { id: serviceId } });
  });
}

/** The fields a termination writes; shared by terminate and project deletion. */
const stoppedData = (now: Date) => ({
  status: "STOPPED" as const,
  stoppedAt: now,
  billingEndAt: now,
  purgeAfter: purgeAfterFor(now),
});

/**
 * COMPLETE → STOPPED at once: billing ends and every opt-out number of the project is deleted
 * in the same transaction. The record itself stays (visible as STOPPED) until the purge.
 */
export async function terminateOptOutService(deps: Deps, actor: Actor, projectId: string) {
  const now = deps.clock.now();
  return deps.db.$transaction(async (tx) => {
    await liveProjectIn(tx, actor, projectId);
    const current = await currentService(tx, projectId);
    if (!current) throw new NotFoundError("OptOutService", projectId);
    assertTransition("terminate", current.status);
    const stopped = await tx.optOutService.updateMany({
      where: { id: current.id, status: { in: [...OPT_OUT_TRANSITIONS.terminate.from] } },
      data: stoppedData(now),
    });
    if (stopped.count !== 1) await lostRace(tx, "terminate", current.id, projectId);
    const deleted = await tx.optOutNumber.deleteMany({ where: { projectId } });
    const optOutService = await tx.optOutService.findUniqueOrThrow({ where: { id: current.id } });
    return { optOutService, deletedNumbers: deleted.count };
  });
}

/**
 * Project deletion (services/projects.ts): a PROCESSING application is cancelled (removed),
 * a COMPLETE service is terminated exactly like terminateOptOutService, and the project's
 * opt-out numbers are deleted. Returns how many services were ended.
 */
export async function stopOptOutServicesOfProject(
  tx: Tx,
  projectId: string,
  now: Date,
): Promise<number> {
  const cancelled = await tx.optOutService.deleteMany({
    where: { projectId, status: { in: [...OPT_OUT_TRANSITIONS.cancel.from] } },
  });
  const stopped = await tx.optOutService.updateMany({
    where: { projectId, status: { in: [...OPT_OUT_TRANSITIONS.terminate.from] } },
    data: stoppedData(now),
  });
  await tx.optOutNumber.deleteMany({ where: { projectId } });
  return cancelled.count + stopped.count;
}

/** Removes STOPPED records whose purge time has come. Idempotent; safe on several instances. */
export async function purgeStoppedOptOutServices(
  deps: Pick<Deps, "db" | "clock">,
): Promise<number> {
  const purged = await deps.db.optOutService.deleteMany({
    where: { status: "STOPPED", purgeAfter: { lte: deps.clock.now() } },
  });
  return purged.count;
}
