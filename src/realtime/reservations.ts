// `reservationStatusChanged` (SPEC §10): reservation status changes of a project or of one
// reservation. Live notices only (they are rare and carry the whole state): a one-reservation
// subscription starts with the reservation's current state, so nothing that happened before
// subscribing is missed, and ends after a final status.
import type { Db } from "../db/client.ts";
import { NotFoundError, ValidationError } from "../domain/errors.ts";
import type { Actor } from "../services/deps.ts";
import { Channel } from "./channel.ts";
import { reservationNotice, type EventBus, type Notice } from "./pubsub.ts";

const FINAL = new Set(["DONE", "FAIL", "CANCELED", "STALE", "SKIP"]);

export async function subscribeReservationNotices(
  deps: { db: Db; pubsub: EventBus },
  actor: Actor,
  target: { projectId?: string | null; reservationId?: string | null },
  queueLimit: number,
): Promise<AsyncIterableIterator<Notice>> {
  if ((target.projectId == null) === (target.reservationId == null)) throw new ValidationError("Give exactly one of projectId or reservationId");
  const { accountId } = actor;
  let projectId: string;
  if (target.projectId) {
    const project = await deps.db.project.findFirst({ where: { id: target.projectId, accountId, deletedAt: null }, select: { id: true } });
    if (!project) throw new NotFoundError("Project", target.projectId);
    projectId = project.id;
  } else {
    const r = await deps.db.reservation.findFirst({ where: { id: target.reservationId!, accountId, project: { deletedAt: null } }, select: { projectId: true } });
    if (!r) throw new NotFoundError("Reservation", target.reservationId!);
    projectId = r.projectId;
  }
  let unsubscribe: (() => void) | null = null;
  const channel = new Channel<Notice>(() => unsubscribe?.());
  const only = target.reservationId ?? null;
  const deliver = (n: Notice) => {
    if (channel.isClosed) return;
    // Notices are small and rare; a client this far behind is cut off rather than buffered forever.
    if (channel.size >= queueLimit) return channel.end();
    channel.push(n);
    if (only && FINAL.has(n.status)) channel.end();
  };
  // One reservation: notices that arrive while its current state is read wait behind it.
  let held: Notice[] | null = only ? [] : null;
  const stop = await deps.pubsub.subscribeNotices(projectId, (notices) => {
    for (const n of notices) {
      if (n.accountId !== accountId || (only && n.reservationId !== only)) continue;
      if (held) held.push(n);
      else deliver(n);
    }
  });
  unsubscribe = stop;
  if (only) {
    // Read after listening, so no change can fall between the snapshot and the live notices.
    const r = await deps.db.reservation.findUniqueOrThrow({ where: { id: only } });
    deliver(reservationNotice(r, r.status, r.statusReason, r.updatedAt));
    const waiting = held ?? [];
    held = null;
    for (const n of waiting) if (n.status !== r.status) deliver(n);
  }
  return channel;
}
