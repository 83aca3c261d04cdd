// The webhook event format (docs/webhooks.md#payloads). Each event has a stable `id` (the
// `webhook-id` of an unbatched POST), the `seq` of the log it comes from, a `type` and its
// `data`. Message and request ids are the REST form, which GraphQL accepts too; ids of
// reservations, schedules, occurrences and 080 services, which GraphQL only accepts as Relay
// global ids, are given as those.
import { encodeGlobalID } from "@pothos/plugin-relay";
import type { ProjectEvent, ProjectEventType } from "../domain/projectEvents.ts";
import type { StatusEvent } from "../realtime/events.ts";
import type { RequestTotals } from "../db/webhookEvents.ts";

/** Types read from the message status event log (Project.eventSeq, `cursorSeq`). */
export const STATUS_EVENT_TYPES = ["MESSAGE_STATUS", "REQUEST_COMPLETED"] as const;
export const EVENT_TYPES = [
  ...STATUS_EVENT_TYPES,
  "RESERVATION_STATUS",
  "SCHEDULE_OCCURRENCE",
  "ARS_OPT_OUT",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const WIRE_TYPES: Record<EventType, string> = {
  MESSAGE_STATUS: "message.status",
  REQUEST_COMPLETED: "request.completed",
  RESERVATION_STATUS: "reservation.status",
  SCHEDULE_OCCURRENCE: "schedule.occurrence",
  ARS_OPT_OUT: "opt_out.added",
};

export interface WebhookEvent {
  id: string;
  type: string;
  seq: number;
  timestamp: string;
  data: Record<string, unknown>;
}

export function messageEvent(e: StatusEvent): WebhookEvent {
  return {
    id: `evt_${e.projectId}_${e.seq}`,
    type: WIRE_TYPES.MESSAGE_STATUS,
    seq: e.seq,
    timestamp: e.createdAt.toISOString(),
    data: {
      projectId: e.projectId,
      requestId: e.requestId,
      messageId: e.messageId,
      status: e.status,
      result: e.result,
      resultCode: e.resultCode,
      resultMessage: e.resultMessage,
      telcoCode: e.telcoCode,
      completeTime: e.completeTime?.toISOString() ?? null,
    },
  };
}

/** Follows the request's last COMPLETED event, with the same seq. */
export function requestCompletedEvent(e: StatusEvent, totals: RequestTotals): WebhookEvent {
  return {
    id: `evt_${e.projectId}_${e.seq}_request`,
    type: WIRE_TYPES.REQUEST_COMPLETED,
    seq: e.seq,
    timestamp: e.createdAt.toISOString(),
    data: {
      projectId: e.projectId,
      requestId: e.requestId,
      total: totals.total,
      success: totals.success,
      fail: totals.fail,
    },
  };
}

/** An event of the project event log; its `seq` is that log's, and so is its id's ("p<seq>"). */
export function projectWebhookEvent(e: ProjectEvent): WebhookEvent {
  return {
    id: `evt_${e.projectId}_p${e.seq}`,
    type: WIRE_TYPES[e.type satisfies ProjectEventType],
    seq: e.seq,
    timestamp: e.createdAt.toISOString(),
    data: { projectId: e.projectId, ...projectData(e) },
  };
}

function projectData(e: ProjectEvent): Record<string, unknown> {
  switch (e.type) {
    case "RESERVATION_STATUS":
      return {
        reservationId: encodeGlobalID("Reservation", e.data.reservationId),
        requestId: e.data.requestId,
        status: e.data.status,
        statusReason: e.data.statusReason,
      };
    case "SCHEDULE_OCCURRENCE":
      return {
        scheduleId: encodeGlobalID("Schedule", e.data.scheduleId),
        occurrenceId: encodeGlobalID("ScheduleOccurrence", e.data.occurrenceId),
        scheduledFor: e.data.scheduledFor,
        requestId: e.data.requestId,
        status: e.data.status,
        statusReason: e.data.statusReason,
      };
    case "ARS_OPT_OUT":
      return {
        optOutServiceId: encodeGlobalID("OptOutService", e.data.optOutServiceId),
        number080: e.data.number080,
        number: e.data.number,
        source: "ARS",
      };
  }
}

export function testEvent(id: string, projectId: string, at: Date): WebhookEvent {
  return {
    id,
    type: "webhook.test",
    seq: 0,
    timestamp: at.toISOString(),
    data: { projectId, message: "A test event from the SMS gateway: nothing happened." },
  };
}

/** Unbatched endpoints get one event per POST; batched ones always an envelope, even for one event. */
export function bodyOf(events: readonly WebhookEvent[], batched: boolean, batchId: string): string {
  if (!batched) return JSON.stringify(events[0]);
  return JSON.stringify({
    id: batchId,
    type: "batch",
    timestamp: events[events.length - 1]!.timestamp,
    data: { events },
  });
}

export const parseTypes = (stored: string): Set<EventType> =>
  new Set(stored.split(",").filter(Boolean) as EventType[]);
