// Claiming: takes a batch of messages under a lease (expired leases first), reads what
// delivery needs from their requests (cached: a request never changes once accepted),
// completes at once the ones the gateway decides itself, and records the status events —
// all in one transaction. What is left goes to the carrier.
import { appendStatusEvents, type AppendOptions, type StatusEvent } from "../../db/events.ts";
import {
  claimMessages,
  completeMessages,
  hasClaimableMessages,
  type ClaimedMessage,
} from "../../db/messages.ts";
import type { TxProgram } from "../../db/program.ts";
import { loadDeliveryRequests, type DeliveryRequest } from "../../db/requests.ts";
import { adMayBeDelivered } from "../../domain/adPolicy.ts";
import { RESULT_CODES, type ResultCode } from "../../domain/resultCodes.ts";
import { approvedSenders, senderKey } from "../../db/senderNumbers.ts";
import {
  completedEvent,
  processingEvent,
  recordEvents,
  type Completion,
  type DispatchContext,
} from "./context.ts";

const REQUEST_CACHE_SIZE = 10_000;

export interface ClaimedBatch {
  claimed: number;
  reclaimed: number;
  /** Messages for the carrier, with their requests. */
  deliver: { message: ClaimedMessage; request: DeliveryRequest }[];
  /** Committed status events, for publishing. */
  events: StatusEvent[];
}

export class Claimer {
  private readonly requests = new Map<string, DeliveryRequest>();

  constructor(private readonly ctx: DispatchContext) {}

  /** Cheap read-only probe, so an idle dispatcher does not take the write lock every poll. */
  hasWork(): Promise<boolean> {
    const now = this.ctx.deps.clock.now();
    return this.ctx.runner.read(() => hasClaimableMessages(now));
  }

  /** Claims up to `limit` messages and decides the gateway-side outcomes, in one transaction. */
  claim(limit: number): Promise<ClaimedBatch> {
    const now = this.ctx.deps.clock.now();
    return recordEvents(this.ctx, (append) => this.program(limit, now, append));
  }

  private *program(limit: number, now: Date, append: AppendOptions): TxProgram<ClaimedBatch> {
    const { runner, owner, options } = this.ctx;
    const lease = { owner, leaseUntil: new Date(now.getTime() + options.leaseMs), now, limit };
    const expired = yield* claimMessages(runner.provider, "expired", lease);
    const ready =
      expired.length < limit
        ? yield* claimMessages(runner.provider, "ready", {
            ...lease,
            limit: limit - expired.length,
          })
        : [];
    const claimed = [...expired, ...ready];
    const deliver: ClaimedBatch["deliver"] = [];
    if (!claimed.length) return { claimed: 0, reclaimed: 0, deliver, events: [] };
    yield* this.loadRequests(claimed);
    const approved = yield* approvedSenders(
      claimed.map((m) => ({
        accountId: m.accountId,
        number: this.requests.get(m.requestId)!.from,
      })),
    );
    const decided: Completion[] = [];
    for (const message of claimed) {
      const request = this.requests.get(message.requestId)!;
      const verdict = gatewayVerdict(message, request, approved, now, options.maxAttempts);
      if (!verdict) {
        deliver.push({ message, request });
        continue;
      }
      const { result, code, message: text } = verdict;
      decided.push({
        message,
        outcome: { result, code, message: text, telcoCode: null, completeTime: now },
      });
    }
    // Gateway-decided messages go straight to COMPLETED: their PROCESSING state is never
    // committed, so they get a single COMPLETED event.
    const done = yield* completeMessages(runner.provider, owner, decided);
    // A reclaimed message was PROCESSING already: a new attempt is not a status change.
    const wasProcessing = new Set(expired);
    const fresh = deliver.filter((d) => !wasProcessing.has(d.message));
    const events = yield* appendStatusEvents(
      [...fresh.map((d) => processingEvent(d.message)), ...done.map(completedEvent)],
      now,
      append,
    );
    return { claimed: claimed.length, reclaimed: expired.length, deliver, events };
  }

  private *loadRequests(claimed: readonly ClaimedMessage[]): TxProgram<void> {
    const needed = [...new Set(claimed.map((m) => m.requestId))];
    let missing = needed.filter((id) => !this.requests.has(id));
    if (!missing.length) return;
    if (this.requests.size + missing.length > REQUEST_CACHE_SIZE) {
      this.requests.clear();
      missing = needed;
    }
    for (const [id, info] of yield* loadDeliveryRequests(missing)) this.requests.set(id, info);
  }
}

/** Outcomes the gateway decides without a carrier, checked at delivery time. */
function gatewayVerdict(
  m: ClaimedMessage,
  request: DeliveryRequest,
  approved: Set<string>,
  now: Date,
  maxAttempts: number,
): ResultCode | null {
  // A message whose lease keeps expiring (its worker dies while sending it) is given up
  // rather than retried forever.
  if (m.attempt > maxAttempts) return RESULT_CODES.CARRIER_TIMEOUT;
  // An earlier attempt already handed it to the carrier: it only looks up the result now.
  if (m.carrierMessageId !== null) return null;
  if (!approved.has(senderKey(m.accountId, request.from))) return RESULT_CODES.SENDER_NOT_APPROVED;
  if (request.contentType === "AD" && !adMayBeDelivered(m.countryCode, now, request.nightConsent))
    return RESULT_CODES.NIGHT_TIME_BLOCKED;
  return null;
}
