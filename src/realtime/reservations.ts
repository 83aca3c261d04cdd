// `reservationStatusChanged` (docs/realtime.md#reservations-and-occurrences): reservation status changes of a project or of one
// reservation. Notices carry the whole state, so catching up is replaying states, not an
// event log: a one-reservation subscription starts with the reservation's current state and
// ends after a final status; a project subscription with `changedSince` (a reconnecting
// client passes the time of the last notice it saw) starts with the current state of every
// reservation of the project changed after that instant, oldest change first, then goes live.
import type { Db } from "../db/client.ts";
import { NotFoundError, ValidationError } from "../domain/errors.ts";
import { reservationMachine } from "../domain/reservations.ts";
import type { Actor } from "../services/deps.ts";
import { Channel } from "./channel.ts";
import { reservationNotice, type EventBus, type ReservationNotice } from "./pubsub.ts";

const isFinal = (status: string) =>
  reservationMachine.isStatus(status) && reservationMachine.isFinal(status);
/** Statuses only move forward (READY → PROCESSING → a final one, or READY → a final one). */
const rank = (status: string) => (status === "READY" ? 0 : isFinal(status) ? 2 : 1);

export async function subscribeReservationNotices(
  deps: { db: Db; pubsub: EventBus },
  actor: Actor,
  target: { projectId?: string | null; reservationId?: string | null; changedSince?: Date | null },
  queueLimit: number,
): Promise<AsyncIterableIterator<ReservationNotice>> {
  if ((target.projectId == null) === (target.reservationId == null))
    throw new ValidationError("Give exactly one of projectId or reservationId");
  if (target.changedSince && !target.projectId) {
    throw ValidationError.field(
      ["changedSince"],
      "changedSince goes with projectId; a reservationId subscription always starts with the reservation's current state",
    );
  }
  const { accountId } = actor;
  const projectId = await projectOfTarget(deps.db, accountId, target);
  let unsubscribe: (() => void) | null = null;
  const channel = new Channel<ReservationNotice>(() => unsubscribe?.());
  const only = target.reservationId ?? null;
  const deliver = (n: ReservationNotice) => {
    if (channel.isClosed) return;
    // Notices are small and rare; a client this far behind is cut off rather than buffered forever.
    if (channel.size >= queueLimit) return channel.end();
    channel.push(n);
    if (only && isFinal(n.status)) channel.end();
  };
  // Notices that arrive while current states are read wait behind them.
  const since = target.changedSince ?? null;
  let held: ReservationNotice[] | null = only || since ? [] : null;
  const stop = await deps.pubsub.subscribeNotices(projectId, (notices) => {
    for (const n of notices) {
      if (
        n.kind !== "reservation" ||
        n.accountId !== accountId ||
        (only && n.reservationId !== only)
      )
        continue;
      if (held) held.push(n);
      else deliver(n);
    }
  });
  unsubscribe = stop;
  if (held) {
    // Read after listening, so no change can fall between the states and the live notices.
    let current: Awaited<ReturnType<typeof currentStates>>;
    try {
      current = await currentStates(deps.db, { accountId, projectId, only, since }, queueLimit + 1);
    } catch (err) {
      void channel.return();
      throw err;
    }
    if (current.length > queueLimit) {
      void channel.return();
      throw ValidationError.field(
        ["changedSince"],
        `More than ${queueLimit} reservations changed since ${since!.toISOString()}; list them with the reservations query and subscribe without changedSince`,
      );
    }
    const seen = new Map<string, string>();
    for (const r of current) {
      deliver(reservationNotice(r, r.status, r.statusReason, r.updatedAt));
      seen.set(r.id, r.status);
    }
    const waiting = held;
    held = null;
    // A held notice is news only if it moves past the state just sent.
    for (const n of waiting) {
      const sent = seen.get(n.reservationId);
      if (sent === undefined || rank(n.status) > rank(sent)) deliver(n);
    }
  }
  return channel;
}

/** The project a subscription listens to; NotFoundError for another account's or a deleted one. */
async function projectOfTarget(
  db: Db,
  accountId: string,
  target: { projectId?: string | null; reservationId?: string | null },
): Promise<string> {
  if (target.projectId) {
    const project = await db.project.findFirst({
      where: { id: target.projectId, accountId, deletedAt: null },
      select: { id: true },
    });
    if (!project) throw new NotFoundError("Project", target.projectId);
    return project.id;
  }
  const r = await db.reservation.findFirst({
    where: { id: target.reservationId!, accountId, project: { deletedAt: null } },
    select: { projectId: true },
  });
  if (!r) throw new NotFoundError("Reservation", target.reservationId!);
  return r.projectId;
}

/** The one reservation's state, or the project's reservations changed after `since` (oldest first). */
async function currentStates(
  db: Db,
  t: { accountId: string; projectId: string; only: string | null; since: Date | null },
  take: number,
) {
  if (t.only) return [await db.reservation.findUniqueOrThrow({ where: { id: t.only } })];
  return db.reservation.findMany({
    where: { accountId: t.accountId, projectId: t.projectId, updatedAt: { gt: t.since! } },
    orderBy: [{ updatedAt: "asc" }, { id: "asc" }],
    take,
  });
}
