// Projects: the Project node and its root query and mutation fields.
import { createProject, deleteProject, liveProject, updateProject } from "../services/projects.ts";
import { builder } from "./builder.ts";
import { actorOf } from "./context.ts";
import { decodeId, safeDbId } from "./ids.ts";

export const ProjectRef = builder.prismaNode("Project", {
  id: { field: "id" },
  nullable: true,
  // Node lookups are scoped like every other read: another account's id is "not found".
  findUnique: (id, ctx) => ({ id: safeDbId(id), accountId: ctx.actor?.accountId ?? "", deletedAt: null }),
  fields: (t) => ({
    name: t.exposeString("name"),
    serviceId: t.exposeString("id", { description: "The `{serviceId}` of this project's SENS-compatible REST URLs (/sms/v2/services/{serviceId}/…)." }),
    description: t.exposeString("description"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

builder.queryFields((t) => ({
  projects: t.prismaConnection({
    type: "Project",
    cursor: "id",
    totalCount: (_r, _a, ctx) => ctx.deps.db.project.count({ where: { accountId: actorOf(ctx).accountId, deletedAt: null } }),
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
    args: { id: t.arg.id() },
    resolve: (query, _r, { id }, ctx) =>
      ctx.deps.db.project.findFirst({ ...query, where: liveProject(actorOf(ctx), decodeId("Project", id)) }),
  }),
}));

const CreateProjectInput = builder.inputType("CreateProjectInput", {
  fields: (t) => ({
    name: t.string({ description: "1–100 characters." }),
    description: t.string({ required: false, description: "At most 1000 characters.", extensions: { text: "multiline" } }),
  }),
});

const UpdateProjectInput = builder.inputType("UpdateProjectInput", {
  fields: (t) => ({
    id: t.id(),
    name: t.string({ required: false }),
    description: t.string({ required: false, extensions: { text: "multiline" } }),
  }),
});

const ProjectDeletion = builder.simpleObject("ProjectDeletion", {
  description: "What deleting the project ended (see README, Deleting a project).",
  fields: (t) => ({
    projectId: t.id(),
    skippedReservations: t.int(),
    deactivatedSchedules: t.int(),
    stoppedOptOutServices: t.int(),
  }),
});

builder.mutationFields((t) => ({
  createProject: t.prismaField({
    type: "Project",
    authScopes: { member: true },
    errors: {},
    args: { input: t.arg({ type: CreateProjectInput }) },
    resolve: (_q, _r, { input }, ctx) => createProject(ctx.deps, actorOf(ctx), input),
  }),
  updateProject: t.prismaField({
    type: "Project",
    authScopes: { member: true },
    errors: {},
    description: "Rename or re-describe a project.",
    args: { input: t.arg({ type: UpdateProjectInput }) },
    resolve: (_q, _r, { input }, ctx) => updateProject(ctx.deps, actorOf(ctx), decodeId("Project", input.id), input),
  }),
  deleteProject: t.field({
    type: ProjectDeletion,
    authScopes: { member: true },
    errors: {},
    args: { id: t.arg.id() },
    resolve: async (_r, { id }, ctx) => {
      const d = await deleteProject(ctx.deps, actorOf(ctx), decodeId("Project", id));
      return { ...d, projectId: String(id) };
    },
  }),
}));
