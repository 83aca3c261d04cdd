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
//  - MMS images are uploaded first (POST …/files), each once per process: SENS's file id is
//    cached until an hour before it expires, and messages needing an image that is being
//    uploaded wait for that upload. An upload sends nothing to a phone, so any failed try is
//    retried (only a 4xx refusal is final); the marker is stored once the images are uploaded.
// Verification codes are sent without a SendContext: for them SENS's 202 is the answer.
import { createHmac } from "node:crypto";
import http from "node:http";
import https from "node:https";
import type { Clock } from "../clock.ts";
import type { SensConfig } from "../config.ts";
import { RESULT_CODES, type ResultCode } from "../domain/resultCodes.ts";
import type { Logger } from "../logger.ts";
import {
  CarrierInterrupted,
  type Carrier,
  type CarrierFile,
  type CarrierMessage,
  type CarrierOutcome,
  type SendContext,
} from "./carrier.ts";

/**
 * The SENS API gateway signature (docs/rest-sens.md#signing): base64(HMAC-SHA256(secret,
 * "METHOD path?query\n" + timestamp + "\n" + accessKey)), where path?query is the request
 * target without scheme and host, exactly as sent, and timestamp is epoch milliseconds.
 */
export function signSens(
  method: string,
  pathAndQuery: string,
  timestamp: string | number,
  accessKey: string,
  secret: string,
): string {
  return createHmac("sha256", secret)
    .update(`${method} ${pathAndQuery}\n${timestamp}\n${accessKey}`)
    .digest("base64");
}

/** Stored before the POST: "SENS may have this message; its answer was not recorded". */
export const SENDING_MARKER = "sens:sending";

export interface SensCarrierOptions extends SensConfig {
  /** Per HTTP request (CARRIER_TIMEOUT_MS): no answer within it is a failed poll, or for a written POST an unknown outcome. */
  requestTimeoutMs: number;
  clock: Clock;
  logger: Logger;
}

/** Backoff before retry n (0-based) is a random share of min(RETRY_MAX_MS, RETRY_BASE_MS · 2ⁿ), at least half of it. */
const RETRY_BASE_MS = 250;
const RETRY_MAX_MS = 8000;
/** Answers are small JSON documents; anything bigger is garbage and is not buffered. */
const MAX_BODY_BYTES = 1024 * 1024;
/** Connections per kind (POST / GET) to SENS; more requests queue in the agent. */
const MAX_SOCKETS = 64;
/** Room for the database writes around the HTTP calls in `maxSendMs`. */
const BOOKKEEPING_MS = 60_000;
/** A SENS file id is reused until this long before SENS's expireTime, then the image is uploaded again. */
const FILE_REUSE_MARGIN_MS = 3_600_000;
/**
 * An image SENS refused (4xx) or that no longer exists fails later messages at once for this
 * long, instead of being uploaded again by every batch of a big MMS request.
 */
const REFUSAL_MEMORY_MS = 10 * 60_000;
/** SENS file ids (and refusals) remembered per carrier; beyond it the stale ones are dropped, then the oldest. */
const MAX_CACHED_FILES = 10_000;
/** What we accept as a SENS requestId, messageId or fileId: printable ASCII, no spaces. */
const SENS_ID = /^[\x21-\x7e]{1,200}$/;

type HttpResult =
  /** An HTTP answer; `body` is the parsed JSON, or undefined when it was not JSON or was cut off. */
  | { kind: "answer"; status: number; body: unknown; retryAfterMs: number | null }
  /** No answer. `written`: the whole request had been handed to the network, so the server may have acted on it. */
  | { kind: "failed"; written: boolean; reason: string };

/** An image's upload: SENS's file id, or why the message fails without being sent. */
type Upload = { fileId: string } | { failed: ResultCode; detail: string };

type LoadFile = NonNullable<SendContext["loadFile"]>;

interface SensResult {
  status: string;
  statusCode: string | null;
  statusName: string | null;
  statusMessage: string | null;
  telcoCode: string | null;
  completeTime: unknown;
}

