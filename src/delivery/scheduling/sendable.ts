// The two checks every due send passes at its send time, shared by the reservation and the
// occurrence steps: why it cannot go out at all (SKIP), and the creation of its messages from
// the stored recipients, with AD recipients on the opt-out list blocked (9001).
import { deferredRecipientsOf } from "../../db/deferredRecipients.ts";
import { optedOutNumbers, projectsWith080 } from "../../db/optOuts.ts";
import type { TxProgram } from "../../db/program.ts";
import { approvedSenders, senderKey } from "../../db/senderNumbers.ts";
import { skipReasonOf } from "../../domain/occurrences.ts";
import { normalizeOptOutNumber } from "../../domain/optOut.ts";
import type { SkipReason } from "../../domain/reservations.ts";
import { RESULT_CODES } from "../../domain/resultCodes.ts";
import { newId } from "../../ids.ts";
import type { StatusEvent } from "../../realtime/events.ts";
import { insertMessages, type MessageTarget } from "../../services/sendWrites.ts";

export interface SourceRequest {
  requestId: string;
  accountId: string;
  projectId: string;
  from: string;
  contentType: "COMM" | "AD";
  projectDeleted: boolean;
}

/** A request whose messages are created now: from `source`'s stored recipients into `target`. */
export interface MaterializeItem {
  source: string;
  contentType: "COMM" | "AD";
  target: MessageTarget;
}

/** Why each request cannot be sent now (docs/reservations-and-schedules.md#checks-at-send-time: SKIP), keyed by requestId; absent = sendable. */
export function* skipReasons(
  requests: readonly SourceRequest[],
): TxProgram<Map<string, SkipReason>> {
  const reasons = new Map<string, SkipReason>();
  if (!requests.length) return reasons;
  const approved = yield* approvedSenders(
    requests.map((r) => ({ accountId: r.accountId, number: r.from })),
  );
  const with080 = yield* projectsWith080(
    requests.filter((r) => r.contentType === "AD").map((r) => r.projectId),
  );
  for (const r of requests) {
    const reason = skipReasonOf({
      projectDeleted: r.projectDeleted,
      senderApproved: approved.has(senderKey(r.accountId, r.from)),
      contentType: r.contentType,
      has080: with080.has(r.projectId),
    });
    if (reason) reasons.set(r.requestId, reason);
  }
  return reasons;
}

/**
 * Creates the messages of each target request from its source's deferred recipients.
 * Opt-outs are checked now, at send time, for advertising only (the 080 list is where
 * recipients refuse advertising, not notices): opted-out recipients of an AD request end
 * COMPLETED/fail 9001 without reaching a carrier, like in an immediate send.
 */
export function* materialize(
  items: readonly MaterializeItem[],
  now: Date,
): TxProgram<StatusEvent[]> {
  if (!items.length) return [];
  const recipients = yield* deferredRecipientsOf(items.map((i) => i.source));
  const optedOut = yield* optedOutByProject(
    items
      .filter((i) => i.contentType === "AD")
      .map((i) => ({
        projectId: i.target.projectId,
        numbers: (recipients.get(i.source) ?? []).map((r) => r.to),
      })),
  );
  const batches = items.map(({ source, target, contentType }) => ({
    target,
    messages: (recipients.get(source) ?? []).map((r) => ({
      id: newId(),
      to: r.to,
      subject: r.subject,
      content: r.content,
      blocked:
        contentType === "AD" && optedOut.has(`${target.projectId}\u0000${optOutKey(r.to)}`)
          ? RESULT_CODES.OPTED_OUT
          : null,
    })),
  }));
  return yield* insertMessages(batches, now);
}

/** `${projectId}\0${number}` for every given number on its project's active opt-out list. */
function* optedOutByProject(
  groups: readonly { projectId: string; numbers: string[] }[],
): TxProgram<Set<string>> {
  const byProject = new Map<string, string[]>();
  for (const g of groups)
    byProject.set(g.projectId, [...(byProject.get(g.projectId) ?? []), ...g.numbers]);
  const out = new Set<string>();
  for (const [projectId, numbers] of byProject) {
    for (const n of yield* optedOutNumbers(projectId, numbers)) out.add(`${projectId}\u0000${n}`);
  }
  return out;
}

function optOutKey(number: string): string {
  const check = normalizeOptOutNumber(number);
  return check.ok ? check.number : number;
}
