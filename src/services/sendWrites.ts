// The writes of a send: the request row (which holds the idempotency key exclusively), its
// files, and its messages — READY ones for the dispatcher, gateway-completed ones with their
// events — for immediate sends, and the stored recipients of reservations and schedule
// templates. sending.ts plans; this module persists; the scheduler reuses insertMessages.
import { insertMany, query, type Row, type SqlOp } from "../db/program.ts";
import { newId } from "../ids.ts";
import { appendStatusEvents } from "../realtime/events.ts";
import type { Actor, Deps } from "./deps.ts";
import {
  PENDING_CHUNK,
  insertPendingChunks,
  materializePending,
  pendingChunkRows,
  type PendingMessage,
} from "./pendingMessages.ts";
import type { PlannedMessage, SendPlan } from "./sending.ts";

/** A key and its payload within this window return the original request; after it the key is free. */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface MessageTarget {
  accountId: string;
  projectId: string;
  requestId: string;
  countryCode: string;
  requestTime: Date;
}

type InsertableMessage = Pick<PlannedMessage, "id" | "to" | "subject" | "content" | "blocked">;

// READY rows leave the result columns to their NULL defaults: fewer bindings on the hot
// path of big sends.
const READY_COLUMNS = [
  "id",
  "accountId",
  "projectId",
  "requestId",
  "to",
  "countryCode",
  "subject",
  "content",
  "status",
  "requestTime",
];
const READY_PG_TYPES = [
  "text",
  "text",
  "text",
  "text",
  "text",
  "text",
  "text",
  "text",
  '"MessageStatus"',
  "timestamp(3)",
];
const messageRow = (t: MessageTarget, m: InsertableMessage, status: string) => [
  m.id,
  t.accountId,
  t.projectId,
  t.requestId,
  m.to,
  t.countryCode,
  m.subject,
  m.content,
  status,
  t.requestTime,
];
const readyRows = (
  batches: readonly { target: MessageTarget; messages: readonly InsertableMessage[] }[],
) =>
  batches.flatMap(({ target, messages }) =>
    messages.filter((m) => !m.blocked).map((m) => messageRow(target, m, "READY")),
  );

/**
 * Inserts the messages of one or more requests: READY ones for the dispatcher, and
 * gateway-completed ones (`blocked`, e.g. opted out) with their COMPLETED events, which are
 * returned for publishing after commit. Used by immediate sends and by the scheduler, which
 * creates the messages of hundreds of reservations in one go.
 */
export function* insertMessages(
  batches: readonly { target: MessageTarget; messages: readonly InsertableMessage[] }[],
  now: Date,
) {
  yield* insertMany("Message", READY_COLUMNS, readyRows(batches), READY_PG_TYPES);
  const blocked = batches.flatMap(({ target, messages }) =>
    messages.filter((m) => m.blocked).map((m) => ({ target, m, code: m.blocked! })),
  );
  yield* insertMany(
    "Message",
    [...READY_COLUMNS, "result", "resultCode", "resultMessage", "completeTime"],
    blocked.map(({ target, m, code }) => [
      ...messageRow(target, m, "COMPLETED"),
      code.result,
      code.code,
      code.message,
      now,
    ]),
  );
  return yield* appendStatusEvents(
    blocked.map(({ target, m, code }) => ({
      accountId: target.accountId,
      projectId: target.projectId,
      requestId: target.requestId,
      messageId: m.id,
      status: "COMPLETED" as const,
      result: code.result,
      resultCode: code.code,
      resultMessage: code.message,
      telcoCode: null,
      completeTime: now,
    })),
    now,
  );
}

export interface KeyHolder {
  id: string;
  payloadHash: string | null;
}

/**
 * Inserts the request row and returns null, or — when another request holds its
 * idempotency key — inserts nothing and returns that request, so the caller's program
 * writes nothing else. Exclusive under concurrency on both databases: the unique index on
 * (accountId, idempotencyKey) decides, and `ON CONFLICT DO NOTHING` makes PostgreSQL wait
 * for a concurrent inserter's commit instead of failing, so every loser sees the winner.
 * Only a key older than the 24-hour window is freed for reuse first.
 */
function* insertRequest(
  actor: Actor,
  plan: SendPlan,
  requestId: string,
  now: Date,
  idempotencyKey: string | null,
): Generator<SqlOp, KeyHolder | null, Row[]> {
  const row = requestRow(actor, plan, requestId, now, idempotencyKey);
  if (!idempotencyKey) {
    yield* insertMany("MessageRequest", REQUEST_COLUMNS, [row]);
    return null;
  }
  const expiredBefore = new Date(now.getTime() - IDEMPOTENCY_WINDOW_MS);
  yield* query(
    `UPDATE "MessageRequest" SET "idempotencyKey" = NULL WHERE "accountId" = ? AND "idempotencyKey" = ? AND "requestTime" <= ?`,
    [actor.accountId, idempotencyKey, expiredBefore],
  );
  const inserted = yield* query(
    `INSERT INTO "MessageRequest" (${REQUEST_COLUMNS.map((c) => `"${c}"`).join(", ")}) VALUES (${REQUEST_COLUMNS.map(() => "?").join(", ")}) ON CONFLICT ("accountId", "idempotencyKey") DO NOTHING RETURNING "id"`,
    row,
  );
  if (inserted.length) return null;
  const [holder] = yield* query<KeyHolder>(
    `SELECT "id", "payloadHash" FROM "MessageRequest" WHERE "accountId" = ? AND "idempotencyKey" = ?`,
    [actor.accountId, idempotencyKey],
  );
  // The conflicting row committed, so it is visible now; if it vanished meanwhile (purged),
  // failing is safer than a second request: the caller's retry starts afresh.
  if (!holder) throw new Error("idempotency key conflict without a visible holder");
  return holder;
}