export class SensCarrier implements Carrier {
  readonly name = "sens";
  readonly maxSendMs: number;
  private readonly servicePath: string;
  private readonly postAgent: http.Agent;
  private readonly getAgent: http.Agent;
  /** Our file id → SENS's, with the time after which it is no longer reused (epoch ms). */
  private readonly sensFiles = new Map<string, { fileId: string; reuseUntil: number }>();
  /** Images that cannot be sent, by our file id: why, and until when that is remembered (epoch ms). */
  private readonly refusedFiles = new Map<
    string,
    { failed: ResultCode; detail: string; until: number }
  >();
  /** Uploads under way by our file id, shared by every message that needs the image meanwhile. */
  private readonly uploading = new Map<string, Promise<Upload>>();

  constructor(private readonly options: SensCarrierOptions) {
    this.servicePath = `/sms/v2/services/${options.serviceId}`;
    const Agent = options.baseUrl.startsWith("https:") ? https.Agent : http.Agent;
    // POSTs never reuse a connection: a kept-alive socket the server already closed fails
    // after the request was written, which would make a harmless race an unknown outcome.
    this.postAgent = new Agent({ keepAlive: false, maxSockets: MAX_SOCKETS });
    this.getAgent = new Agent({ keepAlive: true, maxSockets: MAX_SOCKETS });
    const { requestTimeoutMs: t, maxRetries, pollTimeoutMs, pollIntervalMs } = options;
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
        const images = await this.uploadImages(message.files, ctx);
        if ("outcome" in images) return images.outcome;
        fileIds = images.fileIds;
      }
      if (ctx?.signal.aborted) throw new CarrierInterrupted("stopped before sending");
      if (ctx) await this.saveRef(ctx, SENDING_MARKER, message.id, true);
      let posted: { requestId: string } | { outcome: CarrierOutcome };
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
    return this.poll(requestId, message, ctx?.signal);
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

  // ── MMS images ─────────────────────────────────────────────────────────────────────

  /** SENS file ids for the message's images, in order: remembered ones, or uploaded now. */
  private async uploadImages(
    files: readonly CarrierFile[],
    ctx: SendContext | undefined,
  ): Promise<{ fileIds: string[] } | { outcome: CarrierOutcome }> {
    const load = ctx?.loadFile;
    if (!load)
      return {
        outcome: this.outcome(
          RESULT_CODES.CARRIER_REJECTED,
          "MMS images can only be sent through the dispatcher; not sent",
        ),
      };
    // A message that stops waiting (shutdown, lost lease) leaves the upload running for the
    // others: nothing was posted, so the next attempt starts over (and finds the image cached).
    const uploads = await untilAborted(
      Promise.all(files.map((f) => this.sensFileId(f, load))),
      ctx.signal,
      "stopped while uploading MMS images",
    );
    const fileIds: string[] = [];
    for (const u of uploads) {
      if ("failed" in u) return { outcome: this.outcome(u.failed, u.detail) };
      fileIds.push(u.fileId);
    }
    return { fileIds };
  }

  /** The SENS file id of one image: remembered, being uploaded for another message, or uploaded now. */
  private sensFileId(file: CarrierFile, load: LoadFile): Promise<Upload> {
    const now = this.options.clock.now().getTime();
    const known = this.sensFiles.get(file.id);
    if (known && known.reuseUntil > now) return Promise.resolve({ fileId: known.fileId });
    const refused = this.refusedFiles.get(file.id);
    if (refused && refused.until > now)
      return Promise.resolve({ failed: refused.failed, detail: refused.detail });
    let upload = this.uploading.get(file.id);
    if (!upload) {
      upload = this.upload(file, load).finally(() => this.uploading.delete(file.id));
      this.uploading.set(file.id, upload);
    }
    return upload;
  }

