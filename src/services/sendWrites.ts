// The writes of a send: the request row (which holds the idempotency key exclusively), its
// files, and its messages — READY ones for the dispatcher, gateway-completed ones with their
// events — for immediate sends, and the stored recipients of reservations and schedule
// templates. sending.ts plans; this module persists; the scheduler reuses insertMessages.
import { appendStatusEvents } from "../db/events.ts";
import { insertRequestFiles } from "../db/files.ts";
import { insertCompletedMessages, insertNewMessages, type MessageShared } from "../db/messages.ts";
import {
  insertDeferredRecipients,
  insertRequest,
  insertReservation,
  insertScheduleTemplate,
  type KeyHolder,
} from "../db/requests.ts";
import { newId } from "../ids.ts";
import { yieldToEventLoop } from "../domain/pause.ts";
import type { Actor, Deps } from "./deps.ts";
import { insertPendingChunks, type PendingMessage } from "../db/pendingChunks.ts";
import { PENDING_CHUNK, materializePending, pendingChunkRows } from "./pendingMessages.ts";
import type { PlannedMessage, SendPlan } from "./sending.ts";

export type { KeyHolder };

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

const sharedOf = (t: MessageTarget, status: "READY" | "COMPLETED"): MessageShared => ({
  accountId: t.accountId,
  projectId: t.projectId,
  requestId: t.requestId,
  countryCode: t.countryCode,
  status,
  requestTime: t.requestTime,
});

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
  yield* insertNewMessages(
    batches.map(({ target, messages }) => ({
      shared: sharedOf(target, "READY"),
      messages: messages.filter((m) => !m.blocked),
    })),
  );
  const blocked = batches.flatMap(({ target, messages }) =>
    messages.filter((m) => m.blocked).map((m) => ({ target, m, code: m.blocked! })),
  );
  yield* insertCompletedMessages(
    blocked.map(({ target, m, code }) => ({
      shared: sharedOf(target, "COMPLETED"),
      message: m,
      outcome: {
        result: code.result,
        resultCode: code.code,
        resultMessage: code.message,
        telcoCode: null,
        completeTime: now,
      },
    })),
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

/** Inserts a send's request row, or returns the request that holds its idempotency key. */
function insertSendRequest(
  actor: Actor,
  plan: SendPlan,
  requestId: string,
  now: Date,
  idempotencyKey: string | null,
) {
  return insertRequest(
    {
      id: requestId,
      accountId: actor.accountId,
      projectId: plan.projectId,
      requestedType: plan.requestedType,
      type: plan.type,
      contentType: plan.contentType,
      countryCode: plan.countryCode,
      from: plan.from,
      effectiveFrom: plan.effectiveFrom,
      subject: plan.subject,
      content: plan.content,
      mode: plan.timing.mode,
      status: "ACCEPTED",
      statusCode: "202",
      statusName: "success",
      recipientCount: plan.messages.length,
      nightConsent: plan.nightConsent,
      idempotencyKey,
      payloadHash: plan.payloadHash,
      requestTime: now,
      scheduleId: plan.timing.mode === "SCHEDULE" ? plan.timing.scheduleId : null,
    },
    new Date(now.getTime() - IDEMPOTENCY_WINDOW_MS),
  );
}

const insertFilesOf = (actor: Actor, plan: SendPlan, requestId: string, now: Date) =>
  insertRequestFiles(actor.accountId, requestId, plan.newFiles, plan.fileIds, now);

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
    const holder = yield* insertSendRequest(actor, plan, requestId, now, idempotencyKey);
    if (holder) return holder;
    yield* insertFilesOf(actor, plan, requestId, now);
    yield* insertDeferredRecipients(requestId, plan.messages);
    if (timing.mode === "RESERVATION") {
      yield* insertReservation({
        id: newId(),
        accountId: actor.accountId,
        projectId: plan.projectId,
        requestId,
        reserveTime: timing.reserve.instant,
        localTime: timing.reserve.localTime,
        timeZone: timing.reserve.timeZone,
        createdAt: now,
      });
    } else if (timing.mode === "SCHEDULE") {
      yield* insertScheduleTemplate({
        id: newId(),
        accountId: actor.accountId,
        scheduleId: timing.scheduleId,
        requestId,
        createdAt: now,
      });
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
        ready
          .slice(PENDING_CHUNK)
          .map(
            (m): PendingMessage =>
              m.subject === plan.subject && m.content === plan.content
                ? m.to
                : [m.to, m.subject, m.content],
          ),
        now,
      )
    : [];
  const outcome = await deps.programs.transaction(function* () {
    const holder = yield* insertSendRequest(actor, plan, requestId, now, idempotencyKey);
    if (holder) return { holder, events: [] };
    yield* insertFilesOf(actor, plan, requestId, now);
    const events = yield* insertMessages([{ target, messages: written }], now);
    yield* insertPendingChunks(chunks);
    return { holder: null, events };
  });
  if (outcome.events.length) deps.pubsub.publish(outcome.events);
  if (chunks.length && !outcome.holder) {
    // Accepted: if creating the rest fails now (the database went away), the request still
    // stands, and the pending-messages job finishes it. Other requests get a turn first.
    await yieldToEventLoop();
    await materializePending(deps, requestId).catch((err: unknown) =>
      deps.logger.warn({ err, requestId }, "pending messages left for the background job"),
    );
  }
  return outcome.holder;
}
