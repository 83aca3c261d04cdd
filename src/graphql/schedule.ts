// Recurring schedules (docs/reservations-and-schedules.md#schedules): the Schedule,
// ScheduleTemplate and ScheduleOccurrence nodes, the Weekday and OccurrenceStatus enums, the
// reads (schedules, scheduleByCode) and the scheduleOccurrenceChanged subscription. Changes
// are in scheduleMutations.ts; templates are attached by sendMessage(mode: SCHEDULE, scheduleCode).
import { encodeGlobalID } from "@pothos/plugin-relay";
import { subscribeOccurrenceNotices } from "../realtime/occurrences.ts";
import type { OccurrenceNotice } from "../realtime/pubsub.ts";
import { formatLocal, type IsoWeekday } from "../domain/localTime.ts";
import { upcomingOccurrences } from "../services/schedules.ts";
import { builder } from "./builder.ts";
import { guarded } from "./errors.ts";
import { actorOf, type GraphQLContext } from "./context.ts";
import { decodeId, inLiveProject, inLiveSchedule } from "./ids.ts";
import { occurrenceMachine } from "../domain/reservations.ts";
import { statusEnumValues } from "./statusEnum.ts";

const WEEKDAYS = [
  "MONDAY",
  "TUESDAY",
  "WEDNESDAY",
  "THURSDAY",
  "FRIDAY",
  "SATURDAY",
  "SUNDAY",
] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const WeekdayEnum = builder.enumType("Weekday", {
  description: "A day of the week, in the schedule's own time zone.",
  values: Object.fromEntries(
    WEEKDAYS.map((d) => [d, { description: `${d[0]}${d.slice(1).toLowerCase()}.` }]),
  ) as Record<Weekday, { description: string }>,
});
export const toIso = (days: readonly Weekday[]) =>
  days.map((d) => (WEEKDAYS.indexOf(d) + 1) as IsoWeekday);
const fromStored = (daysOfWeek: string) =>
  daysOfWeek
    .split(",")
    .filter(Boolean)
    .map((d) => WEEKDAYS[Number(d) - 1]!);

const OccurrenceStatusEnum = builder.enumType("OccurrenceStatus", {
  description:
    "Where one occurrence (a template at one instant) is. It is created as PROCESSING, STALE or SKIP; PROCESSING then ends DONE or FAIL. All but PROCESSING are final.",
  values: statusEnumValues(occurrenceMachine, {
    PROCESSING: "Its request was created; messages are being delivered.",
    DONE: "Every message is COMPLETED and at least one succeeded.",
    FAIL: "Every message is COMPLETED and none succeeded.",
    STALE:
      "Not processed within the grace window after its time (e.g. the gateway was down); nothing was sent.",
    SKIP: "Nothing to send with at its time (statusReason); nothing was sent.",
  }),
});