  /**
   * Uploads one image. It reaches no phone, so unlike a message POST every failed try is
   * retried — 429, 5xx, no answer (even after the request was written), an unreadable answer;
   * only SENS refusing the image (4xx) is final.
   */
  private async upload(file: CarrierFile, load: LoadFile): Promise<Upload> {
    let data: Buffer | null;
    try {
      data = await load(file.id);
    } catch (err) {
      this.options.logger.error({ err, fileId: file.id }, "could not read an MMS image");
      throw new CarrierInterrupted(`could not read MMS image ${file.fileName}`);
    }
    if (!data)
      return this.refuse(
        file.id,
        `MMS image ${file.fileName} (${file.id}) no longer exists; not sent`,
      );
    const body = { fileName: file.fileName, fileBody: data.toString("base64") };
    for (let retry = 0; ; retry++) {
      const r = await this.call("POST", `${this.servicePath}/files`, body);
      let failure: string;
      if (r.kind === "failed") {
        failure = r.reason;
      } else if (r.status >= 200 && r.status < 300) {
        const uploaded = readUpload(r.body);
        if (uploaded) {
          this.remember(file.id, uploaded.fileId, uploaded.expireTime);
          return { fileId: uploaded.fileId };
        }
        failure = `HTTP ${r.status} without a readable fileId`;
      } else if (r.status === 429 || r.status >= 500) {
        failure = `HTTP ${r.status}`;
      } else {
        const reason = sensError(r.body) ?? "no readable reason";
        this.options.logger.warn(
          { fileId: file.id, status: r.status, reason },
          "SENS refused an MMS image",
        );
        return this.refuse(
          file.id,
          `SENS refused MMS image ${file.fileName}: HTTP ${r.status}: ${reason}`,
        );
      }
      if (retry >= this.options.maxRetries) {
        this.options.logger.warn(
          { fileId: file.id, failure, tries: retry + 1 },
          "SENS unavailable for an MMS image upload; giving up",
        );
        return {
          failed: RESULT_CODES.CARRIER_UNAVAILABLE,
          detail: `uploading MMS image ${file.fileName} to SENS failed ${retry + 1} ${retry ? "tries" : "try"} (last: ${failure})`,
        };
      }
      const delay = backoffMs(retry, r.kind === "answer" ? r.retryAfterMs : null);
      this.options.logger.info(
        { fileId: file.id, failure, retry: retry + 1, delayMs: Math.round(delay) },
        "MMS image upload failed; retrying",
      );
      await sleep(delay, undefined);
    }
  }

  /** A final refusal (9005) of an image, remembered for REFUSAL_MEMORY_MS. */
  private refuse(ourId: string, detail: string): Upload {
    const now = this.options.clock.now().getTime();
    const failed = RESULT_CODES.CARRIER_REJECTED;
    setBounded(
      this.refusedFiles,
      ourId,
      { failed, detail, until: now + REFUSAL_MEMORY_MS },
      (r) => r.until <= now,
    );
    return { failed, detail };
  }

  /** Keeps SENS's file id for reuse until an hour before it expires (not at all without a readable expiry). */
  private remember(ourId: string, fileId: string, expireTime: Date | null): void {
    const now = this.options.clock.now().getTime();
    const reuseUntil = (expireTime?.getTime() ?? now) - FILE_REUSE_MARGIN_MS;
    if (reuseUntil <= now) return;
    setBounded(this.sensFiles, ourId, { fileId, reuseUntil }, (f) => f.reuseUntil <= now);
  }

  // ── sending ────────────────────────────────────────────────────────────────────────

