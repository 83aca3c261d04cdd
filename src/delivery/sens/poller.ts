// Polling SENS for the final result of a message it took: look the request up until SENS
// names our recipient's messageId, then that message until SENS reports it COMPLETED, or
// until SENS_POLL_TIMEOUT_MS passes. Stopping between lookups is always safe.
import type { Logger } from "../../logger.ts";
import { CarrierInterrupted } from "../carrier.ts";
import { describe, pickMessageId, readResult, type SensResult } from "./answers.ts";
import type { SensHttp } from "./http.ts";
import { sleep } from "./retry.ts";

export interface SensPollerOptions {
  http: SensHttp;
  servicePath: string;
  pollTimeoutMs: number;
  pollIntervalMs: number;
  logger: Logger;
}

/** The COMPLETED result, or why there is none (the outcome is then unknown). */
export type PollResult = { completed: SensResult } | { unknown: string };

export class SensPoller {
  constructor(private readonly options: SensPollerOptions) {}

  /** Looks the request up until SENS reports the message COMPLETED, or SENS_POLL_TIMEOUT_MS passes. */
  async poll(
    requestId: string,
    message: { id: string; to: string },
    signal: AbortSignal | undefined,
  ): Promise<PollResult> {
    const { pollTimeoutMs, pollIntervalMs, logger } = this.options;
    const started = performance.now();
    let messageId: string | null = null;
    let waiting = "no answer yet";
    for (;;) {
      const left = pollTimeoutMs - (performance.now() - started);
      if (left <= 0) {
        return {
          unknown: `SENS accepted it (requestId ${requestId}) but reported no final result within ${pollTimeoutMs} ms (${waiting})`,
        };
      }
      await sleep(Math.min(pollIntervalMs, left), signal);
      // Safe to stop: the next attempt resumes polling from the stored requestId.
      if (signal?.aborted) throw new CarrierInterrupted("stopped while waiting for SENS's result");
      if (messageId === null) {
        const list = await this.get(`/messages?requestId=${encodeURIComponent(requestId)}`, signal);
        messageId =
          list.kind === "answer" && list.status === 200
            ? pickMessageId(list.body, message.to)
            : null;
        if (messageId === null) {
          waiting = `request lookup: ${describe(list)}`;
          logger.debug(
            { messageId: message.id, requestId, waiting },
            "SENS result not available yet",
          );
          continue;
        }
      }
      const got = await this.get(`/messages/${encodeURIComponent(messageId)}`, signal);
      const result = got.kind === "answer" && got.status === 200 ? readResult(got.body) : null;
      if (result?.status === "COMPLETED") return { completed: result };
      waiting = result ? `status ${result.status}` : `result lookup: ${describe(got)}`;
      logger.debug({ messageId: message.id, requestId, waiting }, "SENS result not final yet");
    }
  }

  private get(path: string, signal: AbortSignal | undefined) {
    return this.options.http.call("GET", this.options.servicePath + path, undefined, signal);
  }
}
