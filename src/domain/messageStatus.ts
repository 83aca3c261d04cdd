// The vocabularies of a send, declared once: where a message is in delivery (with the moves
// the dispatcher may make), how a completed message ended, and the status of a stored
// request. The database enums (prisma/models.prisma), the GraphQL enums, the metric labels,
// the REST filters and the dispatcher's guarded UPDATEs all read these arrays and machines.
import { statusMachine } from "./statusMachine.ts";

export const MESSAGE_STATUSES = ["READY", "PROCESSING", "COMPLETED"] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/**
 * Messages only move forward. A message the gateway decides itself (blocked at send time)
 * is created COMPLETED; one decided at claim time passes PROCESSING inside the claiming
 * transaction, so observers see a single COMPLETED event either way.
 */
export const messageMachine = statusMachine({
  entity: "message",
  statuses: MESSAGE_STATUSES,
  final: ["COMPLETED"],
  transitions: [
    { from: "READY", to: "PROCESSING", when: "a dispatcher claims it under a lease" },
    {
      from: "PROCESSING",
      to: "PROCESSING",
      when: "its lease expired (the worker died or stalled) and a dispatcher claims it again for a new attempt",
    },
    {
      from: "PROCESSING",
      to: "COMPLETED",
      when: "the dispatcher that holds its lease records the carrier's answer or its own verdict",
    },
  ],
});

export const MESSAGE_RESULTS = ["SUCCESS", "FAIL"] as const;
export type MessageResult = (typeof MESSAGE_RESULTS)[number];

export const REQUEST_STATUSES = ["ACCEPTED", "REFUSED"] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** A stored request is ACCEPTED and stays so; REFUSED is in the SENS model but never written. */
export const requestMachine = statusMachine({
  entity: "message request",
  statuses: REQUEST_STATUSES,
  final: ["ACCEPTED", "REFUSED"],
  transitions: [],
});
