// The SENS SMS API v2 endpoints under /sms/v2/services/{serviceId}: each turns the wire
// format into a call of the same service GraphQL uses, and the result back into SENS's
// response. No rule is checked here that the services do not already check.
import type { Prisma } from "../db/client.ts";
import { NotFoundError, ValidationError } from "../domain/errors.ts";
import { MESSAGE_STATUSES } from "../domain/messageStatus.ts";
import { checkFileCount } from "../domain/mmsFile.ts";
import { messageWhere, uploadMmsFile } from "../services/messages.ts";
import {
  OPT_OUT_NUMBER_ORDER,
  addOptOutNumbers,
  deleteOptOutNumbers,
  optOutNumbersWhere,
} from "../services/optOutList.ts";
import { cancelReservation, getReservation } from "../services/reservations.ts";
import { sendMessage, type SendInput } from "../services/sending.ts";
import type { Actor, Deps } from "../services/deps.ts";
import {
  FileBody,
  MESSAGE_ITEM_INCLUDE,
  REGISTER_TYPE,
  SENS_MAX_MESSAGES,
  SENS_MAX_UNSUBSCRIBES,
  SendBody,
  UnsubscribeBody,
  decodeBase64,
  enumParam,
  intParam,
  messageItem,
  parseWire,
  seoulIso,
  seoulTimeParam,
  zonedIso,
} from "./sensWire.ts";

export interface SensCall {
  deps: Deps;
  /** The access key's account, as a member. */
  actor: Actor;
  /** The project of the access key, which is also the URL's serviceId. */
  projectId: string;
  /** The route pattern's captures (e.g. the messageId). */
  params: string[];
  query: URLSearchParams;
  /** The JSON body, read and parsed on demand. */
  body(): Promise<unknown>;
}

export interface SensReply {
  status: number;
  body?: unknown;
}

export interface SensRoute {
  method: "GET" | "POST" | "DELETE";
  /** Matched against the path after /sms/v2/services/{serviceId}. */
  path: RegExp;
  /** Whether the route reads a JSON body (then Content-Type must be application/json). */
  hasBody: boolean;
  handle(call: SensCall): Promise<SensReply>;
}

const ID = "([A-Za-z0-9_-]{1,64})";

// ───────────────────────────── messages ─────────────────────────────

function toSendInput(projectId: string, body: SendBody): SendInput {
  if (body.messages.length < 1 || body.messages.length > SENS_MAX_MESSAGES) {
    throw ValidationError.field(
      ["messages"],
      `messages must hold 1 to ${SENS_MAX_MESSAGES} recipients per call (got ${body.messages.length})`,
    );
  }
  checkFileCount(body.files?.length ?? 0, 0, ["files"]);
  if (body.reserveTime != null && body.scheduleCode != null) {
    throw ValidationError.field(
      ["scheduleCode"],
      "reserveTime and scheduleCode cannot be combined: a message is either reserved once or attached to a schedule",
    );
  }
  if (body.reserveTimeZone != null && body.reserveTime == null) {
    throw ValidationError.field(["reserveTimeZone"], "reserveTimeZone needs reserveTime");
  }
  return {
    projectId,
    type: body.type,
    contentType: body.contentType ?? "COMM",
    countryCode: body.countryCode ?? "82",
    from: body.from,
    subject: body.subject ?? null,
    content: body.content,
    recipients: {
      list: body.messages.map((m) => ({
        to: m.to,
        subject: m.subject ?? null,
        content: m.content ?? null,
      })),
    },
    // A SENS call is all or nothing: one bad recipient refuses the call.
    invalidRecipients: "REFUSE_ALL",
    fileIds: (body.files ?? []).map((f) => f.fileId),
    mode:
      body.reserveTime != null
        ? "RESERVATION"
        : body.scheduleCode != null
          ? "SCHEDULE"
          : "IMMEDIATE",
    reservation:
      body.reserveTime != null
        ? { localTime: body.reserveTime, timeZone: body.reserveTimeZone ?? null }
        : null,
    scheduleCode: body.scheduleCode ?? null,
  };
}

const send: SensRoute = {
  method: "POST",
  path: /^\/messages$/,
  hasBody: true,
  async handle(call) {
    const input = toSendInput(call.projectId, parseWire(SendBody, await call.body()));
    const result = await sendMessage(call.deps, call.actor, input);
    const request = await call.deps.db.messageRequest.findUniqueOrThrow({
      where: { id: result.requestId },
      select: { id: true, requestTime: true, statusCode: true, statusName: true },
    });
    return {
      status: 202,
      body: {
        requestId: request.id,
        requestTime: seoulIso(request.requestTime),
        statusCode: request.statusCode,
        statusName: request.statusName,
      },
    };
  },
};

