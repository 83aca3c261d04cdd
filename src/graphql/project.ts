// Projects: the Project node and its root query and mutation fields.
import { createProject, deleteProject, updateProject } from "../services/projects.ts";
import { liveProject } from "../services/tenancy.ts";
import { builder } from "./builder.ts";
import { actorOf } from "./context.ts";
import { decodeId, safeDbId } from "./ids.ts";

export const ProjectRef = builder.prismaNode("Project", {
  description:
    "The unit sending is organised by: messages, reservations, schedules, the 080 opt-out service and REST access keys belong to one project.",
  id: { field: "id" },
  nullable: true,
  // Node lookups are scoped like every other read: another account's id is "not found".
  findUnique: (id, ctx) => ({
    id: safeDbId(id),
    accountId: ctx.actor?.accountId ?? "",
    deletedAt: null,
  }),
  fields: (t) => ({
    name: t.exposeString("name", {
      description: "1–100 characters, surrounding whitespace trimmed; need not be unique.",
    }),
    serviceId: t.exposeString("id", {
      description:
        "The `{serviceId}` of this project's SENS-compatible REST URLs (/sms/v2/services/{serviceId}/…).",
    }),
    description: t.exposeString("description", {
      description: "Free text, at most 1000 characters; empty when not given.",
    }),
    createdAt: t.expose("createdAt", {
      type: "DateTime",
      description: "When the project was created (UTC).",
    }),
    updatedAt: t.expose("updatedAt", {
      type: "DateTime",
      description: "When the project last changed (UTC).",
    }),
  }),
});

builder.queryFields((t) => ({
  projects: t.prismaConnection({
    type: "Project",
    cursor: "id",
    totalCount: (_r, _a, ctx) =>
      ctx.deps.db.project.count({ where: { accountId: actorOf(ctx).accountId, deletedAt: null } }),
    authScopes: { member: true },
    description: "The account's projects, newest first.",
    resolve: (query, _r, _a, ctx) =>
      ctx.deps.db.project.findMany({
        ...query,
        where: { accountId: actorOf(ctx).accountId, deletedAt: null },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      }),
  }),
  project: t.prismaField({
    type: "Project",
    nullable: true,
    authScopes: { member: true },
    description: "One of the account's projects; null if unknown, deleted or another account's.",
    args: { id: t.arg.id({ description: "`Project.id` (Relay global id)." }) },
    resolve: (query, _r, { id }, ctx) =>
      ctx.deps.db.project.findFirst({
        ...query,
        where: liveProject(actorOf(ctx), decodeId("Project", id)),
      }),
  }),
}));

const CreateProjectInput = builder.inputType("CreateProjectInput", {
  description: "A new project.",
  fields: (t) => ({
    name: t.string({ description: "1–100 characters after trimming surrounding whitespace." }),
    description: t.string({
      required: false,
      description: "At most 1000 characters.",
      extensions: { text: "multiline" },
    }),
  }),
});

const UpdateProjectInput = builder.inputType("UpdateProjectInput", {
  description: "Changes to a project; omitted or null fields keep their value.",
  fields: (t) => ({
    id: t.id({ description: "`Project.id` (Relay global id)." }),
    name: t.string({ required: false, description: "New name, 1–100 characters after trimming." }),
    description: t.string({
      required: false,
      description: "New description, at most 1000 characters (an empty string clears it).",
      extensions: { text: "multiline" },
    }),
  }),
});

const ProjectDeletion = builder.simpleObject("ProjectDeletion", {
  description: "What deleting the project ended (docs/projects.md, Deleting a project).",
  fields: (t) => ({
    projectId: t.id({ description: "The deleted project's id, as given." }),
    skippedReservations: t.int({
      description:
        "READY reservations that ended SKIP with reason PROJECT_DELETED; nothing of them is sent.",
    }),
    deactivatedSchedules: t.int({
      description: "Active schedules that were deactivated; they produce no further occurrences.",
    }),
    stoppedOptOutServices: t.int({
      description:
        "080 opt-out services ended: a pending application cancelled or a COMPLETE service terminated (its opt-out numbers erased).",
    }),
  }),
});

builder.mutationFields((t) => ({
  createProject: t.prismaField({
    type: "Project",
    authScopes: { member: true },
    errors: { dataField: { description: "The new project." } },
    description: "Creates a project in the caller's account.",
    args: {
      input: t.arg({ type: CreateProjectInput, description: "Name and optional description." }),
    },
    // Re-read with the selection, so relations asked for in the result load in this query.
    resolve: async (query, _r, { input }, ctx) => {
      const { id } = await createProject(ctx.deps, actorOf(ctx), input);
      return ctx.deps.db.project.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  updateProject: t.prismaField({
    type: "Project",
    authScopes: { member: true },
    errors: { dataField: { description: "The project as it is now." } },
    description: "Rename or re-describe a project.",
    args: {
      input: t.arg({
        type: UpdateProjectInput,
        description: "The project and the fields to change.",
      }),
    },
    resolve: async (query, _r, { input }, ctx) => {
      const { id } = await updateProject(
        ctx.deps,
        actorOf(ctx),
        decodeId("Project", input.id),
        input,
      );
      return ctx.deps.db.project.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  deleteProject: t.field({
    type: ProjectDeletion,
    authScopes: { member: true },
    errors: { dataField: { description: "What the deletion ended." } },
    description:
      "Deletes a project whatever it still holds, in one transaction: it disappears from every query, its READY reservations end SKIP, schedules stop, its 080 service ends and its REST access keys are revoked.",
    args: { id: t.arg.id({ description: "`Project.id` (Relay global id)." }) },
    resolve: async (_r, { id }, ctx) => {
      const d = await deleteProject(ctx.deps, actorOf(ctx), decodeId("Project", id));
      return { ...d, projectId: String(id) };
    },
  }),
}));
