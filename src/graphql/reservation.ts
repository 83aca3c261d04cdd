// Reservations (docs/reservations-and-schedules.md#reservations): the Reservation node, listing by reserve-time range and status,
// cancelling, and `reservationStatusChanged`. Created by sendMessage(mode: RESERVATION).
import { encodeGlobalID } from "@pothos/plugin-relay";
import { InvalidTransitionError } from "../domain/errors.ts";
import {
  CANCEL_CUTOFF_MS,
  RESERVATION_TRANSITIONS,
  reservationMachine,
} from "../domain/reservations.ts";
import type { ReservationNotice } from "../realtime/pubsub.ts";
import { subscribeReservationNotices } from "../realtime/reservations.ts";
import { cancelReservation, reservationWhere } from "../services/reservations.ts";
import { builder } from "./builder.ts";
import { guarded } from "./errors.ts";
import { actorOf } from "./context.ts";
import { decodeId, inLiveProject } from "./ids.ts";
import { statusEnumValues } from "./statusEnum.ts";

export const ReservationStatusEnum = builder.enumType("ReservationStatus", {
  description: `Where a reservation is; DONE, FAIL, CANCELED, STALE and SKIP are final. Transitions: ${RESERVATION_TRANSITIONS.map((t) => `${t.from} → ${t.to}`).join(", ")}.`,
  values: statusEnumValues(reservationMachine, {
    READY: "Waiting for its time.",
    PROCESSING: "Its messages were created and are being delivered.",
    DONE: "Every message is COMPLETED and at least one succeeded.",
    FAIL: "Every message is COMPLETED and none succeeded.",
    CANCELED: "Cancelled by the user.",
    STALE:
      "Its time passed without it being processed within the grace window (e.g. the gateway was down); nothing was sent.",
    SKIP: "Nothing to send with at its time (statusReason: PROJECT_DELETED, SENDER_NOT_APPROVED, NO_OPT_OUT_SERVICE); nothing was sent.",
  }),
});

export const ReservationRef = builder.prismaNode("Reservation", {
  id: { field: "id" },
  nullable: true,
  findUnique: inLiveProject,
  description: `A one-off send at a local time. Transitions: ${RESERVATION_TRANSITIONS.map((t) => `${t.from} → ${t.to}`).join(", ")}.`,
  fields: (t) => ({
    status: t.expose("status", {
      type: ReservationStatusEnum,
      description: "Where the reservation is; see ReservationStatus for the transitions.",
    }),
    statusReason: t.exposeString("statusReason", {
      nullable: true,
      description: "Why it is SKIP, STALE, FAIL or CANCELED.",
    }),
    reserveTime: t.expose("reserveTime", {
      type: "DateTime",
      description: "The send instant (UTC).",
    }),
    localTime: t.exposeString("localTime", {
      description: "The local time as typed (`yyyy-MM-dd HH:mm`).",
    }),
    timeZone: t.exposeString("timeZone", {
      description: "The IANA zone `localTime` is in, e.g. Asia/Seoul.",
    }),
    cancelable: t.boolean({
      description: "READY and more than 10 minutes before its time.",
      resolve: (r, _a, ctx) =>
        r.status === "READY" &&
        r.reserveTime.getTime() > ctx.deps.clock.now().getTime() + CANCEL_CUTOFF_MS,
    }),
    processedAt: t.expose("processedAt", {
      type: "DateTime",
      nullable: true,
      description: "When its messages were created (UTC, READY → PROCESSING); null before.",
    }),
    finishedAt: t.expose("finishedAt", {
      type: "DateTime",
      nullable: true,
      description: "When it reached a final status (UTC); null before.",
    }),
    createdAt: t.expose("createdAt", {
      type: "DateTime",
      description: "When it was accepted (UTC).",
    }),
    updatedAt: t.expose("updatedAt", {
      type: "DateTime",
      description: "When it last changed (UTC).",
    }),
    project: t.relation("project", { description: "The project it sends from." }),
    request: t.relation("request", {
      description:
        "The request (content, sender, recipient count); its `messages` exist once the reservation is PROCESSING.",
    }),
  }),
});

builder.prismaObjectField("MessageRequest", "reservation", (t) =>
  t.relation("reservation", { nullable: true, description: "Set for mode RESERVATION." }),
);

