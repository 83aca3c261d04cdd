// MessageRequest rows and the rows stored with a request: inserting a send's request under
// its idempotency key, the recipients of a deferred request with its reservation or
// schedule template, and the dispatcher's read of what delivery needs from a request.
import type { MessageRequest } from "../generated/prisma-sqlite/client.ts";
import {
  columnList,
  REQUEST_DELIVERY_COLUMNS,
  REQUEST_SEND_COLUMNS,
  type RequestSendColumn,
} from "./columns.ts";
import { insertMany, query, type TxProgram } from "./program.ts";
import type { SqlValue } from "./raw.ts";

/** A send's request row: every column a send writes, by name. */
export type RequestRow = { [C in RequestSendColumn]: MessageRequest[C] };

/** The request that holds an idempotency key. */
export interface KeyHolder {
  id: string;
  payloadHash: string | null;
}

const SEND_COLUMNS = REQUEST_SEND_COLUMNS as readonly string[];
const valuesOf = (row: RequestRow): SqlValue[] => REQUEST_SEND_COLUMNS.map((c) => row[c]);

const INSERT_UNLESS_KEY_HELD = `INSERT INTO "MessageRequest" (${columnList(SEND_COLUMNS)}) VALUES (${SEND_COLUMNS.map(() => "?").join(", ")}) ON CONFLICT ("accountId", "idempotencyKey") DO NOTHING RETURNING "id"`;

/**
 * Inserts the request row and returns null, or — when another request holds its
 * idempotency key — inserts nothing and returns that request, so the caller's program
 * writes nothing else. Exclusive under concurrency on both databases: the unique index on
 * (accountId, idempotencyKey) decides, and `ON CONFLICT DO NOTHING` makes PostgreSQL wait
 * for a concurrent inserter's commit instead of failing, so every loser sees the winner.
 * Only a key used at or before `keysExpireAt` is freed for reuse first.
 */
export function* insertRequest(row: RequestRow, keysExpireAt: Date): TxProgram<KeyHolder | null> {
  if (row.idempotencyKey === null) {
    yield* insertMany("MessageRequest", SEND_COLUMNS as string[], [valuesOf(row)]);
    return null;
  }
  yield* query(
    `UPDATE "MessageRequest" SET "idempotencyKey" = NULL WHERE "accountId" = ? AND "idempotencyKey" = ? AND "requestTime" <= ?`,
    [row.accountId, row.idempotencyKey, keysExpireAt],
  );
  const inserted = yield* query(INSERT_UNLESS_KEY_HELD, valuesOf(row));
  if (inserted.length) return null;
  const [holder] = yield* query<KeyHolder>(
    `SELECT "id", "payloadHash" FROM "MessageRequest" WHERE "accountId" = ? AND "idempotencyKey" = ?`,
    [row.accountId, row.idempotencyKey],
  );
  // The conflicting row committed, so it is visible now; if it vanished meanwhile (purged),
  // failing is safer than a second request: the caller's retry starts afresh.
  if (!holder) throw new Error("idempotency key conflict without a visible holder");
  return holder;
}

/** A deferred request's recipients, in order (the scheduler creates their messages later). */
export function* insertDeferredRecipients(
  requestId: string,
  recipients: readonly { to: string; subject: string | null; content: string }[],
): TxProgram<void> {
  yield* insertMany(
    "DeferredRecipient",
    ["requestId", "position", "to", "subject", "content"],
    recipients.map((m, i) => [requestId, i, m.to, m.subject, m.content]),
    ["text", "integer", "text", "text", "text"],
  );
}

export interface NewReservation {
  id: string;
  accountId: string;
  projectId: string;
  requestId: string;
  reserveTime: Date;
  localTime: string;
  timeZone: string;
  createdAt: Date;
}

/** The reservation of a request; it starts READY and its updatedAt is its creation time. */
export function* insertReservation(r: NewReservation): TxProgram<void> {
  yield* insertMany(
    "Reservation",
    [
      "id",
      "accountId",
      "projectId",
      "requestId",
      "reserveTime",
      "localTime",
      "timeZone",
      "status",
      "createdAt",
      "updatedAt",
    ],
    [
      [
        r.id,
        r.accountId,
        r.projectId,
        r.requestId,
        r.reserveTime,
        r.localTime,
        r.timeZone,
        "READY",
        r.createdAt,
        r.createdAt,
      ],
    ],
  );
}

/** Makes a request the template of a schedule (every occurrence copies it). */
export function* insertScheduleTemplate(t: {
  id: string;
  accountId: string;
  scheduleId: string;
  requestId: string;
  createdAt: Date;
}): TxProgram<void> {
  yield* insertMany(
    "ScheduleTemplate",
    ["id", "accountId", "scheduleId", "requestId", "createdAt"],
    [[t.id, t.accountId, t.scheduleId, t.requestId, t.createdAt]],
  );
}

/** What delivery needs from a request; immutable once accepted, so the dispatcher caches it. */
export type DeliveryRequest = Pick<
  MessageRequest,
  Exclude<(typeof REQUEST_DELIVERY_COLUMNS)[number], "id">
> & {
  /** MMS images in order (ids and names; carriers read the bytes through SendContext.loadFile). */
  files: { id: string; fileName: string }[];
};

const DELIVERY_SELECT = columnList(REQUEST_DELIVERY_COLUMNS, "r");

/**
 * Reads the delivery facts of `ids`, files included: in the same statement (a row per file,
 * one for a request without any), so a claimed batch costs the same number of statements
 * with or without MMS.
 */
export function* loadDeliveryRequests(
  ids: readonly string[],
): TxProgram<Map<string, DeliveryRequest>> {
  const rows = yield* query<
    Pick<MessageRequest, "id" | "type" | "contentType" | "from" | "effectiveFrom"> & {
      nightConsent: unknown;
      fileId: string | null;
      fileName: string | null;
    }
  >(
    `SELECT ${DELIVERY_SELECT}, rf."fileId", f."fileName"
     FROM "MessageRequest" AS r
     LEFT JOIN ("MessageRequestFile" AS rf JOIN "StoredFile" AS f ON f."id" = rf."fileId") ON rf."requestId" = r."id"
     WHERE r."id" IN (${ids.map(() => "?").join(", ")})
     ORDER BY rf."position"`,
    [...ids],
  );
  const out = new Map<string, DeliveryRequest>();
  for (const r of rows) {
    let info = out.get(r.id);
    if (!info) {
      info = {
        type: r.type,
        contentType: r.contentType,
        from: r.from,
        effectiveFrom: r.effectiveFrom,
        // SQLite answers 0/1, PostgreSQL a boolean.
        nightConsent: r.nightConsent === true || r.nightConsent === 1,
        files: [],
      };
      out.set(r.id, info);
    }
    if (r.fileId !== null && r.fileName !== null)
      info.files.push({ id: r.fileId, fileName: r.fileName });
  }
  return out;
}