export const ScheduleRef = builder.prismaNode("Schedule", {
  description:
    "A weekly rule in one project (weekdays and a local time in a zone, within an active period of at most 6 months); its templates are sent at each occurrence.",
  id: { field: "id" },
  nullable: true,
  findUnique: inLiveProject,
  fields: (t) => ({
    code: t.exposeString("code", {
      description:
        "Unique in the project: 1–50 letters, digits, - or _. Sends name the schedule by it (`scheduleCode`).",
    }),
    weekdays: t.field({
      type: [WeekdayEnum],
      description: "The days it fires on, Monday first.",
      resolve: (s) => fromStored(s.daysOfWeek),
    }),
    time: t.exposeString("time", { description: "HH:mm in timeZone." }),
    timeZone: t.exposeString("timeZone", {
      description: "IANA zone of `time` and the active period, e.g. Asia/Seoul.",
    }),
    startsAt: t.expose("startsAt", {
      type: "DateTime",
      description: "Start of the active period (UTC instant).",
    }),
    endsAt: t.expose("endsAt", {
      type: "DateTime",
      description: "End of the active period (UTC instant).",
    }),
    startsAtLocal: t.string({
      description: "yyyy-MM-dd HH:mm in timeZone.",
      resolve: (s) => formatLocal(s.startsAt, s.timeZone),
    }),
    endsAtLocal: t.string({
      description: "yyyy-MM-dd HH:mm in timeZone.",
      resolve: (s) => formatLocal(s.endsAt, s.timeZone),
    }),
    description: t.exposeString("description", {
      description: "Free text, at most 1000 characters; empty when not given.",
    }),
    active: t.exposeBoolean("active", { description: "False once its project was deleted." }),
    nextOccurrenceAt: t.expose("nextOccurrenceAt", {
      type: "DateTime",
      nullable: true,
      description:
        "The next instant the scheduler handles; null when the active period has no occurrence left.",
    }),
    upcoming: t.field({
      type: ["DateTime"],
      description: "The next occurrence instants (at most 100).",
      args: {
        count: t.arg.int({
          defaultValue: 5,
          description: "How many: 0–100 (values outside are clamped).",
        }),
      },
      resolve: (s, { count }, ctx) => upcomingOccurrences(s, count ?? 5, ctx.deps.clock.now()),
    }),
    createdAt: t.expose("createdAt", {
      type: "DateTime",
      description: "When it was created (UTC); the 6-month limit of `endsAt` counts from here.",
    }),
    updatedAt: t.expose("updatedAt", {
      type: "DateTime",
      description: "When it last changed (UTC).",
    }),
    project: t.relation("project", { description: "The project it belongs to." }),
    templates: t.relation("templates", {
      description:
        "Message templates sent at every occurrence (detached ones included, with detachedAt).",
      query: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
    }),
    occurrences: t.relatedConnection("occurrences", {
      cursor: "id",
      description: "Occurrences handled so far (one per template and instant), newest first.",
      query: { orderBy: [{ scheduledFor: "desc" }, { id: "desc" }] },
      totalCount: true,
    }),
  }),
});

builder.prismaNode("ScheduleTemplate", {
  description:
    "A message request attached to a schedule by sendMessage(mode: SCHEDULE); it is sent at every occurrence between its attachment and its detachment.",
  id: { field: "id" },
  nullable: true,
  findUnique: inLiveSchedule,
  fields: (t) => ({
    createdAt: t.expose("createdAt", {
      type: "DateTime",
      description: "Attached at; earlier occurrences do not send it.",
    }),
    detachedAt: t.expose("detachedAt", {
      type: "DateTime",
      nullable: true,
      description:
        "When it was detached (UTC); later occurrences do not send it. Null while attached.",
    }),
    schedule: t.relation("schedule", { description: "The schedule it is attached to." }),
    request: t.relation("request", {
      description: "The template: type, sender, content, recipient count.",
    }),
  }),
});

builder.prismaNode("ScheduleOccurrence", {
  description:
    "One template at one instant of its schedule: exactly one record per pair, however many schedulers run.",
  id: { field: "id" },
  nullable: true,
  findUnique: inLiveSchedule,
  fields: (t) => ({
    scheduledFor: t.expose("scheduledFor", {
      type: "DateTime",
      description: "The occurrence's instant (UTC).",
    }),
    status: t.expose("status", {
      type: OccurrenceStatusEnum,
      description: "Where it is; see OccurrenceStatus.",
    }),
    statusReason: t.exposeString("statusReason", {
      nullable: true,
      description:
        "Why it is SKIP (PROJECT_DELETED, SENDER_NOT_APPROVED, NO_OPT_OUT_SERVICE), STALE (NOT_PROCESSED_IN_TIME) or FAIL (NO_MESSAGE_DELIVERED); null otherwise.",
    }),
    createdAt: t.expose("createdAt", {
      type: "DateTime",
      description: "When the scheduler handled it (UTC).",
    }),
    finishedAt: t.expose("finishedAt", {
      type: "DateTime",
      nullable: true,
      description: "When it reached a final status (UTC); null while PROCESSING.",
    }),
    template: t.relation("template", { description: "The template it sent (or would have sent)." }),
    request: t.prismaField({
      type: "MessageRequest",
      nullable: true,
      description:
        "The request this occurrence produced (its messages and progress are the results); null for STALE and SKIP.",
      select: { requestId: true },
      resolve: (query, o, _a, ctx) =>
        o.requestId
          ? ctx.deps.db.messageRequest.findFirst({ ...query, where: { id: o.requestId } })
          : null,
    }),
  }),
});

