// Signed HTTP to SENS (docs/rest-sens.md#signing): one request at a time, every way it can
// end turned into an HttpResult — never a rejection. Knows nothing of messages or retries.
import { createHmac } from "node:crypto";
import http from "node:http";
import https from "node:https";
import type { Clock } from "../../clock.ts";

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

export type HttpResult =
  /** An HTTP answer; `body` is the parsed JSON, or undefined when it was not JSON or was cut off. */
  | { kind: "answer"; status: number; body: unknown; retryAfterMs: number | null }
  /** No answer. `written`: the whole request had been handed to the network, so the server may have acted on it. */
  | { kind: "failed"; written: boolean; reason: string };

export interface SensHttpOptions {
  baseUrl: string;
  accessKey: string;
  secretKey: string;
  /** Per request: no answer within it is a failure (`written` says whether SENS may have acted). */
  requestTimeoutMs: number;
  clock: Clock;
}

/** Answers are small JSON documents; anything bigger is garbage and is not buffered. */
const MAX_BODY_BYTES = 1024 * 1024;
/** Connections per kind (POST / GET) to SENS; more requests queue in the agent. */
const MAX_SOCKETS = 64;

export class SensHttp {
  private readonly postAgent: http.Agent;
  private readonly getAgent: http.Agent;

  constructor(private readonly options: SensHttpOptions) {
    const Agent = options.baseUrl.startsWith("https:") ? https.Agent : http.Agent;
    // POSTs never reuse a connection: a kept-alive socket the server already closed fails
    // after the request was written, which would make a harmless race an unknown outcome.
    this.postAgent = new Agent({ keepAlive: false, maxSockets: MAX_SOCKETS });
    this.getAgent = new Agent({ keepAlive: true, maxSockets: MAX_SOCKETS });
  }

  /** One signed request. Never rejects: every way it can end is an HttpResult. */
  call(
    method: "GET" | "POST",
    pathAndQuery: string,
    body?: unknown,
    signal?: AbortSignal,
  ): Promise<HttpResult> {
    if (signal?.aborted)
      return Promise.resolve({ kind: "failed", written: false, reason: "stopped" });
    const url = new URL(this.options.baseUrl + pathAndQuery);
    const payload = body === undefined ? null : Buffer.from(JSON.stringify(body), "utf8");
    const headers = this.headers(method, url, payload);
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

  private headers(method: string, url: URL, payload: Buffer | null): http.OutgoingHttpHeaders {
    const timestamp = String(this.options.clock.now().getTime());
    const { accessKey, secretKey } = this.options;
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
    return headers;
  }
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    return undefined;
  }
}

/** Retry-After in seconds or as an HTTP date. */
function parseRetryAfter(value: string | undefined): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}
