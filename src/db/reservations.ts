// The Reservation table's raw statements for the scheduler: what is due, the guarded status
// changes (STALE, SKIP, PROCESSING, DONE, FAIL — each UPDATE admits only the machine's
// sources of its target, domain/reservations.ts) and rows decoded once into typed values;
// and the two transitions the services make through Prisma (cancel, SKIP on sender deletion),
// guarded the same way.
import { reservationMachine, type SkipReason } from "../domain/reservations.ts";
import type { Db, Prisma } from "./client.ts";
import { query, type TxProgram } from "./program.ts";
import { statusIs, transition } from "./guards.ts";
import { chunks, dateOf, type Dialect, marks, skipLocked } from "./sql.ts";

/** What a reservation notice needs to name the reservation. */
export interface ReservationRef {
  id: string;
  accountId: string;
  projectId: string;
  requestId: string;
}

/** A due reservation with the facts of its request the send-time checks need. */
export interface DueReservation extends ReservationRef {
  from: string;
  contentType: "COMM" | "AD";
  countryCode: string;
  requestTime: Date;
  projectDeleted: boolean;
}

const READY = statusIs(reservationMachine, "READY");
const REF = `"id", "accountId", "projectId", "requestId"`;

/** Whether any READY reservation's time has come (a read: an idle scheduler writes nothing). */
export function* hasDueReservation(now: Date): TxProgram<boolean> {
  const rows = yield* query(
    `SELECT "id" FROM "Reservation" WHERE ${READY} AND "reserveTime" <= ? LIMIT 1`,
    [now],
  );
  return rows.length > 0;
}

export function* hasProcessingReservation(): TxProgram<boolean> {
  const rows = yield* query(
    `SELECT "id" FROM "Reservation" WHERE ${statusIs(reservationMachine, "PROCESSING")} LIMIT 1`,
  );
  return rows.length > 0;
}

/** READY reservations due before `cutoff` (too late to send) become STALE. */
export function* markStaleReservations(now: Date, cutoff: Date): TxProgram<ReservationRef[]> {
  const t = transition(reservationMachine, "STALE");
  return yield* query<ReservationRef>(
    `UPDATE "Reservation" SET ${t.set}, "statusReason" = 'NOT_PROCESSED_IN_TIME', "finishedAt" = ?, "updatedAt" = ?
     WHERE ${t.where} AND "reserveTime" < ?
     RETURNING ${REF}`,
    [now, now, cutoff],
  );
}

interface DueRow extends ReservationRef {
  from: string;
  contentType: "COMM" | "AD";
  countryCode: string;
  requestTime: unknown;
  deletedAt: unknown;
}

/** Up to `limit` due READY reservations, oldest first, locked for this transaction. */
export function* claimDueReservations(
  dialect: Dialect,
  now: Date,
  limit: number,
): TxProgram<DueReservation[]> {
  const rows = yield* query<DueRow>(
    `SELECT r."id", r."accountId", r."projectId", r."requestId", q."from", q."contentType", q."countryCode", q."requestTime", p."deletedAt"
     FROM "Reservation" r JOIN "MessageRequest" q ON q."id" = r."requestId" JOIN "Project" p ON p."id" = r."projectId"
     WHERE ${statusIs(reservationMachine, "READY", 'r."status"')} AND r."reserveTime" <= ?
     ORDER BY r."reserveTime" LIMIT ? ${skipLocked(dialect, "r")}`,
    [now, limit],
  );
  return rows.map(({ deletedAt, requestTime, ...r }) => ({
    ...r,
    requestTime: dateOf(requestTime),
    projectDeleted: deletedAt !== null,
  }));
}

/** The given reservations end SKIP with `reason` (nothing is sent). */
export function* skipReservations(
  ids: readonly string[],
  reason: SkipReason,
  now: Date,
): TxProgram<void> {
  const t = transition(reservationMachine, "SKIP");
  for (const slice of chunks(ids)) {
    yield* query(
      `UPDATE "Reservation" SET ${t.set}, "statusReason" = ?, "finishedAt" = ?, "updatedAt" = ? WHERE ${t.where} AND "id" IN (${marks(slice.length)})`,
      [reason, now, now, ...slice],
    );
  }
}

