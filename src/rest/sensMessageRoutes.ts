// The SENS message endpoints under /sms/v2/services/{serviceId}: send, list and read
// messages, reservation status and cancellation, and MMS file upload. Each turns the wire
// format into a call of the same service GraphQL uses, and the result back into SENS's
// response.
import { NotFoundError, ValidationError } from "../domain/errors.ts";
import { MESSAGE_STATUSES } from "../domain/messageStatus.ts";
import { checkFileCount } from "../domain/mmsFile.ts";
import { messageWhere, uploadMmsFile } from "../services/messages.ts";
import { cancelReservation, getReservation } from "../services/reservations.ts";
import { sendMessage, type SendInput } from "../services/sending.ts";
import { ID, type SensCall, type SensRoute } from "./sensRoute.ts";
import {
  FileBody,
  MESSAGE_ITEM_INCLUDE,
  SENS_MAX_MESSAGES,
  SendBody,
  decodeBase64,
  enumParam,
  intParam,
  messageItem,
  parseWire,
  seoulIso,
  seoulTimeParam,
  zonedIso,
} from "./sensWire.ts";

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

export const send: SensRoute = {
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

export const listMessages: SensRoute = {
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

export const getMessage: SensRoute = {
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

export const reserveStatus: SensRoute = {
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

export const cancelReserved: SensRoute = {
  method: "DELETE",
  path: new RegExp(`^/reservations/${ID}$`),
  hasBody: false,
  async handle(call) {
    await cancelReservation(call.deps, call.actor, await reservationIdOf(call, call.params[0]!));
    return { status: 204 };
  },
};

// ───────────────────────────── files ─────────────────────────────

export const uploadFile: SensRoute = {
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
