// SMS self-verification of a sender number (docs/sender-numbers.md): confirming the code
// (attempts counted first, so parallel guesses get at most 5) and sending a new one.
import { ConflictError, NotFoundError, VerificationError } from "../domain/errors.ts";
import {
  VERIFICATION_CODE_TTL_MS,
  VERIFICATION_MAX_ATTEMPTS,
  VERIFICATION_RESEND_INTERVAL_MS,
  assertTransition,
  checkCodeFormat,
  codeMatches,
  hashVerificationCode,
  newVerificationCode,
  resendWaitMs,
  verificationBlocker,
  wrongCodeError,
} from "../domain/senderNumber.ts";
import type { Actor, Deps } from "./deps.ts";
import {
  TX_OPTIONS,
  deliverCode,
  getSenderNumber,
  ownSenderNumber,
  spendVerificationSend,
} from "./senderNumbers.ts";

/**
 * Checks an SMS code. The attempt is counted *first*, by an UPDATE guarded on "fewer than
 * 5 tries, not expired, still READY"; that UPDATE's row lock (PostgreSQL) or the single
 * writer (SQLite) means parallel guesses cannot get more than 5 tries at one code. A right
 * code then approves within the same transaction; a wrong one commits only the count, and
 * the error is thrown after the commit so the count is kept.
 */
export async function confirmSenderNumber(deps: Deps, actor: Actor, id: string, code: string) {
  const given = checkCodeFormat(code);
  const current = await getSenderNumber(deps, actor, id);
  const now = deps.clock.now();
  const blocked = verificationBlocker(current, now);
  if (blocked) throw blocked;

  const outcome = await deps.db.$transaction(async (tx) => {
    const claimed = await tx.senderNumber.updateMany({
      where: {
        ...ownSenderNumber(actor, id),
        method: "SMS",
        status: "READY",
        verificationTries: { lt: VERIFICATION_MAX_ATTEMPTS },
        verificationExpires: { gte: now },
      },
      data: { verificationTries: { increment: 1 } },
    });
    const sn = await tx.senderNumber.findFirst({ where: ownSenderNumber(actor, id) });
    if (!sn) return { error: new NotFoundError("SenderNumber", id) };
    if (claimed.count === 0) {
      return {
        error:
          verificationBlocker(sn, now) ??
          new VerificationError(
            "NOT_PENDING",
            "This sender number is not waiting for an SMS code",
            0,
          ),
      };
    }
    if (!codeMatches(sn.id, given, sn.verificationHash!))
      return { error: wrongCodeError(sn.verificationTries) };
    assertTransition("SMS", "READY", "APPROVED");
    const approved = await tx.senderNumber.update({
      where: { id },
      // The code has done its job; keeping its hash around would only be a liability.
      data: {
        status: "APPROVED",
        approvedAt: now,
        verificationHash: null,
        verificationExpires: null,
      },
    });
    await tx.senderNumberReview.create({
      data: {
        senderNumberId: id,
        accountId: actor.accountId,
        fromStatus: "READY",
        toStatus: "APPROVED",
        actorKeyId: actor.keyId,
      },
    });
    return { approved };
  }, TX_OPTIONS);
  if ("error" in outcome) throw outcome.error;
  return outcome.approved;
}

/**
 * Sends a new code: new 3-minute window, attempts back to 0 (this is also the way out of
 * TOO_MANY_ATTEMPTS). At most one code per 30 s. The code is sent before it is stored, so a
 * carrier failure leaves the previous code valid; the store is guarded on the previous
 * expiry so two parallel resends cannot both win.
 */
export async function resendSenderNumberCode(deps: Deps, actor: Actor, id: string) {
  const sn = await getSenderNumber(deps, actor, id);
  if (sn.method !== "SMS" || sn.status !== "READY") {
    throw new VerificationError(
      "NOT_PENDING",
      `Only READY SMS numbers get codes (this one is ${sn.method}, ${sn.status})`,
      0,
    );
  }
  const wait = resendWaitMs(sn.verificationExpires, deps.clock.now());
  if (wait > 0) {
    throw new ConflictError(
      `A new code can be requested ${VERIFICATION_RESEND_INTERVAL_MS / 1000} s after the previous one; try again in ${Math.ceil(wait / 1000)} s`,
    );
  }
  await spendVerificationSend(deps, actor.accountId, sn.number);
  const code = newVerificationCode();
  await deliverCode(deps, sn.id, sn.number, code, "the previous code is still valid");
  const { count } = await deps.db.senderNumber.updateMany({
    where: {
      ...ownSenderNumber(actor, id),
      method: "SMS",
      status: "READY",
      verificationExpires: sn.verificationExpires,
    },
    data: {
      verificationHash: hashVerificationCode(sn.id, code),
      verificationExpires: new Date(deps.clock.now().getTime() + VERIFICATION_CODE_TTL_MS),
      verificationTries: 0,
    },
  });
  if (count === 0)
    throw new ConflictError(
      "The number changed while the code was being sent (another resend, a confirmation or a deletion)",
    );
  return deps.db.senderNumber.findUniqueOrThrow({ where: { id } });
}
