// Sender-number statuses (docs/sender-numbers.md): one status machine per method, sharing
// the statuses; the review table the docs print is derived from the machines.
import { statusMachine, type StatusMachine } from "./statusMachine.ts";

export const SENDER_NUMBER_STATUSES = ["READY", "IN_PROGRESS", "REJECTED", "APPROVED"] as const;
export type SenderNumberStatus = (typeof SENDER_NUMBER_STATUSES)[number];
export type SenderNumberMethod = "SMS" | "DOCUMENT";

/**
 * Every allowed status change, written once, one machine per method. DOCUMENT requests go
 * through an operator's review; SMS numbers go straight from READY to APPROVED when the
 * right code is confirmed. REJECTED and APPROVED are final: a rejected number is registered
 * again as a new request.
 */
const FINAL_SENDER_STATUSES: readonly SenderNumberStatus[] = ["REJECTED", "APPROVED"];
export const SENDER_NUMBER_MACHINES: Readonly<
  Record<SenderNumberMethod, StatusMachine<SenderNumberStatus>>
> = {
  DOCUMENT: statusMachine({
    entity: "SenderNumber",
    statuses: SENDER_NUMBER_STATUSES,
    final: FINAL_SENDER_STATUSES,
    transitions: [
      { from: "READY", to: "IN_PROGRESS", when: "an operator starts the review" },
      { from: "IN_PROGRESS", to: "APPROVED", when: "an operator approves the document" },
      { from: "IN_PROGRESS", to: "REJECTED", when: "an operator rejects it, with a reason" },
    ],
  }),
  SMS: statusMachine({
    entity: "SenderNumber",
    statuses: SENDER_NUMBER_STATUSES,
    final: FINAL_SENDER_STATUSES,
    transitions: [{ from: "READY", to: "APPROVED", when: "the right code is confirmed in time" }],
  }),
};

/** The machines as a table by method and status (docs/sender-numbers.md prints it). */
export const SENDER_NUMBER_TRANSITIONS = {
  DOCUMENT: byStatus(SENDER_NUMBER_MACHINES.DOCUMENT),
  SMS: byStatus(SENDER_NUMBER_MACHINES.SMS),
} as const;

function byStatus(
  machine: StatusMachine<SenderNumberStatus>,
): Readonly<Partial<Record<SenderNumberStatus, readonly SenderNumberStatus[]>>> {
  const out: Partial<Record<SenderNumberStatus, SenderNumberStatus[]>> = {};
  for (const t of machine.transitions) (out[t.from] ??= []).push(t.to);
  return out;
}

export function canTransition(
  method: SenderNumberMethod,
  from: SenderNumberStatus,
  to: SenderNumberStatus,
): boolean {
  return SENDER_NUMBER_MACHINES[method].can(from, to);
}

export function assertTransition(
  method: SenderNumberMethod,
  from: SenderNumberStatus,
  to: SenderNumberStatus,
): void {
  const detail =
    method === "SMS" && to !== "APPROVED"
      ? "SMS numbers are approved by confirming their code, not reviewed"
      : undefined;
  SENDER_NUMBER_MACHINES[method].assert(from, to, detail);
}