/** A request of this project, or NotFound (another project's or account's id included). */
async function ownRequest(call: SensCall, requestId: string) {
  const request = await call.deps.db.messageRequest.findFirst({
    where: {
      id: requestId,
      accountId: call.actor.accountId,
      projectId: call.projectId,
      project: { deletedAt: null },
    },
    select: { id: true, statusCode: true, statusName: true },
  });
  if (!request) throw new NotFoundError("MessageRequest", requestId);
  return request;
}

const listMessages: SensRoute = {
  method: "GET",
  path: /^\/messages$/,
  hasBody: false,
  async handle(call) {
    const q = call.query;
    const requestId = q.get("requestId") || null;
    const requestedFrom = seoulTimeParam(q, "requestStartTime");
    const requestedTo = seoulTimeParam(q, "requestEndTime");
    const completedFrom = seoulTimeParam(q, "completeStartTime");
    const completedTo = seoulTimeParam(q, "completeEndTime");
    if (!requestId && !(requestedFrom && requestedTo) && !(completedFrom && completedTo)) {
      throw ValidationError.field(
        ["requestId"],
        "requestId, requestStartTime and requestEndTime, or completeStartTime and completeEndTime is required",
      );
    }
    const pageIndex = intParam(q, "pageIndex", 0, 1_000_000, 0)!;
    const pageSize = intParam(q, "pageSize", 1, 100, 100)!;
    const request = requestId ? await ownRequest(call, requestId) : null;
    const where = messageWhere(call.actor, {
      projectId: call.projectId,
      requestId,
      requestedFrom,
      requestedTo,
      completedFrom,
      completedTo,
      type: enumParam(q, "type", ["SMS", "LMS", "MMS"] as const),
      contentType: enumParam(q, "contentType", ["COMM", "AD"] as const),
      status: enumParam(q, "status", MESSAGE_STATUSES),
      from: q.get("from") || null,
      to: q.get("to") || null,
    });
    const rows = await call.deps.db.message.findMany({
      where,
      include: MESSAGE_ITEM_INCLUDE,
      orderBy: { id: "asc" },
      skip: pageIndex * pageSize,
      take: pageSize + 1,
    });
    const page = rows.slice(0, pageSize);
    return {
      status: 200,
      body: {
        ...(request ? { requestId: request.id } : {}),
        statusCode: request?.statusCode ?? "200",
        statusName: request?.statusName ?? "success",
        pageIndex,
        pageSize,
        itemCount: page.length,
        hasMore: rows.length > pageSize,
        messages: page.map(messageItem),
      },
    };
  },
};

const getMessage: SensRoute = {
  method: "GET",
  path: new RegExp(`^/messages/${ID}$`),
  hasBody: false,
  async handle(call) {
    const messageId = call.params[0]!;
    const row = await call.deps.db.message.findFirst({
      where: { ...messageWhere(call.actor, { projectId: call.projectId }), id: messageId },
      include: {
        ...MESSAGE_ITEM_INCLUDE,
        request: {
          select: { ...MESSAGE_ITEM_INCLUDE.request.select, statusCode: true, statusName: true },
        },
      },
    });
    if (!row) throw new NotFoundError("Message", messageId);
    return {
      status: 200,
      body: {
        statusCode: row.request.statusCode,
        statusName: row.request.statusName,
        messages: [messageItem(row)],
      },
    };
  },
};

// ───────────────────────────── reservations ─────────────────────────────

/** SENS's reserveId is the requestId the send answered with; this finds its reservation. */
async function reservationIdOf(call: SensCall, reserveId: string): Promise<string> {
  const reservation = await call.deps.db.reservation.findFirst({
    where: { requestId: reserveId, accountId: call.actor.accountId, projectId: call.projectId },
    select: { id: true },
  });
  if (!reservation) throw new NotFoundError("Reservation", reserveId);
  return reservation.id;
}

const reserveStatus: SensRoute = {
  method: "GET",
  path: new RegExp(`^/reservations/${ID}/reserve-status$`),
  hasBody: false,
  async handle(call) {
    const reservation = await getReservation(
      call.deps,
      call.actor,
      await reservationIdOf(call, call.params[0]!),
    );
    return {
      status: 200,
      body: {
        reserveId: reservation.requestId,
        reserveTimeZone: reservation.timeZone,
        reserveTime: zonedIso(reservation.reserveTime, reservation.timeZone),
        reserveStatus: reservation.status,
      },
    };
  },
};

