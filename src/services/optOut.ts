// 080 opt-out service use cases (docs/opt-out-080.md): apply, cancel, complete (operator), terminate,
// purge, the opt-out list (manual and ARS entries) and the opt-out lookups used by sending.
import { randomInt } from "node:crypto";
import type { Db, Prisma } from "../db/client.ts";
import { query, type TxProgram } from "../db/program.ts";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../domain/errors.ts";
import {
  ACTIVE_OPT_OUT_STATUSES,
  OPT_OUT_NUMBERS_PER_CALL,
  OPT_OUT_TRANSITIONS,
  OptOutServiceNotActiveError,
  assertTransition,
  cleanCompanyName,
  is080Number,
  normalizeNumberBatch,
  normalizeNumberPrefix,
  normalizeOptOutNumber,
  purgeAfterFor,
  random080Number,
  type InvalidNumber,
  type NumberBatch,
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

const currentService = (db: Client, projectId: string) =>
  db.optOutService.findFirst({ where: { projectId }, orderBy: CURRENT_SERVICE_FIRST });

async function liveProjectIn(tx: Client, actor: Actor, projectId: string) {
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
async function lockCompleteService(tx: Tx, projectId: string) {
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

/**
 * Lists of numbers are queried in slices: SQLite (through Prisma's driver adapter) accepts
 * only 999 bind parameters per statement, PostgreSQL 65,535.
 */
const IN_LIST_CHUNK = 500;

async function numbersPresent(
  db: Client,
  where: Prisma.OptOutNumberWhereInput,
  numbers: readonly string[],
): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < numbers.length; i += IN_LIST_CHUNK) {
    const rows = await db.optOutNumber.findMany({
      where: { ...where, number: { in: numbers.slice(i, i + IN_LIST_CHUNK) } },
      select: { number: true },
    });
    for (const r of rows) found.add(r.number);
  }
  return found;
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

// ───────────────────────────── opt-out list ─────────────────────────────

export interface OptOutNumberFilter {
  /** A prefix of the number (digits; hyphens and spaces ignored). */
  number?: string | null;
  /** createdAt ≥ from. */
  from?: Date | null;
  /** createdAt < to. */
  to?: Date | null;
  source?: "ARS" | "MANUAL" | null;
}

/**
 * The where-clause for listing a project's opt-out numbers. Throws NotFoundError for a
 * project that is not the caller's, OptOutServiceNotActiveError unless the service is
 * COMPLETE, ValidationError for a malformed filter.
 */
export async function optOutNumbersWhere(
  deps: Deps,
  actor: Actor,
  projectId: string,
  filter: OptOutNumberFilter | null | undefined,
) {
  const prefix = filter?.number != null ? normalizeNumberPrefix(filter.number) : undefined;
  if (filter?.from && filter.to && filter.from > filter.to) {
    throw ValidationError.field(["filter", "to"], "`to` must not be before `from`");
  }
  await liveProjectIn(deps.db, actor, projectId);
  const service = await currentService(deps.db, projectId);
  if (service?.status !== "COMPLETE")
    throw new OptOutServiceNotActiveError(service?.status ?? null);
  return {
    serviceId: service.id,
    ...(prefix ? { number: { startsWith: prefix } } : {}),
    ...(filter?.from || filter?.to
      ? {
          createdAt: {
            ...(filter.from ? { gte: filter.from } : {}),
            ...(filter.to ? { lt: filter.to } : {}),
          },
        }
      : {}),
    ...(filter?.source ? { source: filter.source } : {}),
  } satisfies Prisma.OptOutNumberWhereInput;
}

/** Newest first; id breaks ties so pages are stable. */
export const OPT_OUT_NUMBER_ORDER = [
  { createdAt: "desc" },
  { id: "desc" },
] satisfies Prisma.OptOutNumberOrderByWithRelationInput[];

function checkBatch(values: readonly string[], strict: boolean): NumberBatch {
  if (values.length > OPT_OUT_NUMBERS_PER_CALL) {
    throw ValidationError.field(
      ["numbers"],
      `At most ${OPT_OUT_NUMBERS_PER_CALL} numbers per call (got ${values.length})`,
    );
  }
  const batch = normalizeNumberBatch(values);
  if (strict && batch.invalid.length) {
    throw new ValidationError(
      `${batch.invalid.length} invalid number(s); nothing was written (strict mode)`,
      batch.invalid.map((i) => ({
        path: ["numbers", String(i.index)],
        message: `${JSON.stringify(i.value)}: ${i.reason}`,
      })),
    );
  }
  return batch;
}

export interface AddedOptOutNumbers {
  added: string[];
  alreadyPresent: string[];
  duplicates: number;
  invalid: InvalidNumber[];
}

/**
 * Adds numbers with source MANUAL. Invalid values are reported by position and skipped —
 * or, with `strict`, refuse the whole call. Numbers repeated in the call count once;
 * numbers already on the list are reported, not changed (their source stays).
 */
export async function addOptOutNumbers(
  deps: Deps,
  actor: Actor,
  projectId: string,
  values: readonly string[],
  { strict = false }: { strict?: boolean } = {},
): Promise<AddedOptOutNumbers> {
  const batch = checkBatch(values, strict);
  const now = deps.clock.now();
  return deps.db.$transaction(async (tx) => {
    await liveProjectIn(tx, actor, projectId);
    const service = await lockCompleteService(tx, projectId);
    const existing = await numbersPresent(tx, { serviceId: service.id }, batch.numbers);
    const added = batch.numbers.filter((n) => !existing.has(n));
    // No skipDuplicates (SQLite lacks it); the service row lock makes the existence check
    // above reliable.
    if (added.length) {
      await tx.optOutNumber.createMany({
        data: added.map((number) => ({
          accountId: actor.accountId,
          projectId,
          serviceId: service.id,
          number,
          source: "MANUAL" as const,
          createdAt: now,
        })),
      });
    }
    return {
      added,
      alreadyPresent: batch.numbers.filter((n) => existing.has(n)),
      duplicates: batch.duplicates,
      invalid: batch.invalid,
    };
  });
}

export interface DeletedOptOutNumbers {
  deleted: string[];
  notFound: string[];
  duplicates: number;
  invalid: InvalidNumber[];
}

/** Deletes numbers (whatever their source). Invalid values are handled as in addOptOutNumbers. */
export async function deleteOptOutNumbers(
  deps: Deps,
  actor: Actor,
  projectId: string,
  values: readonly string[],
  { strict = false }: { strict?: boolean } = {},
): Promise<DeletedOptOutNumbers> {
  const batch = checkBatch(values, strict);
  return deps.db.$transaction(async (tx) => {
    await liveProjectIn(tx, actor, projectId);
    const service = await lockCompleteService(tx, projectId);
    const present = await numbersPresent(tx, { serviceId: service.id }, batch.numbers);
    const deleted = batch.numbers.filter((n) => present.has(n));
    for (let i = 0; i < deleted.length; i += IN_LIST_CHUNK) {
      await tx.optOutNumber.deleteMany({
        where: { serviceId: service.id, number: { in: deleted.slice(i, i + IN_LIST_CHUNK) } },
      });
    }
    return {
      deleted,
      notFound: batch.numbers.filter((n) => !present.has(n)),
      duplicates: batch.duplicates,
      invalid: batch.invalid,
    };
  });
}

export interface ArsRegistration {
  number: string;
  source: "ARS" | "MANUAL";
  registeredAt: Date;
  /** True when the number was already on the list (nothing changed). */
  alreadyPresent: boolean;
}

/**
 * Operator simulation of a call to the 080 number: the caller's number joins that service's
 * list with source ARS. Idempotent — a number already on the list keeps its entry.
 */
export async function registerArsOptOut(
  deps: Deps,
  actor: Actor,
  number080: string,
  callerNumber: string,
): Promise<ArsRegistration> {
  if (actor.role !== "OPERATOR") throw new ForbiddenError("Only operators simulate ARS calls");
  const dialled = number080.replace(/[\s-]/g, "");
  const caller = normalizeOptOutNumber(callerNumber);
  if (!caller.ok) throw ValidationError.field(["callerNumber"], caller.reason);
  const now = deps.clock.now();
  return deps.db.$transaction(async (tx) => {
    const service = is080Number(dialled)
      ? await tx.optOutService.findFirst({ where: { number080: dialled, status: "COMPLETE" } })
      : null;
    if (!service) throw new NotFoundError("OptOutService", number080);
    // Same row lock as the manual list changes: serialises with termination.
    const locked = await tx.optOutService.updateMany({
      where: { id: service.id, status: "COMPLETE" },
      data: { status: "COMPLETE" },
    });
    if (locked.count !== 1) throw new NotFoundError("OptOutService", number080);
    const existing = await tx.optOutNumber.findUnique({
      where: { serviceId_number: { serviceId: service.id, number: caller.number } },
    });
    if (existing)
      return {
        number: existing.number,
        source: existing.source,
        registeredAt: existing.createdAt,
        alreadyPresent: true,
      };
    const created = await tx.optOutNumber.create({
      data: {
        accountId: service.accountId,
        projectId: service.projectId,
        serviceId: service.id,
        number: caller.number,
        source: "ARS",
        createdAt: now,
      },
    });
    return {
      number: created.number,
      source: created.source,
      registeredAt: created.createdAt,
      alreadyPresent: false,
    };
  });
}

// ───────────────────────────── lookups for sending ─────────────────────────────

/** Only the list of a COMPLETE service counts (a STOPPED service's list is already empty). */
const onActiveList = (projectId: string) => ({
  projectId,
  service: { status: "COMPLETE" as const },
});

/** Whether `number` (any accepted format) is on the project's opt-out list. */
export async function isOptedOut(db: Client, projectId: string, number: string): Promise<boolean> {
  const check = normalizeOptOutNumber(number);
  if (!check.ok) return false;
  return (
    (await db.optOutNumber.findFirst({
      where: { ...onActiveList(projectId), number: check.number },
      select: { id: true },
    })) !== null
  );
}

/**
 * The numbers among `numbers` (any accepted spelling) that are on the project's active
 * opt-out list, as normalised digits (compare with normalizeOptOutNumber(n).number). A
 * program, so sends (via programs.read) and the scheduler (inside its transaction) share it.
 */
export function* optedOutNumbers(
  projectId: string,
  numbers: Iterable<string>,
): TxProgram<Set<string>> {
  const wanted = new Set<string>();
  for (const n of numbers) {
    const check = normalizeOptOutNumber(n);
    if (check.ok) wanted.add(check.number);
  }
  const found = new Set<string>();
  if (!wanted.size) return found;
  const active = `"projectId" = ? AND "serviceId" IN (SELECT "id" FROM "OptOutService" WHERE "projectId" = ? AND "status" = 'COMPLETE')`;
  const [count] = yield* query<{ n: unknown }>(
    `SELECT COUNT(*) AS "n" FROM "OptOutNumber" WHERE ${active}`,
    [projectId, projectId],
  );
  const listSize = Number(count?.n ?? 0);
  if (listSize === 0) return found;
  // A big send usually outnumbers the opt-out list: then one scan of the list beats
  // hundreds of IN (…) lookups; a long list is probed with the numbers in slices instead.
  const probes: string[][] = [];
  if (listSize > wanted.size) {
    const all = [...wanted];
    for (let i = 0; i < all.length; i += IN_LIST_CHUNK)
      probes.push(all.slice(i, i + IN_LIST_CHUNK));
  } else {
    probes.push([]);
  }
  for (const slice of probes) {
    const rows = yield* query<{ number: string }>(
      `SELECT "number" FROM "OptOutNumber" WHERE ${active}${slice.length ? ` AND "number" IN (${slice.map(() => "?").join(", ")})` : ""}`,
      [projectId, projectId, ...slice],
    );
    for (const r of rows) if (wanted.has(r.number)) found.add(r.number);
  }
  return found;
}
