// CORS for /graphql (CORS_ORIGINS): which browser origins may call the API and what the
// answers say. Yoga's own CORS (@whatwg-node) reflects any Origin for `*` and adds
// Access-Control-Allow-Credentials, so the gateway answers CORS itself.
//
// Keys travel in the Authorization header, which a browser sends in the default
// `credentials: "same-origin"` mode as well: the API never needs cookies or HTTP auth, so
// no answer ever carries Access-Control-Allow-Credentials. With `*` every origin gets the
// literal `*`; with a list, a listed origin is echoed (with `Vary: Origin`) and any other
// gets no CORS headers at all, so the browser refuses to hand it the answer.
import type { IncomingMessage, ServerResponse } from "node:http";

export type CorsOrigins = "*" | readonly string[];

const ALLOWED_METHODS = "GET, POST, OPTIONS";
/** What a browser client sends besides the CORS-safelisted headers. */
const ALLOWED_HEADERS = "Authorization, Content-Type, Accept, X-Request-Id";
/** Readable by scripts: the id that matches the gateway's log line. */
const EXPOSED_HEADERS = "X-Request-Id";
/** Browsers cache a preflight this long (seconds); Chromium caps it at 7200. */
const PREFLIGHT_MAX_AGE_S = 600;

/** The Access-Control-Allow-Origin value for `origin`, or null when it is not allowed. */
export function allowedOrigin(origins: CorsOrigins, origin: string): string | null {
  if (origins === "*") return "*";
  return origins.includes(origin) ? origin : null;
}

/**
 * Sets the CORS headers of an answer to `req`. Returns true when it answered the request
 * itself (a preflight, with 204); the caller then stops.
 */
export function applyCors(
  req: IncomingMessage,
  res: ServerResponse,
  origins: CorsOrigins,
): boolean {
  // The answer depends on Origin whenever an origin may be echoed, so caches must key on it.
  if (origins !== "*") res.setHeader("Vary", "Origin");
  const origin = typeof req.headers.origin === "string" ? req.headers.origin : undefined;
  const allowed = origin === undefined ? null : allowedOrigin(origins, origin);
  const preflight = req.method === "OPTIONS";
  if (allowed) {
    res.setHeader("Access-Control-Allow-Origin", allowed);
    if (!preflight) res.setHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
  }
  if (!preflight) return false;
  if (allowed && req.headers["access-control-request-method"] !== undefined) {
    res.setHeader("Access-Control-Allow-Methods", ALLOWED_METHODS);
    res.setHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS);
    res.setHeader("Access-Control-Max-Age", String(PREFLIGHT_MAX_AGE_S));
  }
  // A refused origin's preflight gets 204 without CORS headers: the browser stops there.
  res.writeHead(204, { "content-length": "0" });
  res.end();
  req.resume();
  return true;
}
