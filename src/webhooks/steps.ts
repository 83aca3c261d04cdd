// What one delivery step sends: the events of one log (message status events, or the
// project event log) after the endpoint's cursor in it become webhook events (filtered by
// the endpoint's types), grouped into POSTs — one batch, or, unbatched, the events of the
// next log entry that yields any. The cursor moves to `toSeq` once every
// POST of the step was answered 2xx; a failed step is retried over exactly the same range
// (pendingToSeq), so its webhook-ids do not change.
import type { RequestTotals } from "../db/webhookEvents.ts";
import type { WebhookLog } from "../db/webhookDelivery.ts";
import type { EndpointRow } from "../db/webhooks.ts";
import type { ProjectEvent } from "../domain/projectEvents.ts";
import type { StatusEvent } from "../realtime/events.ts";
import {
  bodyOf,
  messageEvent,
  parseTypes,
  STATUS_EVENT_TYPES,
  type EventType,
  projectWebhookEvent,
  requestCompletedEvent,
  type WebhookEvent,
} from "./payload.ts";

export interface PlannedPost {
  id: string;
  body: string;
  firstSeq: number;
  lastSeq: number;
  events: number;
}

/** POSTs that move the cursor to `toSeq` once all of them were answered 2xx. */
export interface Unit {
  toSeq: number;
  posts: PlannedPost[];
}

/** Where a step reads from: the endpoint's cursor in that log, and how its batch ids are spelt. */
interface Range {
  cursor: number;
  /** `batch_<projectId>_<prefix><first>_<last>`: "" for the status log, "p" for the project log. */
  prefix: string;
}

/**
 * Status events → units. Batched: one unit, a batch of up to batchSize events. Unbatched:
 * one unit per status event that yields events (its one or two events, each POSTed alone),
 * in order; events the type filter drops are folded into the next unit. `whole` (a retry)
 * makes the range one unit. `finished`: the requests whose last COMPLETED event is among
 * `events` (db/webhookEvents.ts finishedRequests), each closed by a request.completed event.
 */
export function planUnits(
  e: EndpointRow,
  events: readonly StatusEvent[],
  whole: boolean,
  finished: ReadonlyMap<string, RequestTotals>,
): Unit[] {
  const types = parseTypes(e.eventTypes);
  const produced = (x: StatusEvent): WebhookEvent[] => {
    const out: WebhookEvent[] = [];
    if (types.has("MESSAGE_STATUS")) out.push(messageEvent(x));
    const t = x.status === "COMPLETED" ? finished.get(x.requestId) : undefined;
    if (t && t.lastSeq === x.seq) out.push(requestCompletedEvent(x, t));
    return out;
  };
  return unitsOf(e, { cursor: e.cursorSeq, prefix: "" }, events, produced, whole);
}

/** Project events → units, the same way; each event is one webhook event, or none when filtered out. */
export function planProjectUnits(
  e: EndpointRow,
  events: readonly ProjectEvent[],
  whole: boolean,
): Unit[] {
  const types = parseTypes(e.eventTypes);
  const produced = (x: ProjectEvent): WebhookEvent[] =>
    types.has(x.type) ? [projectWebhookEvent(x)] : [];
  return unitsOf(e, { cursor: e.projectCursorSeq, prefix: "p" }, events, produced, whole);
}

function unitsOf<T extends { seq: number }>(
  e: EndpointRow,
  range: Range,
  events: readonly T[],
  produced: (x: T) => WebhookEvent[],
  whole: boolean,
): Unit[] {
  if (e.batchSize > 1) return [batchUnit(e, range, events, produced, whole)];
  const units: Unit[] = [];
  let pending: WebhookEvent[] = [];
  for (const x of events) {
    pending.push(...produced(x));
    if (!whole && pending.length) {
      units.push({ toSeq: x.seq, posts: pending.map(single) });
      pending = [];
    }
  }
  const last = events[events.length - 1]!.seq;
  if (whole || units.at(-1)?.toSeq !== last)
    units.push({ toSeq: last, posts: pending.map(single) });
  return units;
}

const single = (w: WebhookEvent): PlannedPost => ({
  id: w.id,
  body: bodyOf([w], false, w.id),
  firstSeq: w.seq,
  lastSeq: w.seq,
  events: 1,
});

function batchUnit<T extends { seq: number }>(
  e: EndpointRow,
  range: Range,
  events: readonly T[],
  produced: (x: T) => WebhookEvent[],
  whole: boolean,
): Unit {
  const taken: WebhookEvent[] = [];
  let toSeq = range.cursor;
  for (const x of events) {
    const mine = produced(x);
    if (!whole && taken.length && taken.length + mine.length > e.batchSize) break;
    taken.push(...mine);
    toSeq = x.seq;
  }
  if (!taken.length) return { toSeq, posts: [] };
  const id = `batch_${e.projectId}_${range.prefix}${range.cursor + 1}_${toSeq}`;
  const post = {
    id,
    body: bodyOf(taken, true, id),
    firstSeq: range.cursor + 1,
    lastSeq: toSeq,
    events: taken.length,
  };
  return { toSeq, posts: [post] };
}

/** Whether the endpoint receives any event type a log carries (else its cursor there just jumps). */
export const readsLog = (e: EndpointRow, log: WebhookLog): boolean => {
  const types = parseTypes(e.eventTypes);
  const fromStatus = (t: EventType) => (STATUS_EVENT_TYPES as readonly string[]).includes(t);
  return [...types].some((t) => fromStatus(t) === (log === "status"));
};

/**
 * The requests whose last COMPLETED event may be among `events` (a contiguous seq range),
 * the only ones finishedRequests needs to look at. A request is left out when one of its
 * messages has a PROCESSING event here but no COMPLETED one: that message completes after
 * the range, so the request's last COMPLETED event does too. Exact, not a guess — a
 * message's one COMPLETED event always follows its PROCESSING events — and during a send it
 * rules out nearly every request without a query.
 */
export function requestsThatMayClose(events: readonly StatusEvent[]): string[] {
  const open = new Set<string>();
  for (const x of events) {
    if (x.status === "COMPLETED") open.delete(x.messageId);
    else open.add(x.messageId);
  }
  const blocked = new Set(events.filter((x) => open.has(x.messageId)).map((x) => x.requestId));
  const out = new Set<string>();
  for (const x of events)
    if (x.status === "COMPLETED" && !blocked.has(x.requestId)) out.add(x.requestId);
  return [...out];
}
