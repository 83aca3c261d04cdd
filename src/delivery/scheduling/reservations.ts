// The scheduler's reservation step (docs/reservations-and-schedules.md#reservation-statuses):
// in one transaction, READY reservations past the grace window end STALE, due ones that
// cannot be sent end SKIP, and the rest get their messages and turn PROCESSING.
import { deleteDeferredRecipients } from "../../db/deferredRecipients.ts";
import type { TxProgram } from "../../db/program.ts";
import {
  claimDueReservations,
  type DueReservation,
  markStaleReservations,
  skipReservations,
  startReservations,
} from "../../db/reservations.ts";
import type { SkipReason } from "../../domain/reservations.ts";
import { type Notice, reservationNotice } from "../../realtime/pubsub.ts";
import { materialize, skipReasons } from "./sendable.ts";
import type { Outcome, StepSettings } from "./step.ts";

export function* reservationsStep(settings: StepSettings, now: Date): TxProgram<Outcome> {
  const notices: Notice[] = [];
  // Too late: not sent at all.
  const stale = yield* markStaleReservations(now, new Date(now.getTime() - settings.graceMs));
  for (const r of stale) notices.push(reservationNotice(r, "STALE", "NOT_PROCESSED_IN_TIME", now));

  const due = yield* claimDueReservations(settings.dialect, now, settings.batchSize);
  if (!due.length) return { notices, events: [], count: 0, stats: { stale: stale.length } };
  const reasons = yield* skipReasons(due);
  const go = due.filter((r) => !reasons.has(r.requestId));
  for (const [reason, group] of bySkipReason(due, reasons)) {
    yield* skipReservations(
      group.map((r) => r.id),
      reason,
      now,
    );
    for (const r of group) notices.push(reservationNotice(r, "SKIP", reason, now));
  }
  // A reservation's messages belong to its own request (its requestId is what the user got).
  const events = yield* materialize(
    go.map((r) => ({
      source: r.requestId,
      contentType: r.contentType,
      target: {
        accountId: r.accountId,
        projectId: r.projectId,
        requestId: r.requestId,
        countryCode: r.countryCode,
        requestTime: r.requestTime,
      },
    })),
    now,
  );
  yield* startReservations(
    go.map((r) => r.id),
    now,
  );
  // The messages now hold the recipients.
  yield* deleteDeferredRecipients(go.map((r) => r.requestId));
  for (const r of go) notices.push(reservationNotice(r, "PROCESSING", null, now));
  return {
    notices,
    events,
    count: due.length,
    stats: {
      stale: stale.length,
      skipped: due.length - go.length,
      reservationsStarted: go.length,
    },
  };
}

function bySkipReason(
  due: readonly DueReservation[],
  reasons: ReadonlyMap<string, SkipReason>,
): Map<SkipReason, DueReservation[]> {
  const out = new Map<SkipReason, DueReservation[]>();
  for (const r of due) {
    const reason = reasons.get(r.requestId);
    if (!reason) continue;
    const list = out.get(reason);
    if (list) list.push(r);
    else out.set(reason, [r]);
  }
  return out;
}
