// The SENS-compatible REST surface (docs/rest-sens.md) on /sms/v2/: routing, the body limit, SENS
// HMAC authentication with project access keys, the per-key rate limit and the per-address
// limit of failed authentications (authGuard.ts), JSON bodies, and
// error responses shaped like SENS's. What each endpoint does is in sensRoutes.ts.
//
// Error bodies come in SENS's two layers: the API gateway's (401, 403, 404 for unknown
// routes, 411, 413, 429) as {"error": {"errorCode", "message", "details"}}, and the SMS
// service's (400, 404, 500) as {"status", "errors", "errorMessage", "details"?}.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Config } from "../config.ts";
import {
  DATABASE_UNAVAILABLE_MESSAGE,
  describeDbError,
  isDatabaseUnavailable,
  RETRY_AFTER_SECONDS,
} from "../db/errors.ts";
import {
  AdPolicyError,
  DomainError,
  ForbiddenError,
  InvalidTransitionError,
  LimitExceededError,
  NotFoundError,
  RecipientsRejectedError,
  ValidationError,
} from "../domain/errors.ts";
import type { Logger } from "../logger.ts";
import { verifySignedRequest } from "../services/accessKeys.ts";
import type { Deps } from "../services/deps.ts";
import { chargeFailure, clientAddress, mayAuthenticate } from "./authGuard.ts";
import type { RateLimiter } from "./rateLimit.ts";
import type { SensReply } from "./sensRoute.ts";
import { SENS_ROUTES } from "./sensRoutes.ts";
import { checkQuery, checkedBody } from "./textInput.ts";

export const SENS_PATH_PREFIX = "/sms/v2/";
const SERVICE_PATH = /^\/sms\/v2\/services\/([^/?]+)(\/[^?]*)$/;

export interface SensRestOptions {
  config: Pick<Config, "maxRequestBytes" | "sensRest">;
  logger: Logger;
  /** The app's dependencies (available once it has started). */
  deps: () => Deps;
  /** Per-access-key buckets (in Redis when the app has REDIS_URL); available once it has started. */
  rateLimiter: () => RateLimiter;
}

export type SensHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
) => Promise<void>;

/** Thrown inside the pipeline to answer with a ready response. */
class Reply extends Error {
  constructor(readonly reply: SensReply & { headers?: Record<string, string> }) {
    super("reply");
  }
}

const gatewayError = (status: number, errorCode: string, message: string, details: string) =>
  new Reply({ status, body: { error: { errorCode, message, details } } });

/** SENS service-layer body for an expected failure; `details` carries our structured report. */
export function domainErrorReply(e: DomainError): SensReply {
  const status = e instanceof NotFoundError ? 404 : e instanceof ForbiddenError ? 403 : 400;
  let details: unknown;
  if (e instanceof ValidationError)
    details = e.issues.map((i) => ({
      path: i.path.filter((p, n) => !(n === 0 && p === "input")),
      message: i.message,
    }));
  else if (e instanceof RecipientsRejectedError) details = e.rows;
  else if (e instanceof AdPolicyError) details = e.violations;
  else if (e instanceof LimitExceededError) details = { limit: e.limit, current: e.current };
  else if (e instanceof InvalidTransitionError) details = { from: e.from, to: e.to };
  return {
    status,
    body: {
      status,
      errors: e.code,
      errorMessage: e.message,
      ...(details === undefined ? {} : { details }),
    },
  };
}

/** A lost database (db/errors.ts): 503 with Retry-After, so SENS clients retry instead of giving up. */
export function databaseUnavailableReply(): SensReply & { headers: Record<string, string> } {
  return {
    status: 503,
    headers: { "retry-after": String(RETRY_AFTER_SECONDS) },
    body: {
      status: 503,
      errors: "DATABASE_UNAVAILABLE",
      errorMessage: DATABASE_UNAVAILABLE_MESSAGE,
      retryable: true,
    },
  };
}

type FullReply = SensReply & { headers?: Record<string, string> };

export function createSensHandler(options: SensRestOptions): SensHandler {
  return async (req, res, requestId) => {
    const log = options.logger.child({ requestId, rest: "sens" });
    let reply: FullReply;
    try {
      reply = await pipeline(options, req, log);
    } catch (err) {
      reply = errorReply(err, log);
    }
    writeReply(req, res, reply);
  };
}

/** Route, body limit, authentication, rate limit and content type; then the route's answer. */
async function pipeline(
  options: SensRestOptions,
  req: IncomingMessage,
  log: Logger,
): Promise<SensReply> {
  const { config } = options;
  const target = req.url ?? "/";
  const [path = "/", rawQuery = ""] = target.split(/\?(.*)/s);
  const method = req.method ?? "GET";
  const match = SERVICE_PATH.exec(path);
  const route = match
    ? SENS_ROUTES.find((r) => r.method === method && r.path.test(match[2]!))
    : undefined;
  if (!match || !route)
    throw gatewayError(
      404,
      "300",
      "Not Found Exception",
      `No SENS SMS v2 endpoint ${method} ${path}`,
    );
  // The body limit, before anything is read (as for /graphql).
  checkContentLength(req, config.maxRequestBytes);

  const deps = options.deps();
  const auth = await authenticate(options, deps, req, log);
  // A key serves its own project only. Any other serviceId — another project of the same
  // account, another account's, or none at all — gets the same 403, so nothing is learned.
  if (decodeURIComponentSafe(match[1]!) !== auth.projectId) {
    throw gatewayError(
      403,
      "210",
      "Permission Denied",
      "This access key cannot use this serviceId",
    );
  }
  const taken = await options.rateLimiter().take(auth.accessKeyId);
  if (!taken.ok)
    throw throttled(
      `More than ${config.sensRest.ratePerSec} requests per second for this access key`,
      taken.retryAfterMs,
    );

  if (route.hasBody && !/^application\/json\s*(;|$)/i.test(headerOf(req, "content-type") ?? "")) {
    throw serviceError(400, "UNSUPPORTED_CONTENT_TYPE", "Content-Type must be application/json");
  }
  const query = new URLSearchParams(rawQuery);
  checkQuery(query);
  return route.handle({
    deps,
    actor: auth.actor,
    projectId: auth.projectId,
    params: (route.path.exec(match[2]!) ?? []).slice(1),
    query,
    body: async () => checkedBody(await readJson(req, config.maxRequestBytes)),
  });
}

