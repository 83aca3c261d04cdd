// The `sens` carrier (docs/delivery-and-results.md#sens, docs/rest-sens.md): forwards each message to the NAVER Cloud SENS SMS API v2
// (HMAC-signed), then polls SENS until it reports the message COMPLETED. Rule one: never send
// a message twice.
//  - SENS certainly did not take a request it answered 429 or 5xx (except 504, a gateway
//    timeout), nor one whose connection failed before it was fully written: those are retried
//    with exponential backoff and jitter, at most SENS_MAX_RETRIES times, then fail 9007.
//  - No answer, a reset or an unreadable answer after the request was written is an unknown
//    outcome: never resent, the message ends fail 9006.
//  - Through the dispatcher's SendContext it stores a marker in Message.carrierMessageId before
//    the POST and SENS's requestId after the 202. A later attempt (the worker died, or stopped)
//    polls that requestId, or — finding only the marker, so the POST may have gone out — ends
//    9006 without posting again.
//  - MMS images are uploaded first (uploads.ts); the marker is stored once they are uploaded.
// Verification codes are sent without a SendContext: for them SENS's 202 is the answer.
// The pieces: http.ts (signed requests), answers.ts (reading SENS's JSON), retry.ts (the one
// retry loop), uploads.ts (the image cache), poller.ts (waiting for the final result).
import type { SensConfig } from "../../config.ts";
import type { Clock } from "../../clock.ts";
import { RESULT_CODES, type ResultCode } from "../../domain/resultCodes.ts";
import type { Logger } from "../../logger.ts";
import {
  CarrierInterrupted,
  type Carrier,
  type CarrierMessage,
  type CarrierOutcome,
  type SendContext,
} from "../carrier.ts";
import { parseSensTime, readRequestId, type SensResult, sensError } from "./answers.ts";
import { SensHttp } from "./http.ts";
import { SensPoller } from "./poller.ts";
import { RETRY_MAX_MS, triesText, withRetries } from "./retry.ts";
import { SensUploads } from "./uploads.ts";

export { parseSensTime, sensError } from "./answers.ts";
export { signSens } from "./http.ts";

/** Stored before the POST: "SENS may have this message; its answer was not recorded". */
export const SENDING_MARKER = "sens:sending";

export interface SensCarrierOptions extends SensConfig {
  /** Per HTTP request (CARRIER_TIMEOUT_MS): no answer within it is a failed poll, or for a written POST an unknown outcome. */
  requestTimeoutMs: number;
  clock: Clock;
  logger: Logger;
}

/** Room for the database writes around the HTTP calls in `maxSendMs`. */
const BOOKKEEPING_MS = 60_000;

type Posted = { requestId: string } | { outcome: CarrierOutcome };

export class SensCarrier implements Carrier {
  readonly name = "sens";
  readonly maxSendMs: number;
  private readonly servicePath: string;
  private readonly http: SensHttp;
  private readonly uploads: SensUploads;
  private readonly poller: SensPoller;

  constructor(private readonly options: SensCarrierOptions) {
    this.servicePath = `/sms/v2/services/${options.serviceId}`;
    const { requestTimeoutMs: t, maxRetries, pollTimeoutMs, pollIntervalMs } = options;
    this.http = new SensHttp(options);
    const shared = { http: this.http, servicePath: this.servicePath, logger: options.logger };
    this.uploads = new SensUploads({ ...shared, maxRetries, clock: options.clock });
    this.poller = new SensPoller({ ...shared, pollTimeoutMs, pollIntervalMs });
    // Every try of the image uploads (in parallel) and of the POST with their backoffs, then
    // the polling window and its last round trip.
    const tries = (maxRetries + 1) * t + maxRetries * RETRY_MAX_MS;
    this.maxSendMs = 2 * tries + pollTimeoutMs + pollIntervalMs + 2 * t + BOOKKEEPING_MS;
  }

  async send(message: CarrierMessage, ctx?: SendContext): Promise<CarrierOutcome> {
    let requestId = message.carrierRef ?? null;
    if (requestId === SENDING_MARKER) {
      return this.unknown(
        message,
        "an earlier attempt stopped after it may have posted it to SENS, before SENS's answer was recorded",
      );
    }
    if (requestId === null) {
      let fileIds: string[] = [];
      if (message.files?.length) {
        const images = await this.uploads.fileIds(message.files, ctx);
        if ("failed" in images) return this.outcome(images.failed, images.detail);
        fileIds = images.fileIds;
      }
      if (ctx?.signal.aborted) throw new CarrierInterrupted("stopped before sending");
      if (ctx) await this.saveRef(ctx, SENDING_MARKER, message.id, true);
      let posted: Posted;
      try {
        posted = await this.post(message, fileIds, ctx?.signal);
      } catch (err) {
        // Interrupted between tries, when SENS certainly has nothing: take the marker back
        // so the next attempt sends it (if that write fails, the next attempt ends 9006).
        if (err instanceof CarrierInterrupted && ctx) await ctx.saveRef(null).catch(() => false);
        throw err;
      }
      if ("outcome" in posted) return posted.outcome;
      requestId = posted.requestId;
      // Without a context (a verification code, sent while its caller waits) SENS taking the
      // message is the answer: its final result can take minutes.
      if (!ctx)
        return {
          result: "SUCCESS",
          code: RESULT_CODES.SUCCESS.code,
          message: `accepted by SENS (requestId ${requestId})`,
          telcoCode: null,
          completeTime: this.options.clock.now(),
        };
      // Not fatal when it fails: the marker already keeps a later attempt from posting again.
      await this.saveRef(ctx, requestId, message.id, false);
    }
    const polled = await this.poller.poll(requestId, message, ctx?.signal);
    return "completed" in polled
      ? this.completed(polled.completed)
      : this.unknown(message, polled.unknown);
  }

