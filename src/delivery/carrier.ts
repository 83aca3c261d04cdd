// The carrier interface: what the gateway hands a message to. `simulated` is the default;
// `sens` forwards to NAVER Cloud SENS. A carrier that needs to remember what it did with a
// message across attempts (SENS's requestId, so a reclaimed message is polled rather than
// sent twice) does so through the SendContext the dispatcher passes.

export interface CarrierMessage {
  /** Our message id (or a verification id); carriers use it for idempotency. */
  id: string;
  type: "SMS" | "LMS" | "MMS";
  /** COMM unless given; AD carriers may treat differently (SENS takes it as is). */
  contentType?: "COMM" | "AD";
  countryCode: string;
  /** The sender the recipient sees (after the country policy, docs/sending.md#countries). */
  from: string;
  /**
   * The registered sender number `from` was derived from, when it differs. A carrier that
   * applies the country policy itself (SENS) sends this one.
   */
  senderNumber?: string;
  to: string;
  subject?: string | null;
  content: string;
  /** MMS images, in the request's order. Only ids and names: a carrier that forwards images reads them with `SendContext.loadFile`. */
  files?: readonly CarrierFile[];
  /**
   * What an earlier attempt stored with `SendContext.saveRef` (Message.carrierMessageId), or
   * null: the carrier resumes from it instead of starting over.
   */
  carrierRef?: string | null;
}

/** An MMS image of a message: our StoredFile id (immutable content, so carriers may cache by it) and its name. */
export interface CarrierFile {
  id: string;
  fileName: string;
}

export interface CarrierOutcome {
  result: "SUCCESS" | "FAIL";
  /** Carrier result code; "0" is success. */
  code: string;
  message: string;
  telcoCode: string | null;
  completeTime: Date;
}

/**
 * What the dispatcher offers a carrier for one attempt. Verification codes are sent without
 * one, while their caller waits: a carrier that learns results late (SENS) then answers as
 * soon as it has handed the message on.
 */
export interface SendContext {
  /**
   * Stores `ref` (null clears it) as the message's carrier reference, guarded like a
   * completion (same lease owner and attempt, still PROCESSING), and extends the lease.
   * Resolves false when this attempt no longer holds the message; rejects when the database
   * cannot be written.
   */
  saveRef(ref: string | null): Promise<boolean>;
  /**
   * Reads the bytes of one of the message's files (CarrierMessage.files), or null when it no
   * longer exists; rejects when the database cannot be read. On demand, because most carriers
   * never need them and one that does (SENS) uploads each image once for many messages.
   */
  loadFile?: (fileId: string) => Promise<Buffer | null>;
  /**
   * Aborted when the dispatcher stops waiting for this attempt: it is shutting down, gave up
   * (timeout) or lost the lease. A carrier that can stop safely then throws
   * `CarrierInterrupted`, and the message is left for another attempt.
   */
  readonly signal: AbortSignal;
}

export interface Carrier {
  readonly name: string;
  /**
   * The longest one `send` can take, for carriers that bound themselves (SENS polls for the
   * result for minutes). The dispatcher gives up after it, and keeps the lease alive while
   * it waits when it exceeds LEASE_MS. Unset: CARRIER_TIMEOUT_MS.
   */
  readonly maxSendMs?: number;
  send(message: CarrierMessage, ctx?: SendContext): Promise<CarrierOutcome>;
}

/**
 * Thrown by a carrier that stopped because `ctx.signal` was aborted, at a point where it is
 * safe for another attempt to take over: the dispatcher records no result and releases the
 * message (its lease ends now).
 */
export class CarrierInterrupted extends Error {
  override name = "CarrierInterrupted";
}
