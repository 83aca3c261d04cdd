// The webhook event format (docs/webhooks.md#payloads). Each event has a stable `id` (the
// `webhook-id` of an unbatched POST), its project `seq`, a `type` and its `data`; ids are
// the REST form, which GraphQL accepts too.
import type { StatusEvent } from "../realtime/events.ts";
import type { RequestTotals } from "../db/webhookEvents.ts";

export const EVENT_TYPES = ["MESSAGE_STATUS", "REQUEST_COMPLETED"] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const WIRE_TYPES: Record<EventType, string> = {
  MESSAGE_STATUS: "message.status",
  REQUEST_COMPLETED: "request.completed",
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
