// What the scheduler decides for a schedule's occurrences and for any due send, without I/O
// (docs/reservations-and-schedules.md): which instants are due this tick, which templates take
// part in an occurrence, whether it is sent, STALE or SKIP, and why a send is skipped.
import { nextOccurrence, type WeeklyRule } from "./localTime.ts";
import type { OccurrenceStatus, SkipReason } from "./reservations.ts";

/**
 * The pending instant and every later one up to `now` (more than one after an outage), at
 * most `max` of them: a long outage is caught up over several ticks.
 */
export function dueInstants(rule: WeeklyRule, pending: Date, now: Date, max: number): Date[] {
  const instants = [pending];
  while (instants.length < max) {
    const next = nextOccurrence(rule, instants[instants.length - 1]!);
    if (!next || next > now) break;
    instants.push(next);
  }
  return instants;
}

/** A template takes part in the occurrences from its attachment until it was detached. */
export function takesPart(
  template: { createdAt: Date; detachedAt: Date | null },
  instant: Date,
): boolean {
  if (template.createdAt > instant) return false;
  return template.detachedAt === null || template.detachedAt > instant;
}

export type OccurrenceReason = SkipReason | "NOT_PROCESSED_IN_TIME";

/**
 * How an occurrence is created: STALE when its instant is older than the grace window, SKIP
 * when there is nothing to send with, else PROCESSING (its request is created now).
 */
export function occurrenceOutcome(
  instant: Date,
  now: Date,
  graceMs: number,
  skip: SkipReason | null,
): { status: OccurrenceStatus; reason: OccurrenceReason | null } {
  if (instant.getTime() < now.getTime() - graceMs)
    return { status: "STALE", reason: "NOT_PROCESSED_IN_TIME" };
  if (skip) return { status: "SKIP", reason: skip };
  return { status: "PROCESSING", reason: null };
}

/** The facts of one due send that decide whether it can go out at all. */
export interface SendFacts {
  projectDeleted: boolean;
  senderApproved: boolean;
  contentType: "COMM" | "AD";
  /** The project has a COMPLETE 080 opt-out service. */
  has080: boolean;
}

/** Why a due send cannot go out (SKIP), checked in this order; null when it can. */
export function skipReasonOf(f: SendFacts): SkipReason | null {
  if (f.projectDeleted) return "PROJECT_DELETED";
  if (!f.senderApproved) return "SENDER_NOT_APPROVED";
  if (f.contentType === "AD" && !f.has080) return "NO_OPT_OUT_SERVICE";
  return null;
}