const cancelReserved: SensRoute = {
  method: "DELETE",
  path: new RegExp(`^/reservations/${ID}$`),
  hasBody: false,
  async handle(call) {
    await cancelReservation(call.deps, call.actor, await reservationIdOf(call, call.params[0]!));
    return { status: 204 };
  },
};

// ───────────────────────────── files ─────────────────────────────

const uploadFile: SensRoute = {
  method: "POST",
  path: /^\/files$/,
  hasBody: true,
  async handle(call) {
    const body = parseWire(FileBody, await call.body());
    const file = await uploadMmsFile(
      call.deps,
      call.actor,
      body.fileName,
      decodeBase64(body.fileBody, ["fileBody"]),
    );
    return {
      status: 200,
      body: {
        fileId: file.id,
        createTime: seoulIso(file.createdAt),
        expireTime: file.expiresAt ? seoulIso(file.expiresAt) : null,
      },
    };
  },
};

// ───────────────────────────── 080 opt-out list ─────────────────────────────

function unsubscribeNumbers(body: unknown): string[] {
  const entries = parseWire(UnsubscribeBody, body);
  if (entries.length < 1 || entries.length > SENS_MAX_UNSUBSCRIBES) {
    throw ValidationError.field(
      ["clientTelNo"],
      `send 1 to ${SENS_MAX_UNSUBSCRIBES} numbers per call (got ${entries.length})`,
    );
  }
  return entries.map((e) => e.clientTelNo);
}

const unsubscribeItem = (n: { number: string; source: "ARS" | "MANUAL"; createdAt: Date }) => ({
  clientTelNo: n.number,
  registerType: REGISTER_TYPE[n.source],
  registerTime: seoulIso(n.createdAt),
});

/** SQLite takes at most 999 bind parameters per statement: look numbers up in slices. */
const IN_SLICE = 500;

const addUnsubscribes: SensRoute = {
  method: "POST",
  path: /^\/unsubscribes$/,
  hasBody: true,
  async handle(call) {
    // strict: one invalid number refuses the call and nothing is written.
    const result = await addOptOutNumbers(
      call.deps,
      call.actor,
      call.projectId,
      unsubscribeNumbers(await call.body()),
      { strict: true },
    );
    const where = await optOutNumbersWhere(call.deps, call.actor, call.projectId, null);
    const numbers = [...result.added, ...result.alreadyPresent];
    const rows: { number: string; source: "ARS" | "MANUAL"; createdAt: Date }[] = [];
    for (let i = 0; i < numbers.length; i += IN_SLICE) {
      rows.push(
        ...(await call.deps.db.optOutNumber.findMany({
          where: { ...where, number: { in: numbers.slice(i, i + IN_SLICE) } },
          orderBy: OPT_OUT_NUMBER_ORDER,
        })),
      );
    }
    return { status: 200, body: rows.map(unsubscribeItem) };
  },
};

const listUnsubscribes: SensRoute = {
  method: "GET",
  path: /^\/unsubscribes$/,
  hasBody: false,
  async handle(call) {
    const q = call.query;
    const startTime = intParam(q, "startTime", 0, 8.64e15, null);
    const endTime = intParam(q, "endTime", 0, 8.64e15, null);
    const pageIndex = intParam(q, "pageIndex", 0, 1_000_000, 0)!;
    const pageSize = intParam(q, "pageSize", 1, 100, 100)!;
    const where: Prisma.OptOutNumberWhereInput = await optOutNumbersWhere(
      call.deps,
      call.actor,
      call.projectId,
      {
        number: q.get("clientTelNo") || null,
        from: startTime === null ? null : new Date(startTime),
        to: endTime === null ? null : new Date(endTime),
      },
    );
    const rows = await call.deps.db.optOutNumber.findMany({
      where,
      orderBy: OPT_OUT_NUMBER_ORDER,
      skip: pageIndex * pageSize,
      take: pageSize,
    });
    return { status: 200, body: rows.map(unsubscribeItem) };
  },
};

const deleteUnsubscribes: SensRoute = {
  method: "DELETE",
  path: /^\/unsubscribes$/,
  hasBody: true,
  async handle(call) {
    await deleteOptOutNumbers(
      call.deps,
      call.actor,
      call.projectId,
      unsubscribeNumbers(await call.body()),
      { strict: true },
    );
    return { status: 204 };
  },
};

export const SENS_ROUTES: readonly SensRoute[] = [
  send,
  listMessages,
  getMessage,
  reserveStatus,
  cancelReserved,
  uploadFile,
  addUnsubscribes,
  listUnsubscribes,
  deleteUnsubscribes,
];
