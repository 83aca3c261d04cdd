// One webhook POST to a resolved, pinned address: no redirects (a 3xx is an answer like
// any other), a timeout for the whole exchange, and at most RESPONSE_KEEP bytes of the
// response kept (the rest is discarded unread, the connection closed).
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import type { ResolvedTarget } from "./targets.ts";

export const RESPONSE_KEEP = 1024;

// Connections are reused between POSTs to the same host (a socket only ever connects to an
// address that passed the check); an endpoint's POSTs never overlap, so few stay open.
const agents = {
  http: new http.Agent({ keepAlive: true, maxFreeSockets: 64 }),
  https: new https.Agent({ keepAlive: true, maxFreeSockets: 64 }),
};

export interface PostResult {
  /** null when no HTTP answer came (connection error, timeout). */
  status: number | null;
  retryAfter: string | null;
  /** The first bytes of the body, or what went wrong. */
  response: string;
  latencyMs: number;
}

export function post(
  target: ResolvedTarget,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<PostResult> {
  const started = performance.now();
  const pinned: LookupFunction = (_host, options, callback) => {
    if (options.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  const secure = target.url.protocol === "https:";
  const lib = secure ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: Omit<PostResult, "latencyMs">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...r, latencyMs: Math.round(performance.now() - started) });
    };
    const req = lib.request(
      target.url,
      {
        method: "POST",
        lookup: pinned,
        agent: secure ? agents.https : agents.http,
        headers: {
          ...headers,
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          "user-agent": "sms-gateway-webhooks/1",
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        const done = () =>
          finish({
            status: res.statusCode ?? null,
            retryAfter: (res.headers["retry-after"] as string | undefined) ?? null,
            response: Buffer.concat(chunks).toString("utf8").slice(0, RESPONSE_KEEP),
          });
        res.on("data", (chunk: Buffer) => {
          if (kept < RESPONSE_KEEP) {
            chunks.push(chunk.subarray(0, RESPONSE_KEEP - kept));
            kept += Math.min(chunk.length, RESPONSE_KEEP - kept);
          }
          if (kept >= RESPONSE_KEEP) {
            done();
            res.destroy();
          }
        });
        res.on("end", done);
        res.on("error", done);
        res.on("close", done);
      },
    );
    const timer = setTimeout(() => {
      finish({ status: null, retryAfter: null, response: `timed out after ${timeoutMs} ms` });
      req.destroy();
    }, timeoutMs);
    req.on("error", (err: NodeJS.ErrnoException) =>
      finish({ status: null, retryAfter: null, response: err.code ?? err.message }),
    );
    req.end(body);
  });
}