builder.queryFields((t) => ({
  schedules: t.prismaConnection({
    type: "Schedule",
    cursor: "id",
    authScopes: { member: true },
    description: "A project's schedules by code.",
    args: { projectId: t.arg.id({ description: "`Project.id` (Relay global id)." }) },
    totalCount: (_r, { projectId }, ctx) =>
      ctx.deps.db.schedule.count({ where: schedulesOf(ctx, projectId) }),
    resolve: (query, _r, { projectId }, ctx) =>
      ctx.deps.db.schedule.findMany({
        ...query,
        where: schedulesOf(ctx, projectId),
        orderBy: [{ code: "asc" }, { id: "asc" }],
      }),
  }),
  scheduleByCode: t.prismaField({
    type: "Schedule",
    nullable: true,
    authScopes: { member: true },
    description: "A project's schedule by its code; null if there is none.",
    args: {
      projectId: t.arg.id({ description: "`Project.id` (Relay global id)." }),
      code: t.arg.string({ description: "`Schedule.code`, matched exactly." }),
    },
    resolve: (query, _r, { projectId, code }, ctx) =>
      ctx.deps.db.schedule.findFirst({ ...query, where: { ...schedulesOf(ctx, projectId), code } }),
  }),
}));

/** The caller's schedules in one of its projects that is not deleted. */
const schedulesOf = (ctx: GraphQLContext, projectId: string | number) => ({
  accountId: actorOf(ctx).accountId,
  projectId: decodeId("Project", projectId),
  project: { deletedAt: null },
});

const ScheduleOccurrenceEventRef = builder
  .objectRef<OccurrenceNotice>("ScheduleOccurrenceEvent")
  .implement({
    description: "One status change of one schedule occurrence.",
    fields: (t) => ({
      occurrenceId: t.id({
        description: "`ScheduleOccurrence.id` (Relay global id).",
        resolve: (n) => encodeGlobalID("ScheduleOccurrence", n.occurrenceId),
      }),
      scheduleId: t.id({
        description: "`Schedule.id` (Relay global id).",
        resolve: (n) => encodeGlobalID("Schedule", n.scheduleId),
      }),
      scheduledFor: t.field({
        type: "DateTime",
        description: "The occurrence's instant (UTC).",
        resolve: (n) => new Date(n.scheduledFor),
      }),
      requestId: t.id({
        nullable: true,
        description:
          "The request the occurrence sent (its messages stream on messageStatusChanged); null for SKIP and STALE.",
        resolve: (n) => (n.requestId ? encodeGlobalID("MessageRequest", n.requestId) : null),
      }),
      status: t.field({
        type: OccurrenceStatusEnum,
        description: "Its status now.",
        resolve: (n) => n.status as never,
      }),
      statusReason: t.exposeString("statusReason", {
        nullable: true,
        description: "Why it is SKIP, STALE or FAIL; null otherwise.",
      }),
      timestamp: t.field({
        type: "DateTime",
        description: "When the change happened (UTC).",
        resolve: (n) => new Date(n.at),
      }),
    }),
  });

builder.subscriptionFields((t) => ({
  scheduleOccurrenceChanged: t.field({
    type: ScheduleOccurrenceEventRef,
    authScopes: { member: true },
    description:
      "A schedule's occurrences as they are handled: PROCESSING when the occurrence's request is created (SKIP or STALE when nothing is sent), then DONE or FAIL once every message is COMPLETED. Live only; Schedule.occurrences lists those handled before.",
    args: { scheduleId: t.arg.id({ description: "`Schedule.id` (Relay global id)." }) },
    subscribe: (_root, args, ctx) =>
      guarded(() =>
        subscribeOccurrenceNotices(
          ctx.deps,
          actorOf(ctx),
          decodeId("Schedule", args.scheduleId),
          ctx.limits.subscriptionQueue,
        ),
      ),
    resolve: (n: OccurrenceNotice) => n,
  }),
}));
