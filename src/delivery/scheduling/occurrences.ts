// The scheduler's schedule step (docs/reservations-and-schedules.md#schedules): for each due
// schedule, in one transaction, every due instant's occurrence of every attached template is
// recorded (PROCESSING with a copy of the template's request, or STALE, or SKIP), the messages
// of the sent ones are created, and the schedule moves on to its next instant.
import { insertOccurrence } from "../../db/occurrences.ts";
import type { TxProgram } from "../../db/program.ts";
import {
  claimDueSchedules,
  copyTemplateRequest,
  type DueSchedule,
  type ScheduleTemplateRow,
  setNextOccurrence,
  templatesOf,
} from "../../db/schedules.ts";
import { nextOccurrence, ruleOf } from "../../domain/localTime.ts";
import { dueInstants, occurrenceOutcome, takesPart } from "../../domain/occurrences.ts";
import type { SkipReason } from "../../domain/reservations.ts";
import { newId } from "../../ids.ts";
import type { StatusEvent } from "../../realtime/events.ts";
import { type Notice, occurrenceNotice } from "../../realtime/pubsub.ts";
import { type MaterializeItem, materialize, skipReasons } from "./sendable.ts";
import type { Outcome, SchedulerStats, StepSettings } from "./step.ts";

/** Occurrences of one schedule handled per tick (a long outage is caught up over several). */
const OCCURRENCES_PER_TICK = 200;

export function* schedulesStep(settings: StepSettings, now: Date): TxProgram<Outcome> {
  const schedules = yield* claimDueSchedules(settings.dialect, now, settings.batchSize);
  const events: StatusEvent[] = [];
  const notices: Notice[] = [];
  const stats = { stale: 0, skipped: 0, occurrencesStarted: 0 } satisfies Partial<SchedulerStats>;
  for (const s of schedules) {
    const rule = ruleOf(s);
    const instants = dueInstants(rule, s.nextOccurrenceAt, now, OCCURRENCES_PER_TICK);
    const templates = yield* templatesOf(s.id);
    const reasons = yield* skipReasons(
      templates.map((t) => ({
        ...t,
        accountId: s.accountId,
        projectId: s.projectId,
        projectDeleted: s.projectDeleted,
      })),
    );
    const started: MaterializeItem[] = [];
    for (const instant of instants) {
      for (const t of templates) {
        if (!takesPart(t, instant)) continue;
        const out = yield* recordOccurrence(settings, now, s, t, instant, reasons);
        if (!out) continue;
        notices.push(out.notice);
        if (out.status === "STALE") stats.stale++;
        if (out.status === "SKIP") stats.skipped++;
        if (out.item) {
          started.push(out.item);
          stats.occurrencesStarted++;
        }
      }
    }
    events.push(...(yield* materialize(started, now)));
    yield* setNextOccurrence(s.id, nextOccurrence(rule, instants[instants.length - 1]!), now);
  }
  return { notices, events, count: schedules.length, stats };
}

/**
 * One template at one instant: inserts the occurrence (null when another scheduler already
 * did) and, when it is sent, its request copied from the template's.
 */
function* recordOccurrence(
  settings: StepSettings,
  now: Date,
  s: DueSchedule,
  t: ScheduleTemplateRow,
  instant: Date,
  reasons: ReadonlyMap<string, SkipReason>,
) {
  const { status, reason } = occurrenceOutcome(
    instant,
    now,
    settings.graceMs,
    reasons.get(t.requestId) ?? null,
  );
  const requestId = status === "PROCESSING" ? newId() : null;
  const occurrence = {
    id: newId(),
    accountId: s.accountId,
    scheduleId: s.id,
    templateId: t.id,
    scheduledFor: instant,
    status,
    statusReason: reason,
    requestId,
    createdAt: now,
  };
  if (!(yield* insertOccurrence(settings.dialect, occurrence))) return null;
  const notice = occurrenceNotice({ ...occurrence, projectId: s.projectId }, status, reason, now);
  if (!requestId) return { status, notice, item: null };
  yield* copyTemplateRequest({
    requestId,
    templateRequestId: t.requestId,
    occurrenceId: occurrence.id,
    requestTime: now,
  });
  const item: MaterializeItem = {
    source: t.requestId,
    contentType: t.contentType,
    target: {
      accountId: s.accountId,
      projectId: s.projectId,
      requestId,
      countryCode: t.countryCode,
      requestTime: now,
    },
  };
  return { status, notice, item };
}
