// What every scheduler step shares: its settings, and the outcome it hands back to the loop
// (notices and events to publish after the commit, how many rows it claimed, its counters).
import type { Dialect } from "../../db/sql.ts";
import type { StatusEvent } from "../../realtime/events.ts";
import type { Notice } from "../../realtime/pubsub.ts";

export interface StepSettings {
  dialect: Dialect;
  /** How late a reservation or occurrence may still be sent; older ones become STALE. */
  graceMs: number;
  /** Reservations or schedules per transaction. */
  batchSize: number;
}

export interface SchedulerStats {
  reservationsStarted: number;
  occurrencesStarted: number;
  stale: number;
  skipped: number;
  finished: number;
}

export interface Outcome {
  notices: Notice[];
  events: StatusEvent[];
  /** Rows the step claimed: a full batch means there may be more. */
  count: number;
  stats: Partial<SchedulerStats>;
}

export function addStats(into: SchedulerStats, add: Partial<SchedulerStats>): void {
  for (const [key, n] of Object.entries(add) as [keyof SchedulerStats, number][]) into[key] += n;
}