  private requestBody(message: CarrierMessage, fileIds: string[]) {
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

  /** Posts until SENS takes it, refuses it, or the outcome becomes unknown. */
  private async post(
    message: CarrierMessage,
    fileIds: string[],
    signal: AbortSignal | undefined,
  ): Promise<{ requestId: string } | { outcome: CarrierOutcome }> {
    const body = this.requestBody(message, fileIds);
    for (let retry = 0; ; retry++) {
      // No signal: a request on the wire is never cut short (that alone would make it unknown).
      const r = await this.call("POST", `${this.servicePath}/messages`, body);
      let failure: string;
      if (r.kind === "failed") {
        if (r.written)
          return {
            outcome: this.unknown(
              message,
              `no usable answer after the request was sent (${r.reason})`,
            ),
          };
        failure = r.reason;
      } else if (r.status >= 200 && r.status < 300) {
        const requestId = isObject(r.body) ? text(r.body.requestId) : null;
        if (requestId && SENS_ID.test(requestId) && requestId !== SENDING_MARKER)
          return { requestId };
        return {
          outcome: this.unknown(
            message,
            `SENS answered HTTP ${r.status} without a readable requestId`,
          ),
        };
      } else if (r.status === 504) {
        return { outcome: this.unknown(message, "SENS's API gateway timed out (HTTP 504)") };
      } else if (r.status === 429 || r.status >= 500) {
        failure = `HTTP ${r.status}`;
      } else {
        const reason = sensError(r.body) ?? "no readable reason";
        this.options.logger.warn(
          { messageId: message.id, status: r.status, reason },
          "SENS refused a message",
        );
        return {
          outcome: this.outcome(
            RESULT_CODES.CARRIER_REJECTED,
            `SENS answered HTTP ${r.status}: ${reason}`,
          ),
        };
      }
      if (retry >= this.options.maxRetries) {
        this.options.logger.warn(
          { messageId: message.id, failure, tries: retry + 1 },
          "SENS unavailable; giving up",
        );
        return {
          outcome: this.outcome(
            RESULT_CODES.CARRIER_UNAVAILABLE,
            `SENS failed ${retry + 1} ${retry ? "tries" : "try"} (last: ${failure})`,
          ),
        };
      }
      const delay = backoffMs(retry, r.kind === "answer" ? r.retryAfterMs : null);
      this.options.logger.info(
        { messageId: message.id, failure, retry: retry + 1, delayMs: Math.round(delay) },
        "SENS did not take the message; retrying",
      );
      // A safe point to stop: SENS has nothing of this message yet.
      await sleep(delay, signal);
      if (signal?.aborted) throw new CarrierInterrupted("stopped between tries");
    }
  }

  // ── polling ────────────────────────────────────────────────────────────────────────

  /** Looks the request up until SENS reports the message COMPLETED, or SENS_POLL_TIMEOUT_MS passes. */
  private async poll(
    requestId: string,
    message: CarrierMessage,
    signal: AbortSignal | undefined,
  ): Promise<CarrierOutcome> {
    const started = performance.now();
    let messageId: string | null = null;
    let waiting = "no answer yet";
    for (;;) {
      const left = this.options.pollTimeoutMs - (performance.now() - started);
      if (left <= 0) {
        return this.unknown(
          message,
          `SENS accepted it (requestId ${requestId}) but reported no final result within ${this.options.pollTimeoutMs} ms (${waiting})`,
        );
      }
      await sleep(Math.min(this.options.pollIntervalMs, left), signal);
      // Safe to stop: the next attempt resumes polling from the stored requestId.
      if (signal?.aborted) throw new CarrierInterrupted("stopped while waiting for SENS's result");
      if (messageId === null) {
        const list = await this.call(
          "GET",
          `${this.servicePath}/messages?requestId=${encodeURIComponent(requestId)}`,
          undefined,
          signal,
        );
        messageId =
          list.kind === "answer" && list.status === 200
            ? pickMessageId(list.body, message.to)
            : null;
        if (messageId === null) {
          waiting = `request lookup: ${describe(list)}`;
          this.options.logger.debug(
            { messageId: message.id, requestId, waiting },
            "SENS result not available yet",
          );
          continue;
        }
      }
      const got = await this.call(
        "GET",
        `${this.servicePath}/messages/${encodeURIComponent(messageId)}`,
        undefined,
        signal,
      );
      const result = got.kind === "answer" && got.status === 200 ? readResult(got.body) : null;
      if (result?.status === "COMPLETED") return this.completed(result);
      waiting = result ? `status ${result.status}` : `result lookup: ${describe(got)}`;
      this.options.logger.debug(
        { messageId: message.id, requestId, waiting },
        "SENS result not final yet",
      );
    }
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

  // ── HTTP ───────────────────────────────────────────────────────────────────────────

  /** One signed request. Never rejects: every way it can end is an HttpResult. */
  private call(
    method: "GET" | "POST",
    pathAndQuery: string,
    body?: unknown,
    signal?: AbortSignal,
  ): Promise<HttpResult> {
    if (signal?.aborted)
      return Promise.resolve({ kind: "failed", written: false, reason: "stopped" });
    const url = new URL(this.options.baseUrl + pathAndQuery);
    const timestamp = String(this.options.clock.now().getTime());
    const { accessKey, secretKey } = this.options;
    const payload = body === undefined ? null : Buffer.from(JSON.stringify(body), "utf8");
    const headers: http.OutgoingHttpHeaders = {
      accept: "application/json",
      "x-ncp-apigw-timestamp": timestamp,
      "x-ncp-iam-access-key": accessKey,
      "x-ncp-apigw-signature-v2": signSens(
        method,
        url.pathname + url.search,
        timestamp,
        accessKey,
        secretKey,
      ),
    };
    if (payload) {
      headers["content-type"] = "application/json; charset=utf-8";
      headers["content-length"] = payload.length;
    }
    return new Promise((resolve) => {
      let written = false;
      let status: number | null = null;
      let retryAfterMs: number | null = null;
      let done = false;
      const req = (url.protocol === "https:" ? https : http).request(url, {
        method,
        headers,
        agent: method === "POST" ? this.postAgent : this.getAgent,
      });
      const finish = (result: HttpResult) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        resolve(result);
      };
      // Once the status line is in, a broken body is an answer we cannot read, not a missing one.
      const cutOff = (reason: string) => {
        if (done) return;
        finish(
          status === null
            ? { kind: "failed", written, reason }
            : { kind: "answer", status, body: undefined, retryAfterMs },
        );
        req.destroy();
      };
      const timer = setTimeout(
        () => cutOff(`no answer within ${this.options.requestTimeoutMs} ms`),
        this.options.requestTimeoutMs,
      );
      const onAbort = () => cutOff("stopped");
      signal?.addEventListener("abort", onAbort, { once: true });
      // Emitted once the whole request was handed to the operating system.
      req.on("finish", () => (written = true));
      req.on("error", (err: NodeJS.ErrnoException) => cutOff(err.code ?? err.message));
      req.on("response", (res) => {
        status = res.statusCode ?? 0;
        retryAfterMs = parseRetryAfter(res.headers["retry-after"]);
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY_BYTES) cutOff("answer too large");
          else chunks.push(chunk);
        });
        res.on("end", () =>
          finish({
            kind: "answer",
            status: status!,
            body: parseJson(Buffer.concat(chunks)),
            retryAfterMs,
          }),
        );
        res.on("error", () => cutOff("answer cut off"));
        res.on("close", () => cutOff("answer cut off"));
      });
      req.end(payload ?? undefined);
    });
  }
}