const REQUEST_COLUMNS = [
  "id",
  "accountId",
  "projectId",
  "requestedType",
  "type",
  "contentType",
  "countryCode",
  "from",
  "effectiveFrom",
  "subject",
  "content",
  "mode",
  "status",
  "statusCode",
  "statusName",
  "recipientCount",
  "nightConsent",
  "idempotencyKey",
  "payloadHash",
  "requestTime",
  "scheduleId",
];

function requestRow(
  actor: Actor,
  plan: SendPlan,
  requestId: string,
  now: Date,
  idempotencyKey: string | null,
) {
  const scheduleId = plan.timing.mode === "SCHEDULE" ? plan.timing.scheduleId : null;
  return [
    requestId,
    actor.accountId,
    plan.projectId,
    plan.requestedType,
    plan.type,
    plan.contentType,
    plan.countryCode,
    plan.from,
    plan.effectiveFrom,
    plan.subject,
    plan.content,
    plan.timing.mode,
    "ACCEPTED",
    "202",
    "success",
    plan.messages.length,
    plan.nightConsent,
    idempotencyKey,
    plan.payloadHash,
    now,
    scheduleId,
  ];
}

function* insertRequestFiles(actor: Actor, plan: SendPlan, requestId: string, now: Date) {
  yield* insertMany(
    "StoredFile",
    [
      "id",
      "accountId",
      "purpose",
      "fileName",
      "mimeType",
      "size",
      "width",
      "height",
      "data",
      "createdAt",
    ],
    plan.newFiles.map((f) => [
      f.id,
      actor.accountId,
      "MMS",
      f.fileName,
      "image/jpeg",
      f.size,
      f.width,
      f.height,
      f.data,
      now,
    ]),
  );
  yield* insertMany(
    "MessageRequestFile",
    ["requestId", "fileId", "position"],
    plan.fileIds.map((f, i) => [requestId, f, i]),
  );
}

/**
 * A reservation or a schedule template: the request and its recipients are stored now; the
 * messages are created by the scheduler at the send time (delivery/scheduler.ts), which is
 * also when opt-outs and the sender's approval are checked.
 */
export async function persistDeferred(
  deps: Deps,
  actor: Actor,
  plan: SendPlan,
  requestId: string,
  now: Date,
  idempotencyKey: string | null,
): Promise<KeyHolder | null> {
  const timing = plan.timing;
  return deps.programs.transaction(function* () {
    const holder = yield* insertRequest(actor, plan, requestId, now, idempotencyKey);
    if (holder) return holder;
    yield* insertRequestFiles(actor, plan, requestId, now);
    yield* insertMany(
      "DeferredRecipient",
      ["requestId", "position", "to", "subject", "content"],
      plan.messages.map((m, i) => [requestId, i, m.to, m.subject, m.content]),
      ["text", "integer", "text", "text", "text"],
    );
    if (timing.mode === "RESERVATION") {
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
            newId(),
            actor.accountId,
            plan.projectId,
            requestId,
            timing.reserve.instant,
            timing.reserve.localTime,
            timing.reserve.timeZone,
            "READY",
            now,
            now,
          ],
        ],
      );
    } else if (timing.mode === "SCHEDULE") {
      yield* insertMany(
        "ScheduleTemplate",
        ["id", "accountId", "scheduleId", "requestId", "createdAt"],
        [[newId(), actor.accountId, timing.scheduleId, requestId, now]],
      );
    }
    return null;
  });
}

/**
 * An immediate send: one synchronous program on SQLite (never holds the write lock across an
 * await), one transaction on PostgreSQL; the opt-out events it records are published after
 * commit. A big send on SQLite (more than PENDING_CHUNK ready messages) writes only its first
 * chunk with the request and the rest as pending chunks, whose messages are created one
 * transaction each (services/pendingMessages.ts) before the send answers: nothing holds the
 * event loop for long, and a crash in between loses nothing — the chunks are in the database.
 */
export async function persistPlan(
  deps: Deps,
  actor: Actor,
  plan: SendPlan,
  requestId: string,
  now: Date,
  idempotencyKey: string | null,
): Promise<KeyHolder | null> {
  const target = {
    accountId: actor.accountId,
    projectId: plan.projectId,
    requestId,
    countryCode: plan.countryCode,
    requestTime: now,
  };
  const ready = plan.messages.filter((m) => !m.blocked);
  const chunked = deps.programs.provider === "sqlite" && ready.length > PENDING_CHUNK;
  const written = chunked
    ? [...ready.slice(0, PENDING_CHUNK), ...plan.messages.filter((m) => m.blocked)]
    : plan.messages;
  const chunks = chunked
    ? await pendingChunkRows(
        requestId,
        ready.slice(PENDING_CHUNK).map((m) => [m.id, m.to, m.subject, m.content] as PendingMessage),
        now,
      )
    : [];
  const outcome = await deps.programs.transaction(function* () {
    const holder = yield* insertRequest(actor, plan, requestId, now, idempotencyKey);
    if (holder) return { holder, events: [] };
    yield* insertRequestFiles(actor, plan, requestId, now);
    const events = yield* insertMessages([{ target, messages: written }], now);
    yield* insertPendingChunks(chunks);
    return { holder: null, events };
  });
  if (outcome.events.length) deps.pubsub.publish(outcome.events);
  if (chunks.length && !outcome.holder) {
    // Accepted: if creating the rest fails now (the database went away), the request still
    // stands, and the pending-messages job finishes it.
    await materializePending(deps, requestId).catch((err: unknown) =>
      deps.logger.warn({ err, requestId }, "pending messages left for the background job"),
    );
  }
  return outcome.holder;
}