builder.queryFields((t) => ({
  reservations: t.prismaConnection({
    type: "Reservation",
    cursor: "id",
    authScopes: { member: true },
    description:
      "A project's reservations by reserve time (earliest first), optionally within [from, to) and with given statuses.",
    args: {
      projectId: t.arg.id({ description: "`Project.id` (Relay global id)." }),
      from: t.arg({ type: "DateTime", required: false, description: "reserveTime ≥ from" }),
      to: t.arg({ type: "DateTime", required: false, description: "reserveTime < to" }),
      status: t.arg({
        type: [ReservationStatusEnum],
        required: false,
        description: "Only these statuses; omitted: all.",
      }),
    },
    totalCount: (_r, args, ctx) =>
      ctx.deps.db.reservation.count({
        where: reservationWhere(actorOf(ctx), {
          ...args,
          projectId: decodeId("Project", args.projectId),
        }),
      }),
    resolve: (query, _r, args, ctx) =>
      ctx.deps.db.reservation.findMany({
        ...query,
        where: reservationWhere(actorOf(ctx), {
          ...args,
          projectId: decodeId("Project", args.projectId),
        }),
        orderBy: [{ reserveTime: "asc" }, { id: "asc" }],
      }),
  }),
}));

builder.mutationFields((t) => ({
  cancelReservation: t.prismaField({
    type: "Reservation",
    authScopes: { member: true },
    errors: {
      types: [InvalidTransitionError],
      dataField: { description: "The reservation, now CANCELED." },
    },
    description:
      "READY → CANCELED; refused for other statuses and within 10 minutes of the send time.",
    args: { id: t.arg.id({ description: "`Reservation.id` (Relay global id)." }) },
    // Read again with the GraphQL selection: the service returns the bare row.
    resolve: async (query, _r, { id }, ctx) => {
      const r = await cancelReservation(ctx.deps, actorOf(ctx), decodeId("Reservation", id));
      return ctx.deps.db.reservation.findUniqueOrThrow({ ...query, where: { id: r.id } });
    },
  }),
}));

const ReservationStatusEventRef = builder
  .objectRef<ReservationNotice>("ReservationStatusEvent")
  .implement({
    description:
      "The whole current state of one reservation after a change (not a diff), so catching up means replaying states.",
    fields: (t) => ({
      reservationId: t.id({
        description: "`Reservation.id` (Relay global id).",
        resolve: (n) => encodeGlobalID("Reservation", n.reservationId),
      }),
      requestId: t.id({
        description: "`MessageRequest.id` (Relay global id) of its request.",
        resolve: (n) => encodeGlobalID("MessageRequest", n.requestId),
      }),
      projectId: t.id({
        description: "`Project.id` (Relay global id).",
        resolve: (n) => encodeGlobalID("Project", n.projectId),
      }),
      status: t.field({
        type: ReservationStatusEnum,
        description: "Its status now.",
        resolve: (n) => n.status as never,
      }),
      statusReason: t.exposeString("statusReason", {
        nullable: true,
        description: "Why it is SKIP, STALE, FAIL or CANCELED; null otherwise.",
      }),
      timestamp: t.field({
        type: "DateTime",
        description:
          "When the change happened (UTC); pass the last one you saw as `changedSince` to catch up.",
        resolve: (n) => new Date(n.at),
      }),
    }),
  });

builder.subscriptionFields((t) => ({
  reservationStatusChanged: t.field({
    type: ReservationStatusEventRef,
    authScopes: { member: true },
    description:
      "Reservation status changes of a project, or of one reservation (which starts with its current status and ends after a final one). Give exactly one of projectId or reservationId. " +
      "To catch up after a reconnect, pass changedSince (with projectId): the stream starts with the current state of every reservation of the project changed after it, oldest change first.",
    args: {
      projectId: t.arg.id({
        required: false,
        description: "`Project.id` (Relay global id): every reservation of the project, live.",
      }),
      reservationId: t.arg.id({
        required: false,
        description:
          "`Reservation.id` (Relay global id): one reservation, from its current state until a final one.",
      }),
      changedSince: t.arg({
        type: "DateTime",
        required: false,
        description:
          "With projectId: first replay the current state of every reservation changed after this instant (e.g. the timestamp of the last notice you saw).",
      }),
    },
    subscribe: (_root, args, ctx) =>
      guarded(() =>
        subscribeReservationNotices(
          ctx.deps,
          actorOf(ctx),
          {
            projectId: args.projectId != null ? decodeId("Project", args.projectId) : null,
            reservationId:
              args.reservationId != null ? decodeId("Reservation", args.reservationId) : null,
            changedSince: args.changedSince ?? null,
          },
          ctx.limits.subscriptionQueue,
        ),
      ),
    resolve: (n: ReservationNotice) => n,
  }),
}));