/** The given reservations turn PROCESSING (their messages were created in this transaction). */
export function* startReservations(ids: readonly string[], now: Date): TxProgram<void> {
  const t = transition(reservationMachine, "PROCESSING");
  for (const slice of chunks(ids)) {
    yield* query(
      `UPDATE "Reservation" SET ${t.set}, "processedAt" = ?, "updatedAt" = ? WHERE ${t.where} AND "id" IN (${marks(slice.length)})`,
      [now, now, ...slice],
    );
  }
}

/**
 * `DONE` (any message succeeded) and `FAIL` (none did) for the rows of `table` whose messages
 * are all COMPLETED; the fragments of the finishing UPDATE both tables share.
 */
export const FINISHED = {
  DONE: { reason: null, success: "EXISTS" },
  FAIL: { reason: "NO_MESSAGE_DELIVERED", success: "NOT EXISTS" },
} as const;

export function finishedWhere(table: string, outcome: keyof typeof FINISHED): string {
  const messages = `FROM "Message" m WHERE m."requestId" = "${table}"."requestId"`;
  return `NOT EXISTS (SELECT 1 ${messages} AND m."status" <> 'COMPLETED')
     AND ${FINISHED[outcome].success} (SELECT 1 ${messages} AND m."result" = 'SUCCESS')`;
}

/** PROCESSING reservations whose messages are all COMPLETED end DONE or FAIL. */
export function* finishReservations(
  outcome: keyof typeof FINISHED,
  now: Date,
): TxProgram<ReservationRef[]> {
  const t = transition(reservationMachine, outcome);
  return yield* query<ReservationRef>(
    `UPDATE "Reservation" SET ${t.set}, "statusReason" = ?, "finishedAt" = ?, "updatedAt" = ?
     WHERE ${t.where} AND ${finishedWhere("Reservation", outcome)}
     RETURNING ${REF}`,
    [FINISHED[outcome].reason, now, now],
  );
}

// ── through Prisma, inside the services' transactions ─────────────────────────────────

type Client = Db | Prisma.TransactionClient;

/**
 * READY → CANCELED while the send time is after `cutoff`: one conditional UPDATE, so a
 * scheduler picking the reservation up at the same moment cannot race it. False when it
 * matched nothing (the caller reads why).
 */
export async function cancelReservationRow(
  db: Client,
  id: string,
  cutoff: Date,
  now: Date,
): Promise<boolean> {
  const updated = await db.reservation.updateMany({
    where: {
      id,
      status: { in: [...reservationMachine.sourcesOf("CANCELED")] },
      reserveTime: { gt: cutoff },
    },
    data: { status: "CANCELED", statusReason: "CANCELED_BY_USER", finishedAt: now },
  });
  return updated.count === 1;
}

/**
 * The account's READY reservations that send from `number` end SKIP (SENDER_NOT_APPROVED);
 * returns exactly the rows this call ended (their finishedAt is `now`).
 */
export async function skipReservationsSendingFrom(
  tx: Prisma.TransactionClient,
  accountId: string,
  number: string,
  now: Date,
): Promise<{ id: string; requestId: string; projectId: string }[]> {
  const sendingFromIt = { accountId, request: { accountId, from: number } };
  await tx.reservation.updateMany({
    where: { ...sendingFromIt, status: { in: [...reservationMachine.sourcesOf("SKIP")] } },
    data: { status: "SKIP", statusReason: "SENDER_NOT_APPROVED", finishedAt: now },
  });
  return tx.reservation.findMany({
    where: {
      ...sendingFromIt,
      status: "SKIP",
      statusReason: "SENDER_NOT_APPROVED",
      finishedAt: now,
    },
    select: { id: true, requestId: true, projectId: true },
  });
}
