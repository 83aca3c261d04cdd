// The MMS image cache of the SENS carrier: each image is uploaded (POST …/files) once per
// process, SENS's file id reused until an hour before it expires, a refusal remembered for a
// while, and messages that need an image being uploaded wait for that one upload.
import type { Clock } from "../../clock.ts";
import { RESULT_CODES, type ResultCode } from "../../domain/resultCodes.ts";
import type { Logger } from "../../logger.ts";
import { CarrierInterrupted, type CarrierFile, type SendContext } from "../carrier.ts";
import { readUpload, sensError } from "./answers.ts";
import type { SensHttp } from "./http.ts";
import { triesText, withRetries } from "./retry.ts";

/** Why a message fails without being sent. */
export type UploadFailure = { failed: ResultCode; detail: string };
/** An image's upload: SENS's file id, or why the message fails. */
type Upload = { fileId: string } | UploadFailure;

type LoadFile = NonNullable<SendContext["loadFile"]>;

/** A SENS file id is reused until this long before SENS's expireTime, then the image is uploaded again. */
const FILE_REUSE_MARGIN_MS = 3_600_000;
/**
 * An image SENS refused (4xx) or that no longer exists fails later messages at once for this
 * long, instead of being uploaded again by every batch of a big MMS request.
 */
const REFUSAL_MEMORY_MS = 10 * 60_000;
/** SENS file ids (and refusals) remembered per carrier; beyond it the stale ones are dropped, then the oldest. */
const MAX_CACHED_FILES = 10_000;

export interface SensUploadsOptions {
  http: SensHttp;
  /** `/sms/v2/services/{serviceId}` */
  servicePath: string;
  maxRetries: number;
  clock: Clock;
  logger: Logger;
}

export class SensUploads {
  /** Our file id → SENS's, with the time after which it is no longer reused (epoch ms). */
  private readonly sensFiles = new Map<string, { fileId: string; reuseUntil: number }>();
  /** Images that cannot be sent, by our file id: why, and until when that is remembered (epoch ms). */
  private readonly refusedFiles = new Map<string, UploadFailure & { until: number }>();
  /** Uploads under way by our file id, shared by every message that needs the image meanwhile. */
  private readonly uploading = new Map<string, Promise<Upload>>();

  constructor(private readonly options: SensUploadsOptions) {}

  /** SENS file ids for the message's images, in order: remembered ones, or uploaded now. */
  async fileIds(
    files: readonly CarrierFile[],
    ctx: SendContext | undefined,
  ): Promise<{ fileIds: string[] } | UploadFailure> {
    const load = ctx?.loadFile;
    if (!load)
      return {
        failed: RESULT_CODES.CARRIER_REJECTED,
        detail: "MMS images can only be sent through the dispatcher; not sent",
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
      if ("failed" in u) return u;
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
    const { logger } = this.options;
    let data: Buffer | null;
    try {
      data = await load(file.id);
    } catch (err) {
      logger.error({ err, fileId: file.id }, "could not read an MMS image");
      throw new CarrierInterrupted(`could not read MMS image ${file.fileName}`);
    }
    if (!data)
      return this.refuse(
        file.id,
        `MMS image ${file.fileName} (${file.id}) no longer exists; not sent`,
      );
    const body = { fileName: file.fileName, fileBody: data.toString("base64") };
    return withRetries<Upload>({
      maxRetries: this.options.maxRetries,
      attempt: async () => {
        const r = await this.options.http.call("POST", `${this.options.servicePath}/files`, body);
        if (r.kind === "failed") return { retry: r.reason, retryAfterMs: null };
        if (r.status >= 200 && r.status < 300) {
          const uploaded = readUpload(r.body);
          if (!uploaded)
            return {
              retry: `HTTP ${r.status} without a readable fileId`,
              retryAfterMs: r.retryAfterMs,
            };
          this.remember(file.id, uploaded.fileId, uploaded.expireTime);
          return { done: { fileId: uploaded.fileId } };
        }
        if (r.status === 429 || r.status >= 500)
          return { retry: `HTTP ${r.status}`, retryAfterMs: r.retryAfterMs };
        const reason = sensError(r.body) ?? "no readable reason";
        logger.warn({ fileId: file.id, status: r.status, reason }, "SENS refused an MMS image");
        return {
          done: this.refuse(
            file.id,
            `SENS refused MMS image ${file.fileName}: HTTP ${r.status}: ${reason}`,
          ),
        };
      },
      giveUp: (failure, tries) => {
        logger.warn(
          { fileId: file.id, failure, tries },
          "SENS unavailable for an MMS image upload; giving up",
        );
        return {
          failed: RESULT_CODES.CARRIER_UNAVAILABLE,
          detail: `uploading MMS image ${file.fileName} to SENS failed ${triesText(tries)} (last: ${failure})`,
        };
      },
      onRetry: (failure, retry, delay) =>
        logger.info(
          { fileId: file.id, failure, retry, delayMs: Math.round(delay) },
          "MMS image upload failed; retrying",
        ),
    });
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
