// Changing schedules (docs/reservations-and-schedules.md#schedules): the Create/Update
// inputs and the create, update and delete mutations, and detaching or deleting a template.
import { ConflictError } from "../domain/errors.ts";
import {
  createSchedule,
  deleteSchedule,
  deleteTemplate,
  detachTemplate,
  updateSchedule,
  type ScheduleFields,
} from "../services/schedules.ts";
import { builder } from "./builder.ts";
import { actorOf } from "./context.ts";
import { decodeId } from "./ids.ts";
import { WeekdayEnum, toIso, type Weekday } from "./schedule.ts";

const scheduleFieldInputs =
  (required: boolean) =>
  (
    t: PothosSchemaTypes.InputFieldBuilder<
      PothosSchemaTypes.ExtendDefaultTypes<never>,
      "InputObject"
    >,
  ) => ({
    code: t.string({
      required,
      description: "Unique in the project: 1–50 letters, digits, - or _.",
    }),
    weekdays: t.field({
      type: [WeekdayEnum],
      required,
      description: "Any non-empty subset; all seven = every day.",
    }),
    time: t.string({ required, description: "HH:mm (24-hour) in timeZone." }),
    timeZone: t.string({
      required: false,
      description: "IANA time zone; Asia/Seoul when omitted at creation.",
    }),
    startsAt: t.string({
      required: false,
      description:
        "Start of the active period, local yyyy-MM-dd HH:mm in timeZone; now when omitted at creation.",
    }),
    endsAt: t.string({
      required,
      description:
        "End of the active period, local yyyy-MM-dd HH:mm in timeZone: after the start, in the future, at most 6 months after the schedule's creation.",
    }),
    description: t.string({
      required: false,
      description: "Free text, at most 1000 characters.",
      extensions: { text: "multiline" },
    }),
  });

const CreateScheduleInput = builder.inputType("CreateScheduleInput", {
  description:
    "A new weekly schedule; attach messages to it with sendMessage(mode: SCHEDULE, scheduleCode).",
  fields: (t) => ({
    projectId: t.id({ description: "`Project.id` (Relay global id)." }),
    ...scheduleFieldInputs(true)(t as never),
  }),
});
const UpdateScheduleInput = builder.inputType("UpdateScheduleInput", {
  description: "Only the given fields change; later occurrences follow the new rule.",
  fields: (t) => ({
    id: t.id({ description: "`Schedule.id` (Relay global id)." }),
    ...scheduleFieldInputs(false)(t as never),
  }),
});

type ScheduleArgs = Partial<Record<keyof ScheduleFields, unknown>> & {
  weekdays?: Weekday[] | null;
};
const toFields = (input: ScheduleArgs): Partial<ScheduleFields> => {
  const out: Partial<ScheduleFields> = {};
  if (input.code != null) out.code = String(input.code);
  if (input.weekdays != null) out.weekdays = toIso(input.weekdays);
  if (input.time != null) out.time = String(input.time);
  if (input.timeZone != null) out.timeZone = String(input.timeZone);
  if (input.startsAt != null) out.startsAt = String(input.startsAt);
  if (input.endsAt != null) out.endsAt = String(input.endsAt);
  if (input.description != null) out.description = String(input.description);
  return out;
};

builder.mutationFields((t) => ({
  createSchedule: t.prismaField({
    type: "Schedule",
    authScopes: { member: true },
    errors: { types: [ConflictError], dataField: { description: "The new schedule." } },
    description:
      "Creates a weekly schedule; CONFLICT when the project already has one with the code.",
    args: {
      input: t.arg({ type: CreateScheduleInput, description: "The rule and its active period." }),
    },
    // Each result is read again with the selection, so relations load in that one query.
    resolve: async (query, _r, { input }, ctx) => {
      const { id } = await createSchedule(
        ctx.deps,
        actorOf(ctx),
        decodeId("Project", input.projectId),
        toFields(input as ScheduleArgs) as ScheduleFields,
      );
      return ctx.deps.db.schedule.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  updateSchedule: t.prismaField({
    type: "Schedule",
    authScopes: { member: true },
    errors: { types: [ConflictError], dataField: { description: "The schedule as it is now." } },
    description:
      "Changes a schedule's rule, period or description; the end stays within 6 months of its creation. An occurrence already due keeps the old rule.",
    args: {
      input: t.arg({
        type: UpdateScheduleInput,
        description: "The schedule and the fields to change.",
      }),
    },
    resolve: async (query, _r, { input }, ctx) => {
      const { id } = await updateSchedule(
        ctx.deps,
        actorOf(ctx),
        decodeId("Schedule", input.id),
        toFields(input as ScheduleArgs),
      );
      return ctx.deps.db.schedule.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  deleteSchedule: t.field({
    type: "ID",
    authScopes: { member: true },
    errors: { dataField: { description: "The deleted schedule's id, as given." } },
    description:
      "Deletes the schedule, its templates and occurrence records (the messages they sent stay in the history). `confirmCode` must repeat the schedule's code.",
    args: {
      id: t.arg.id({ description: "`Schedule.id` (Relay global id)." }),
      confirmCode: t.arg.string({ description: "The schedule's code, typed again to confirm." }),
    },
    resolve: async (_r, { id, confirmCode }, ctx) => {
      await deleteSchedule(ctx.deps, actorOf(ctx), decodeId("Schedule", id), confirmCode);
      return id;
    },
  }),
}));

// A schedule's templates: detached (kept in the history) or deleted.
builder.mutationFields((t) => ({
  detachScheduleTemplate: t.prismaField({
    type: "ScheduleTemplate",
    authScopes: { member: true },
    errors: { dataField: { description: "The template, with `detachedAt` set." } },
    description: "Stops sending a template at later occurrences; its history stays.",
    args: { id: t.arg.id({ description: "`ScheduleTemplate.id` (Relay global id)." }) },
    resolve: async (query, _r, { id }, ctx) => {
      const t = await detachTemplate(ctx.deps, actorOf(ctx), decodeId("ScheduleTemplate", id));
      return ctx.deps.db.scheduleTemplate.findUniqueOrThrow({ ...query, where: { id: t.id } });
    },
  }),
  deleteScheduleTemplate: t.field({
    type: "ID",
    authScopes: { member: true },
    errors: { dataField: { description: "The deleted template's id, as given." } },
    description:
      "Removes a template and its occurrence records (the messages it sent stay in the history).",
    args: { id: t.arg.id({ description: "`ScheduleTemplate.id` (Relay global id)." }) },
    resolve: async (_r, { id }, ctx) => {
      await deleteTemplate(ctx.deps, actorOf(ctx), decodeId("ScheduleTemplate", id));
      return id;
    },
  }),
}));