  /** Stores a reference; `required` (the marker): without it the POST must not happen. */
  private async saveRef(
    ctx: SendContext,
    ref: string,
    messageId: string,
    required: boolean,
  ): Promise<void> {
    let saved: boolean;
    try {
      saved = await ctx.saveRef(ref);
    } catch (err) {
      this.options.logger.error({ err, messageId, ref }, "could not store the SENS reference");
      if (required) throw new CarrierInterrupted("could not record the send before posting it");
      return;
    }
    if (!saved) {
      this.options.logger.warn({ messageId, ref }, "the message was taken over by another attempt");
      if (required) throw new CarrierInterrupted("the message is no longer held by this attempt");
    }
  }

  /** Posts until SENS takes it, refuses it, or the outcome becomes unknown. */
  private post(
    message: CarrierMessage,
    fileIds: string[],
    signal: AbortSignal | undefined,
  ): Promise<Posted> {
    const body = requestBody(message, fileIds);
    const { logger } = this.options;
    return withRetries<Posted>({
      maxRetries: this.options.maxRetries,
      attempt: async () => {
        // No signal: a request on the wire is never cut short (that alone would make it unknown).
        const r = await this.http.call("POST", `${this.servicePath}/messages`, body);
        if (r.kind === "failed") {
          if (!r.written) return { retry: r.reason, retryAfterMs: null };
          const detail = `no usable answer after the request was sent (${r.reason})`;
          return { done: { outcome: this.unknown(message, detail) } };
        }
        if (r.status >= 200 && r.status < 300) {
          const requestId = readRequestId(r.body, SENDING_MARKER);
          if (requestId) return { done: { requestId } };
          const detail = `SENS answered HTTP ${r.status} without a readable requestId`;
          return { done: { outcome: this.unknown(message, detail) } };
        }
        if (r.status === 504) {
          const detail = "SENS's API gateway timed out (HTTP 504)";
          return { done: { outcome: this.unknown(message, detail) } };
        }
        if (r.status === 429 || r.status >= 500)
          return { retry: `HTTP ${r.status}`, retryAfterMs: r.retryAfterMs };
        const reason = sensError(r.body) ?? "no readable reason";
        logger.warn({ messageId: message.id, status: r.status, reason }, "SENS refused a message");
        const detail = `SENS answered HTTP ${r.status}: ${reason}`;
        return { done: { outcome: this.outcome(RESULT_CODES.CARRIER_REJECTED, detail) } };
      },
      giveUp: (failure, tries) => {
        logger.warn({ messageId: message.id, failure, tries }, "SENS unavailable; giving up");
        const detail = `SENS failed ${triesText(tries)} (last: ${failure})`;
        return { outcome: this.outcome(RESULT_CODES.CARRIER_UNAVAILABLE, detail) };
      },
      onRetry: (failure, retry, delay) =>
        logger.info(
          { messageId: message.id, failure, retry, delayMs: Math.round(delay) },
          "SENS did not take the message; retrying",
        ),
      // A safe point to stop: SENS has nothing of this message yet.
      signal,
      interrupted: "stopped between tries",
    });
  }

  private completed(r: SensResult): CarrierOutcome {
    const success = r.statusName !== null ? r.statusName === "success" : r.statusCode === "0";
    return {
      result: success ? "SUCCESS" : "FAIL",
      code:
        r.statusCode ?? (success ? RESULT_CODES.SUCCESS.code : RESULT_CODES.CARRIER_REJECTED.code),
      message: r.statusMessage ?? r.statusName ?? (success ? "success" : "fail"),
      telcoCode: r.telcoCode,
      completeTime: parseSensTime(r.completeTime) ?? this.options.clock.now(),
    };
  }

  private outcome(code: ResultCode, detail: string): CarrierOutcome {
    return {
      result: "FAIL",
      code: code.code,
      message: `${code.message} (${detail})`,
      telcoCode: null,
      completeTime: this.options.clock.now(),
    };
  }

  private unknown(message: CarrierMessage, detail: string): CarrierOutcome {
    this.options.logger.warn(
      { messageId: message.id, detail },
      "SENS outcome unknown; not resending",
    );
    return this.outcome(RESULT_CODES.UNKNOWN_OUTCOME, detail);
  }
}

/** The `POST …/messages` body: one recipient per request, so each message has its own requestId. */
function requestBody(message: CarrierMessage, fileIds: string[]) {
  return {
    type: message.type,
    contentType: message.contentType ?? "COMM",
    countryCode: message.countryCode,
    // SENS applies the international sender policy itself; it wants the registered number.
    from: message.senderNumber ?? message.from,
    ...(message.subject && message.type !== "SMS" ? { subject: message.subject } : {}),
    content: message.content,
    ...(fileIds.length ? { files: fileIds.map((fileId) => ({ fileId })) } : {}),
    messages: [{ to: message.to }],
  };
}
