// Operator review of DOCUMENT sender numbers (docs/sender-numbers.md): start, approve,
// reject, the proof document; and the member's soft deletion, which SKIPs the READY
// reservations that send from the number.
import { appendProjectEventsTx } from "../db/projectEvents.ts";
import { skipReservationsSendingFrom } from "../db/reservations.ts";
import { projectEventsOf } from "../domain/projectEvents.ts";
import { ConflictError, NotFoundError } from "../domain/errors.ts";
import { assertTransition, reasonOf, type SenderNumberStatus } from "../domain/senderNumber.ts";
import { reservationNotice } from "../realtime/pubsub.ts";
import type { Actor, Deps } from "./deps.ts";
import { TX_OPTIONS, ownSenderNumber, requireOperator } from "./senderNumbers.ts";

/**
 * One operator review step. The UPDATE is guarded on the status that was read, so two
 * operators acting at once cannot both move the same request: the second one sees the
 * new status and gets an InvalidTransitionError.
 */
async function review(
  deps: Deps,
  actor: Actor,
  id: string,
  to: SenderNumberStatus,
  data: { approvedAt?: Date; rejectionReason?: string | null },
  reason: string | null,
) {
  requireOperator(actor);
  return deps.db.$transaction(async (tx) => {
    // Operators act across accounts (they are platform staff), so no accountId here.
    const sn = await tx.senderNumber.findFirst({ where: { id, deletedAt: null } });
    if (!sn) throw new NotFoundError("SenderNumber", id);
    assertTransition(sn.method, sn.status, to);
    const { count } = await tx.senderNumber.updateMany({
      where: { id, status: sn.status, deletedAt: null },
      data: { status: to, ...data },
    });
    if (count === 0) {
      const latest = await tx.senderNumber.findUnique({ where: { id } });
      if (!latest || latest.deletedAt) throw new NotFoundError("SenderNumber", id);
      assertTransition(latest.method, latest.status, to);
      throw new ConflictError("The request changed while it was being reviewed; reload it");
    }
    await tx.senderNumberReview.create({
      data: {
        senderNumberId: id,
        accountId: sn.accountId,
        fromStatus: sn.status,
        toStatus: to,
        reason,
        actorKeyId: actor.keyId,
      },
    });
    return tx.senderNumber.findUniqueOrThrow({ where: { id } });
  }, TX_OPTIONS);
}

export function startSenderNumberReview(deps: Deps, actor: Actor, id: string) {
  return review(deps, actor, id, "IN_PROGRESS", {}, null);
}

export function approveSenderNumber(deps: Deps, actor: Actor, id: string) {
  return review(
    deps,
    actor,
    id,
    "APPROVED",
    { approvedAt: deps.clock.now(), rejectionReason: null },
    null,
  );
}

export function rejectSenderNumber(deps: Deps, actor: Actor, id: string, reason: string) {
  const r = reasonOf(reason);
  return review(deps, actor, id, "REJECTED", { rejectionReason: r }, r);
}

/** The proof document with its bytes, for an operator reviewing the request; null when there is none. */
export async function getSenderNumberProof(deps: Deps, actor: Actor, id: string) {
  requireOperator(actor);
  const sn = await deps.db.senderNumber.findFirst({
    where: { id, deletedAt: null },
    select: { proofFile: true },
  });
  return sn?.proofFile ?? null;
}

export interface SenderNumberDeletion {
  senderNumberId: string;
  skippedReservations: number;
}

/**
 * Soft delete (the row stays so history keeps its sender). In the same transaction, READY
 * reservations of the account that send from this number end SKIP — unless another live
 * APPROVED registration of the same number remains, which the duplicate rule normally
 * prevents but a deleted-then-re-registered number could produce.
 */
export async function deleteSenderNumber(
  deps: Deps,
  actor: Actor,
  id: string,
): Promise<SenderNumberDeletion> {
  const now = deps.clock.now();
  const { deletion, skipped } = await deps.db.$transaction(async (tx) => {
    const sn = await tx.senderNumber.findFirst({ where: ownSenderNumber(actor, id) });
    if (!sn) throw new NotFoundError("SenderNumber", id);
    const { count } = await tx.senderNumber.updateMany({
      where: ownSenderNumber(actor, id),
      data: { deletedAt: now },
    });
    if (count === 0) throw new NotFoundError("SenderNumber", id);
    const stillApproved = await tx.senderNumber.count({
      where: { accountId: actor.accountId, number: sn.number, status: "APPROVED", deletedAt: null },
    });
    if (stillApproved > 0)
      return { deletion: { senderNumberId: id, skippedReservations: 0 }, skipped: [] };
    const skipped = (await skipReservationsSendingFrom(tx, actor.accountId, sn.number, now)).map(
      (r) =>
        reservationNotice({ ...r, accountId: actor.accountId }, "SKIP", "SENDER_NOT_APPROVED", now),
    );
    // Logged in the transaction that ends them (docs/webhooks.md#the-project-event-log).
    await appendProjectEventsTx(tx, projectEventsOf(skipped));
    return { deletion: { senderNumberId: id, skippedReservations: skipped.length }, skipped };
  }, TX_OPTIONS);
  // Subscribers of those reservations hear that they ended.
  deps.pubsub.publishNotices(skipped);
  return deletion;
}
