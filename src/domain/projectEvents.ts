// The project event log's vocabulary (docs/webhooks.md#the-project-event-log): what is
// recorded, in the transaction that makes the change, besides message status events —
// reservation status changes, schedule occurrence changes and numbers an ARS call added to
// the 080 opt-out list. Pure: the rows are written by db/projectEvents.ts, turned into
// webhook payloads by webhooks/payload.ts.

export const PROJECT_EVENT_TYPES = [
  "RESERVATION_STATUS",
  "SCHEDULE_OCCURRENCE",
  "ARS_OPT_OUT",
] as const;
export type ProjectEventType = (typeof PROJECT_EVENT_TYPES)[number];

/** The stored facts of each type (database ids; times as ISO 8601 UTC strings). */
export interface ProjectEventData {
  RESERVATION_STATUS: {
    reservationId: string;
    requestId: string;
    status: string;
    statusReason: string | null;
  };
  SCHEDULE_OCCURRENCE: {
    scheduleId: string;
    occurrenceId: string;
    scheduledFor: string;
    requestId: string | null;
    status: string;
    statusReason: string | null;
  };
  ARS_OPT_OUT: {
    optOutServiceId: string;
    number080: string | null;
    number: string;
  };
}

/** An event about to be appended; `seq` is assigned on append. */
export type NewProjectEvent = {
  [T in ProjectEventType]: {
    accountId: string;
    projectId: string;
    type: T;
    subjectId: string;
    data: ProjectEventData[T];
    createdAt: Date;
  };
}[ProjectEventType];

export type ProjectEvent = NewProjectEvent & { seq: number };

/** A reservation that now has `status` (the shape of a reservation notice). */
export interface ReservationChange {
  kind: "reservation";
  accountId: string;
  projectId: string;
  reservationId: string;
  requestId: string;
  status: string;
  statusReason: string | null;
  /** Epoch milliseconds. */
  at: number;
}

/** A schedule occurrence that now has `status` (the shape of an occurrence notice). */
export interface OccurrenceChange {
  kind: "occurrence";
  accountId: string;
  projectId: string;
  scheduleId: string;
  occurrenceId: string;
  scheduledFor: number;
  requestId: string | null;
  status: string;
  statusReason: string | null;
  at: number;
}

/** The log entry of a reservation or occurrence change; other notices are not logged. */
export function projectEventOf(
  n: ReservationChange | OccurrenceChange | { kind: string },
): NewProjectEvent | null {
  if (n.kind === "reservation") {
    const r = n as ReservationChange;
    return {
      accountId: r.accountId,
      projectId: r.projectId,
      type: "RESERVATION_STATUS",
      subjectId: r.reservationId,
      data: {
        reservationId: r.reservationId,
        requestId: r.requestId,
        status: r.status,
        statusReason: r.statusReason,
      },
      createdAt: new Date(r.at),
    };
  }
  if (n.kind === "occurrence") {
    const o = n as OccurrenceChange;
    return {
      accountId: o.accountId,
      projectId: o.projectId,
      type: "SCHEDULE_OCCURRENCE",
      subjectId: o.occurrenceId,
      data: {
        scheduleId: o.scheduleId,
        occurrenceId: o.occurrenceId,
        scheduledFor: new Date(o.scheduledFor).toISOString(),
        requestId: o.requestId,
        status: o.status,
        statusReason: o.statusReason,
      },
      createdAt: new Date(o.at),
    };
  }
  return null;
}

export function projectEventsOf(
  notices: readonly (ReservationChange | OccurrenceChange | { kind: string })[],
): NewProjectEvent[] {
  return notices.map(projectEventOf).filter((e): e is NewProjectEvent => e !== null);
}

/** A number an ARS call added to a project's 080 opt-out list. */
export function arsOptOutEvent(
  s: { id: string; accountId: string; projectId: string; number080: string | null },
  number: string,
  at: Date,
): NewProjectEvent {
  return {
    accountId: s.accountId,
    projectId: s.projectId,
    type: "ARS_OPT_OUT",
    subjectId: s.id,
    data: { optOutServiceId: s.id, number080: s.number080, number },
    createdAt: at,
  };
}
