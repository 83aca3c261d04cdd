// src/domain/projectEvents.ts and the payloads built from it (src/webhooks/payload.ts,
// steps.ts): notices become log entries with their facts, other notice kinds none; entries
// become webhook events with global ids where GraphQL needs them, filtered by type, and
// batches of the project log are named apart from the status log's.
import { decodeGlobalID } from "@pothos/plugin-relay";
import { describe, expect, it } from "vitest";
import type { EndpointRow } from "../../src/db/webhooks.ts";
import {
  arsOptOutEvent,
  projectEventsOf,
  type ProjectEvent,
} from "../../src/domain/projectEvents.ts";
import { planProjectUnits } from "../../src/webhooks/steps.ts";

const at = new Date("2026-12-01T09:00:00.000Z");
const reservation = {
  kind: "reservation" as const,
  accountId: "a1",
  projectId: "p1",
  reservationId: "r1",
  requestId: "q1",
  status: "CANCELED",
  statusReason: "CANCELED_BY_USER",
  at: at.getTime(),
};
const occurrence = {
  kind: "occurrence" as const,
  accountId: "a1",
  projectId: "p1",
  scheduleId: "s1",
  occurrenceId: "o1",
  scheduledFor: at.getTime(),
  requestId: null,
  status: "STALE",
  statusReason: "NOT_PROCESSED_IN_TIME",
  at: at.getTime(),
};

const endpoint = (over: Partial<EndpointRow> = {}): EndpointRow => ({
  id: "e1",
  accountId: "a1",
  projectId: "p1",
  url: "https://example.test/hook",
  eventTypes: "RESERVATION_STATUS,ARS_OPT_OUT",
  enabled: true,
  batchSize: 1,
  secretSealed: "",
  previousSealed: null,
  previousUntil: null,
  cursorSeq: 0,
  epoch: 0,
  pendingToSeq: null,
  projectCursorSeq: 0,
  projectPendingToSeq: null,
  failures: 0,
  failingSince: null,
  ...over,
});

describe("project event log entries", () => {
  it("are made of reservation and occurrence notices only, with their facts", () => {
    const events = projectEventsOf([
      reservation,
      occurrence,
      { kind: "webhook", accountId: "a1", projectId: "p1", endpointId: "e1", at: 0 } as never,
    ]);
    expect(events).toEqual([
      {
        accountId: "a1",
        projectId: "p1",
        type: "RESERVATION_STATUS",
        subjectId: "r1",
        data: {
          reservationId: "r1",
          requestId: "q1",
          status: "CANCELED",
          statusReason: "CANCELED_BY_USER",
        },
        createdAt: at,
      },
      {
        accountId: "a1",
        projectId: "p1",
        type: "SCHEDULE_OCCURRENCE",
        subjectId: "o1",
        data: {
          scheduleId: "s1",
          occurrenceId: "o1",
          scheduledFor: "2026-12-01T09:00:00.000Z",
          requestId: null,
          status: "STALE",
          statusReason: "NOT_PROCESSED_IN_TIME",
        },
        createdAt: at,
      },
    ]);
  });

  it("become webhook events filtered by type, with global ids, one per POST or batched apart", () => {
    const [r, o] = projectEventsOf([reservation, occurrence]);
    const ars = arsOptOutEvent(
      { id: "svc1", accountId: "a1", projectId: "p1", number080: "0801234567" },
      "01011112222",
      at,
    );
    const log: ProjectEvent[] = [r!, o!, ars].map((e, i) => ({ ...e, seq: i + 1 }) as ProjectEvent);
    const units = planProjectUnits(endpoint(), log, false);
    expect(units.map((u) => [u.toSeq, u.posts.map((p) => p.id)])).toEqual([
      [1, ["evt_p1_p1"]],
      [3, ["evt_p1_p3"]],
    ]);
    const first = JSON.parse(units[0]!.posts[0]!.body);
    expect(first).toMatchObject({
      type: "reservation.status",
      seq: 1,
      timestamp: at.toISOString(),
    });
    expect(decodeGlobalID(first.data.reservationId)).toEqual({ typename: "Reservation", id: "r1" });
    expect(first.data.requestId).toBe("q1");
    const last = JSON.parse(units[1]!.posts[0]!.body);
    expect(last.data).toMatchObject({
      number: "01011112222",
      number080: "0801234567",
      source: "ARS",
    });
    expect(decodeGlobalID(last.data.optOutServiceId)).toEqual({
      typename: "OptOutService",
      id: "svc1",
    });

    const batched = planProjectUnits(endpoint({ batchSize: 10, projectCursorSeq: 0 }), log, false);
    expect(batched.map((u) => [u.toSeq, u.posts.map((p) => [p.id, p.events])])).toEqual([
      [3, [["batch_p1_p1_3", 2]]],
    ]);
  });
});