const headerOf = (req: IncomingMessage, name: string) =>
  typeof req.headers[name] === "string" ? (req.headers[name] as string) : undefined;

/** 411 without a length for a streamed body, 413 over the limit. */
function checkContentLength(req: IncomingMessage, maxRequestBytes: number): void {
  const length = Number(req.headers["content-length"] ?? NaN);
  if (
    Number.isNaN(length) ? req.headers["transfer-encoding"] !== undefined : length > maxRequestBytes
  ) {
    throw Number.isNaN(length)
      ? gatewayError(411, "100", "Bad Request Exception", "Content-Length required")
      : tooLarge(maxRequestBytes);
  }
}

const tooLarge = (limit: number) =>
  gatewayError(413, "430", "Request Entity Too Large", `The request body exceeds ${limit} bytes`);

/**
 * The SENS signature. An address whose failed attempts emptied its bucket is refused before
 * any check; every failed check charges the address.
 */
async function authenticate(
  options: SensRestOptions,
  deps: Deps,
  req: IncomingMessage,
  log: Logger,
) {
  const address = clientAddress(req.socket.remoteAddress);
  const failures = options.rateLimiter().failedAuth;
  const gate = await mayAuthenticate(failures, address);
  if (!gate.ok)
    throw throttled("Too many failed authentications from this address", gate.retryAfterMs);
  const auth = await verifySignedRequest(deps, {
    method: req.method ?? "GET",
    url: req.url ?? "/",
    timestamp: headerOf(req, "x-ncp-apigw-timestamp"),
    accessKey: headerOf(req, "x-ncp-iam-access-key"),
    signature: headerOf(req, "x-ncp-apigw-signature-v2"),
  });
  if (auth.ok) return auth;
  await chargeFailure(failures, address);
  log.info({ reason: auth.reason, address }, "rejected SENS signature");
  const details =
    auth.reason === "MISSING_HEADERS"
      ? "x-ncp-apigw-timestamp, x-ncp-iam-access-key and x-ncp-apigw-signature-v2 are required"
      : auth.reason === "BAD_TIMESTAMP"
        ? "x-ncp-apigw-timestamp must be epoch milliseconds within 5 minutes of the server's clock"
        : "Invalid authentication information.";
  throw gatewayError(401, "200", "Authentication Failed", details);
}

/** What a failure answers: a ready reply, a typed error, a lost database, or a logged 500. */
function errorReply(err: unknown, log: Logger): FullReply {
  if (err instanceof Reply) return err.reply;
  if (err instanceof DomainError) return domainErrorReply(err);
  if (isDatabaseUnavailable(err)) {
    log.warn(describeDbError(err), "SENS REST request failed: database unavailable");
    return databaseUnavailableReply();
  }
  const errorId = randomUUID();
  log.error({ err, errorId }, "unexpected error in SENS REST handler");
  return {
    status: 500,
    body: {
      status: 500,
      errors: "INTERNAL_SERVER_ERROR",
      errorMessage: "Unexpected error.",
      errorId,
    },
  };
}

function writeReply(req: IncomingMessage, res: ServerResponse, reply: FullReply): void {
  // An unread body (refused before reading) is drained so the connection stays usable.
  if (!req.readableEnded) req.resume();
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.body === undefined) {
    res.writeHead(reply.status, headers);
    res.end();
    return;
  }
  const payload = JSON.stringify(reply.body);
  if (reply.status === 411 || reply.status === 413) headers.connection = "close";
  res.writeHead(reply.status, {
    ...headers,
    "content-type": "application/json; charset=utf-8",
    "content-length": String(Buffer.byteLength(payload)),
  });
  res.end(payload);
}

/** SENS's 429, with Retry-After in whole seconds. */
function throttled(details: string, retryAfterMs: number): Reply {
  const reply = gatewayError(429, "410", "Throttle Limited", details);
  reply.reply.headers = { "retry-after": String(Math.max(1, Math.ceil(retryAfterMs / 1000))) };
  return reply;
}

const serviceError = (status: number, errors: string, errorMessage: string) =>
  new Reply({ status, body: { status, errors, errorMessage } });

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Reads the body (at most `limit` bytes, already promised by Content-Length) and parses it as JSON. */
async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw serviceError(
      400,
      "INVALID_JSON",
      `The body is not valid JSON: ${(err as Error).message}`,
    );
  }
}