// ── reading SENS answers (defensively: any field may be missing or of another type) ──────

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** A non-empty string (numbers are accepted as their digits), trimmed to `max` characters. */
function text(v: unknown, max = 500): string | null {
  const s =
    typeof v === "string" ? v : typeof v === "number" && Number.isFinite(v) ? String(v) : null;
  if (!s) return null;
  const clean = s.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
  return clean ? clean.slice(0, max) : null;
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    return undefined;
  }
}

/** The reason in a SENS error body: `{"status":400,"errorMessage":"…"}` or `{"error":{"errorCode":…,"message":…,"details":…}}`. */
export function sensError(body: unknown): string | null {
  if (!isObject(body)) return null;
  const direct = text(body.errorMessage, 300);
  if (direct) return direct;
  if (isObject(body.error)) {
    const message = text(body.error.message, 300);
    const details = text(body.error.details, 300);
    const code = text(body.error.errorCode, 50);
    const parts = [message, details && details !== message ? details : null]
      .filter(Boolean)
      .join(": ");
    if (parts || code) return `${parts || "error"}${code ? ` [${code}]` : ""}`;
  }
  return text(body.message, 300);
}

/** The messageId of our recipient in a `GET …/messages?requestId=` answer (one recipient per request). */
function pickMessageId(body: unknown, to: string): string | null {
  if (!isObject(body) || !Array.isArray(body.messages)) return null;
  const entries = body.messages.filter(isObject);
  const digits = (v: unknown) => (text(v) ?? "").replace(/\D/g, "");
  const mine =
    entries.find((m) => digits(m.to) === to.replace(/\D/g, "")) ??
    (entries.length === 1 ? entries[0] : undefined);
  const id = mine ? text(mine.messageId, 200) : null;
  return id && SENS_ID.test(id) ? id : null;
}

