// Reservations (docs/reservations-and-schedules.md#reservations): reading and cancelling. They are created by sendMessage with
// mode RESERVATION (services/sending.ts) and moved on by the scheduler
// (delivery/scheduler.ts); the status machine lives in domain/reservations.ts.
import type { Prisma } from "../generated/prisma-sqlite/client.ts";
import { InvalidTransitionError, NotFoundError, ValidationError } from "../domain/errors.ts";
import { appendProjectEventsTx } from "../db/projectEvents.ts";
import { cancelReservationRow } from "../db/reservations.ts";
import { projectEventOf } from "../domain/projectEvents.ts";
import {
  CANCEL_CUTOFF_MS,
  type ReservationStatus,
  reservationMachine,
} from "../domain/reservations.ts";
import { reservationNotice } from "../realtime/pubsub.ts";
import type { Actor, Deps } from "./deps.ts";

/** A caller's reservation in a live project; another account's id is simply not found. */
export async function getReservation(deps: Deps, actor: Actor, reservationId: string) {
  const reservation = await deps.db.reservation.findFirst({
    where: { id: reservationId, accountId: actor.accountId, project: { deletedAt: null } },
  });
  if (!reservation) throw new NotFoundError("Reservation", reservationId);
  return reservation;
}

export interface ReservationFilter {
  projectId: string;
  /** reserveTime ≥ from */
  from?: Date | null;
  /** reserveTime < to */
  to?: Date | null;
  status?: ReservationStatus[] | null;
}

export function reservationWhere(
  actor: Actor,
  filter: ReservationFilter,
): Prisma.ReservationWhereInput {
  if (filter.from && filter.to && filter.from >= filter.to)
    throw ValidationError.field(["to"], "`to` must be after `from`");
  return {
    accountId: actor.accountId,
    projectId: filter.projectId,
    project: { deletedAt: null },
    ...(filter.from || filter.to
      ? {
          reserveTime: {
            ...(filter.from ? { gte: filter.from } : {}),
            ...(filter.to ? { lt: filter.to } : {}),
          },
        }
      : {}),
    // Distinct values: a list is bound as SQL parameters, and 40,000 copies of one status would overflow them.
    ...(filter.status?.length ? { status: { in: [...new Set(filter.status)] } } : {}),
  };
}

/**
 * READY → CANCELED (the machine's only way to CANCELED), only more than 10 minutes before
 * the send time. One conditional UPDATE (db/reservations.ts), so a scheduler picking the
 * reservation up at the same moment cannot race it.
 */
export async function cancelReservation(deps: Deps, actor: Actor, reservationId: string) {
  const reservation = await getReservation(deps, actor, reservationId);
  const now = deps.clock.now();
  const cutoff = new Date(now.getTime() + CANCEL_CUTOFF_MS);
  // The change and its project event log entry commit together, or neither does.
  const after = await deps.db.$transaction(async (tx) => {
    if (!(await cancelReservationRow(tx, reservation.id, cutoff, now))) return null;
    const row = await tx.reservation.findUniqueOrThrow({ where: { id: reservation.id } });
    await appendProjectEventsTx(tx, [
      projectEventOf(reservationNotice(row, row.status, row.statusReason, now))!,
    ]);
    return row;
  });
  if (!after) {
    const current = await deps.db.reservation.findUniqueOrThrow({ where: { id: reservation.id } });
    // The machine refuses every status but READY; READY itself is too close to its time.
    reservationMachine.assert(
      current.status,
      "CANCELED",
      "only READY reservations can be cancelled",
    );
    throw new InvalidTransitionError(
      "Reservation",
      current.status,
      "CANCELED",
      `it is sent at ${current.reserveTime.toISOString()}; cancelling closes 10 minutes before`,
    );
  }
  deps.pubsub.publishNotices([reservationNotice(after, after.status, after.statusReason, now)]);
  return after;
}
