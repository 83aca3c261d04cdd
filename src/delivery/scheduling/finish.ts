// The scheduler's finishing step: PROCESSING reservations and occurrences whose messages are
// all COMPLETED become DONE (any success) or FAIL (none), in one transaction.
import { finishOccurrences } from "../../db/occurrences.ts";
import type { TxProgram } from "../../db/program.ts";
import { FINISHED, finishReservations } from "../../db/reservations.ts";
import { projectsOfSchedules } from "../../db/schedules.ts";
import { type Notice, occurrenceNotice, reservationNotice } from "../../realtime/pubsub.ts";
import type { Outcome } from "./step.ts";

const OUTCOMES = ["DONE", "FAIL"] as const;

export function* finishStep(now: Date): TxProgram<Outcome> {
  const notices: Notice[] = [];
  let count = 0;
  for (const status of OUTCOMES) {
    const reason = FINISHED[status].reason;
    const rows = yield* finishReservations(status, now);
    for (const r of rows) notices.push(reservationNotice(r, status, reason, now));
    count += rows.length;
  }
  for (const status of OUTCOMES) {
    const reason = FINISHED[status].reason;
    const rows = yield* finishOccurrences(status, now);
    // An occurrence row has no projectId: its schedule's.
    const projects = yield* projectsOfSchedules(rows.map((r) => r.scheduleId));
    for (const r of rows) {
      const projectId = projects.get(r.scheduleId);
      if (projectId === undefined) continue; // its schedule was deleted in the meantime
      notices.push(occurrenceNotice({ ...r, projectId }, status, reason, now));
    }
    count += rows.length;
  }
  return { notices, events: [], count, stats: { finished: count } };
}
