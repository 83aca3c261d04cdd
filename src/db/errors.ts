// Which failures mean "the database cannot be reached right now" (a dropped connection, a
// server shutting down or failing over) rather than "this request is wrong": classified in
// this one place, for pg, Prisma and its pg driver adapter. Transports answer these as a
// retryable DATABASE_UNAVAILABLE (GraphQL) or 503 (REST); background loops back off.

/**
 * SQLSTATEs that mean the session or the server went away: class 08 (connection
 * exception), 57P01 admin_shutdown (pg_terminate_backend, smart/fast shutdown), 57P02
 * crash_shutdown, 57P03 cannot_connect_now (starting up, shutting down, or a database that
 * does not allow connections), 53300 too_many_connections, and the two idle timeouts that
 * end a session (25P03, 57P05).
 */
const LOST_SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300", "25P03", "57P05"]);

/** Socket-level failures reaching or talking to the server. */
const SOCKET_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "ENOTFOUND",
]);

/**
 * Prisma's codes for the same (with driver adapters, from the adapter's error kinds): P1001
 * can't reach the server, P1002/P1008 timed out, P1017 server closed the connection, P2037
 * too many connections.
 */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2037"]);

/** @prisma/driver-adapter-utils error kinds (DriverAdapterError.cause.kind). */
const ADAPTER_KINDS = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
]);

/**
 * Messages of errors that carry no code: pg's own ("Connection terminated unexpectedly",
 * "Client has encountered a connection error and is not queryable") and texts that
 * Prisma's wrappers copy from them (P2010 "Raw query failed. Code: `57P01`…"). Not
 * pg-pool's "timeout exceeded when trying to connect": it also means "the pool is busy".
 */
const LOST_MESSAGES = [
  /Connection terminated/i,
  /connection error and is not queryable/i,
  /terminating connection due to/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /Server has closed the connection/i,
  /is not currently accepting connections/i,
  /Can't reach database server/i,
  /Code: `(08\w{3}|57P0[1-3]|53300)`/,
  /\b(ECONNRESET|ECONNREFUSED|EPIPE)\b/,
];

/** How long a client should wait before retrying (the Retry-After of a 503). */
export const RETRY_AFTER_SECONDS = 1;

/** What clients are told about a lost database, on every transport. */
export const DATABASE_UNAVAILABLE_MESSAGE =
  "The database is unavailable right now; retry in a moment.";

/** True when `err` (or anything it wraps) says the database connection was lost or cannot be made. */
export function isDatabaseUnavailable(err: unknown): boolean {
  const seen = new Set<unknown>();
  const pending: unknown[] = [err];
  while (pending.length) {
    const e = pending.pop();
    if (typeof e !== "object" || e === null || seen.has(e) || seen.size > 10) continue;
    seen.add(e);
    const o = e as {
      code?: unknown;
      kind?: unknown;
      originalCode?: unknown;
      severity?: unknown;
      message?: unknown;
      cause?: unknown;
      meta?: { driverAdapterError?: unknown };
    };
    // A FATAL error ends the server session whatever its code: e.g. 55000 "database … is
    // not currently accepting connections" (ALLOW_CONNECTIONS false during maintenance).
    if (o.severity === "FATAL" || o.severity === "PANIC") return true;
    for (const code of [o.code, o.originalCode]) {
      if (typeof code !== "string") continue;
      if (code.startsWith("08") && code.length === 5) return true;
      if (LOST_SQLSTATES.has(code) || SOCKET_CODES.has(code) || PRISMA_CODES.has(code)) return true;
    }
    if (typeof o.kind === "string" && ADAPTER_KINDS.has(o.kind)) return true;
    if (typeof o.message === "string" && LOST_MESSAGES.some((m) => m.test(o.message as string)))
      return true;
    // Wrappers: Error.cause (DriverAdapterError keeps the kind there), Prisma's meta, and
    // AggregateError (a connect attempt to every address of a host name).
    pending.push(o.cause, o.meta?.driverAdapterError);
    if (e instanceof AggregateError) pending.push(...e.errors);
  }
  return false;
}

/** A short, loggable description of a connection failure: the first code in its chain and its message, no stack. */
export function describeDbError(err: unknown): { code?: string; message: string } {
  let code: string | undefined;
  for (
    let e: unknown = err, depth = 0;
    !code && typeof e === "object" && e !== null && depth < 5;
    depth++
  ) {
    const o = e as { code?: unknown; originalCode?: unknown; cause?: unknown };
    code =
      typeof o.code === "string"
        ? o.code
        : typeof o.originalCode === "string"
          ? o.originalCode
          : undefined;
    e = o.cause;
  }
  const message = err instanceof Error ? err.message : String(err);
  return code ? { code, message } : { message };
}
