// REST access keys (docs/rest-sens.md): the ProjectAccessKey node, Project.accessKeys, and the
// create/revoke mutations. The secret is returned once, by createProjectAccessKey.
import { LimitExceededError } from "../domain/errors.ts";
import { SecretKeyUnavailableError } from "../secretKey.ts";
import { createAccessKey, revokeAccessKey } from "../services/accessKeys.ts";
import { builder } from "./builder.ts";
import { actorOf } from "./context.ts";
import { ErrorInterface } from "./errors.ts";
import { decodeId, inLiveProject } from "./ids.ts";

builder.objectType(SecretKeyUnavailableError, {
  name: "SecretKeyUnavailableError",
  interfaces: [ErrorInterface],
  description:
    "The gateway has no SECRET_KEY to seal access-key secrets with (PostgreSQL deployments must set one). Nothing was written.",
  fields: () => ({}),
});

export const ProjectAccessKeyRef = builder.prismaNode("ProjectAccessKey", {
  id: { field: "id" },
  nullable: true,
  description:
    "Credentials for the SENS-compatible REST API of one project: send `x-ncp-iam-access-key` and sign with the secret key (shown only at creation). The URL's serviceId is the project's `serviceId`.",
  findUnique: inLiveProject,
  fields: (t) => ({
    accessKey: t.exposeString("accessKey", {
      description: "The public half: the `x-ncp-iam-access-key` header.",
    }),
    project: t.relation("project", { description: "The project whose REST API this key opens." }),
    createdAt: t.expose("createdAt", {
      type: "DateTime",
      description: "When the key was issued (UTC).",
    }),
    lastUsedAt: t.expose("lastUsedAt", {
      type: "DateTime",
      nullable: true,
      description:
        "Last accepted REST request (UTC), refreshed at most once a minute; null if never used.",
    }),
    revokedAt: t.expose("revokedAt", {
      type: "DateTime",
      nullable: true,
      description:
        "Set when revoked (by revokeProjectAccessKey or by deleting the project); refused at once from then on.",
    }),
  }),
});

builder.prismaObjectFields("Project", (t) => ({
  accessKeys: t.relation("accessKeys", {
    description: "REST access keys of this project, oldest first, revoked ones included.",
    query: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
  }),
}));

const CreatedProjectAccessKey = builder
  .objectRef<{ id: string; secretKey: string }>("CreatedProjectAccessKey")
  .implement({
    description: "A newly issued REST access key and, this one time, its signing secret.",
    fields: (t) => ({
      accessKey: t.prismaField({
        type: "ProjectAccessKey",
        description: "The stored key (without its secret).",
        resolve: (query, created, _a, ctx) =>
          ctx.deps.db.projectAccessKey.findUniqueOrThrow({ ...query, where: { id: created.id } }),
      }),
      secretKey: t.exposeString("secretKey", {
        description: "The signing secret. Shown once: store it now, it cannot be read again.",
      }),
    }),
  });

builder.mutationFields((t) => ({
  createProjectAccessKey: t.field({
    type: CreatedProjectAccessKey,
    authScopes: { member: true },
    errors: {
      types: [LimitExceededError, SecretKeyUnavailableError],
      dataField: { description: "The new key and its one-time secret." },
    },
    description: "Issues a REST access key for a project (at most 2 active per project).",
    args: { projectId: t.arg.id({ description: "`Project.id` (Relay global id)." }) },
    resolve: async (_r, { projectId }, ctx) => {
      const created = await createAccessKey(ctx.deps, actorOf(ctx), decodeId("Project", projectId));
      return { id: created.key.id, secretKey: created.secretKey };
    },
  }),
  revokeProjectAccessKey: t.field({
    type: ProjectAccessKeyRef,
    authScopes: { member: true },
    errors: { dataField: { description: "The key, with `revokedAt` set." } },
    description: "Revokes a REST access key at once. Revoking a revoked key changes nothing.",
    args: { id: t.arg.id({ description: "`ProjectAccessKey.id` (Relay global id)." }) },
    resolve: (_r, { id }, ctx) =>
      revokeAccessKey(ctx.deps, actorOf(ctx), decodeId("ProjectAccessKey", id)),
  }),
}));