/** A `POST …/files` answer: `{"fileId","createTime","expireTime"}`; null without a usable fileId. */
function readUpload(body: unknown): { fileId: string; expireTime: Date | null } | null {
  if (!isObject(body)) return null;
  const fileId = text(body.fileId, 200);
  return fileId && SENS_ID.test(fileId)
    ? { fileId, expireTime: parseSensTime(body.expireTime) }
    : null;
}

/** The result in a `GET …/messages/{messageId}` answer, or null when it has none we can read. */
function readResult(body: unknown): SensResult | null {
  if (!isObject(body) || !Array.isArray(body.messages) || !isObject(body.messages[0])) return null;
  const m = body.messages[0];
  const status = text(m.status, 40);
  if (!status) return null;
  return {
    status,
    statusCode: text(m.statusCode, 20),
    statusName: text(m.statusName, 40),
    statusMessage: text(m.statusMessage),
    telcoCode: text(m.telcoCode, 20),
    completeTime: m.completeTime,
  };
}

const SENS_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/;

/** SENS times are "yyyy-MM-dd HH:mm:ss" in Korea time (UTC+9, no daylight saving); ISO strings with a zone are accepted too. */
export function parseSensTime(v: unknown): Date | null {
  if (typeof v !== "string") return null;
  const s = v.trim();
  const m = SENS_TIME.exec(s);
  if (m) {
    const [, y, mo, d, h, mi, sec, ms] = m;
    return new Date(
      Date.UTC(+y!, +mo! - 1, +d!, +h! - 9, +mi!, +sec!, ms ? +ms.padEnd(3, "0") : 0),
    );
  }
  if (!/(?:[zZ]|[+-]\d{2}:?\d{2})$/.test(s)) return null;
  const date = new Date(s);
  return Number.isNaN(date.getTime()) ? null : date;
}

function describe(r: HttpResult): string {
  if (r.kind === "failed") return r.reason;
  return r.status === 200 ? "unreadable answer" : `HTTP ${r.status}`;
}

/** Retry-After in seconds or as an HTTP date. */
function parseRetryAfter(value: string | undefined): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

/** Exponential backoff with jitter; a Retry-After is honoured up to the same cap. */
function backoffMs(retry: number, retryAfterMs: number | null): number {
  const ceiling = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** retry);
  const jittered = ceiling / 2 + Math.random() * (ceiling / 2);
  return Math.min(RETRY_MAX_MS, Math.max(jittered, retryAfterMs ?? 0));
}

/** Sets `key` in a map kept under MAX_CACHED_FILES entries: stale ones are dropped first, then the oldest. */
function setBounded<V>(map: Map<string, V>, key: string, value: V, stale: (v: V) => boolean): void {
  if (map.size >= MAX_CACHED_FILES) {
    for (const [k, v] of map) if (stale(v)) map.delete(k);
    // Maps iterate in insertion order: what is left goes oldest first.
    for (const k of map.keys()) {
      if (map.size < MAX_CACHED_FILES) break;
      map.delete(k);
    }
  }
  map.delete(key); // re-inserted, so it counts as the newest
  map.set(key, value);
}

/** `promise`, or CarrierInterrupted(`why`) as soon as `signal` aborts; the promise itself runs on. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal, why: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(new CarrierInterrupted(why));
    // Handled either way, so a rejection after the abort is never an unhandled one.
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(err);
      },
    );
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** Waits `ms`, or less when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}
