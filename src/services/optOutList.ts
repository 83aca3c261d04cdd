// The opt-out list of a project's COMPLETE 080 service (docs/opt-out-080.md): listing with a
// filter, adding and deleting numbers (MANUAL), and the operator's ARS call simulation. Every
// change holds the service's row lock, so it is serialised with termination.
import type { Prisma } from "../db/client.ts";
import { appendProjectEventsTx } from "../db/projectEvents.ts";
import { ForbiddenError, NotFoundError, ValidationError } from "../domain/errors.ts";
import {
  OPT_OUT_NUMBERS_PER_CALL,
  OptOutServiceNotActiveError,
  is080Number,
  normalizeNumberBatch,
  normalizeNumberPrefix,
  normalizeOptOutNumber,
  type InvalidNumber,
  type NumberBatch,
} from "../domain/optOut.ts";
import { arsOptOutEvent } from "../domain/projectEvents.ts";
import type { Actor, Deps } from "./deps.ts";
import { currentService, liveProjectIn, lockCompleteService } from "./optOut.ts";

type Client = Deps["db"] | Prisma.TransactionClient;

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
  let added = null as { accountId: string; projectId: string } | null;
  const registration = await deps.db.$transaction(async (tx) => {
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
    // Logged last, in the same transaction (docs/webhooks.md#the-project-event-log).
    await appendProjectEventsTx(tx, [arsOptOutEvent(service, created.number, now)]);
    added = { accountId: service.accountId, projectId: service.projectId };
    return {
      number: created.number,
      source: created.source,
      registeredAt: created.createdAt,
      alreadyPresent: false,
    };
  });
  if (added)
    deps.pubsub.publishNotices([
      { kind: "optOut", ...added, number: registration.number, at: now.getTime() },
    ]);
  return registration;
}
