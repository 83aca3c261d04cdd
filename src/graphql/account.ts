// The caller's account and its GraphQL API keys.
import { createApiKeyFor, listApiKeys, revokeApiKey } from "../services/accounts.ts";
import { ForbiddenError, LimitExceededError } from "../domain/errors.ts";
import { builder } from "./builder.ts";
import { actorOf } from "./context.ts";

export const ApiKeyRoleEnum = builder.enumType("ApiKeyRole", {
  values: { MEMBER: { description: "Uses the account's projects." }, OPERATOR: { description: "Platform staff: reviews and 080 operations." } },
});

export const ApiKeyRef = builder.prismaObject("ApiKey", {
  description: "A GraphQL API key. Its secret is shown only when it is created.",
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    role: t.expose("role", { type: ApiKeyRoleEnum }),
    prefix: t.exposeString("prefix", { description: "The public part of the key (`sgw_<prefix>_…`), to recognise it in lists." }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    lastUsedAt: t.expose("lastUsedAt", { type: "DateTime", nullable: true, description: "Refreshed at most once a minute." }),
    revokedAt: t.expose("revokedAt", { type: "DateTime", nullable: true }),
  }),
});

builder.prismaObject("Account", {
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

const Viewer = builder.simpleObject("Viewer", {
  description: "Who is calling.",
  fields: (t) => ({
    accountId: t.id(),
    apiKeyId: t.id(),
    role: t.field({ type: ApiKeyRoleEnum }),
  }),
});

builder.queryFields((t) => ({
  viewer: t.field({
    type: Viewer,
    authScopes: { member: true },
    resolve: (_r, _a, ctx) => {
      const a = actorOf(ctx);
      return { accountId: a.accountId, apiKeyId: a.keyId, role: a.role };
    },
  }),
  account: t.prismaField({
    type: "Account",
    authScopes: { member: true },
    resolve: (query, _r, _a, ctx) => ctx.deps.db.account.findUniqueOrThrow({ ...query, where: { id: actorOf(ctx).accountId } }),
  }),
  apiKeys: t.prismaField({
    type: ["ApiKey"],
    authScopes: { member: true },
    description: "The account's API keys the caller may manage, oldest first, revoked ones included: all of them for an operator, the MEMBER keys for a member.",
    resolve: (_q, _r, _a, ctx) => listApiKeys(ctx.deps.db, actorOf(ctx)),
  }),
}));

const CreatedApiKey = builder.simpleObject("CreatedApiKey", {
  fields: (t) => ({
    apiKey: t.field({ type: ApiKeyRef }),
    token: t.string({ description: "The full key. Shown once: store it now, it cannot be read again." }),
  }),
});

builder.mutationFields((t) => ({
  createApiKey: t.field({
    type: CreatedApiKey,
    authScopes: { member: true },
    errors: { types: [ForbiddenError, LimitExceededError] },
    description: "Issues a key for the caller's account, up to API_KEYS_PER_ACCOUNT active keys.",
    args: {
      name: t.arg.string(),
      role: t.arg({ type: ApiKeyRoleEnum, required: false, description: "Defaults to MEMBER; OPERATOR keys need an operator caller." }),
    },
    resolve: async (_r, { name, role }, ctx) => {
      const issued = await createApiKeyFor(ctx.deps, actorOf(ctx), name, role ?? "MEMBER");
      const apiKey = await ctx.deps.db.apiKey.findUniqueOrThrow({ where: { id: issued.id } });
      return { apiKey, token: issued.token };
    },
  }),
  revokeApiKey: t.field({
    type: ApiKeyRef,
    authScopes: { member: true },
    errors: {},
    args: { id: t.arg.id() },
    description: "Revokes one of the account's keys the caller may manage at once (its own included); a member gets NOT_FOUND for operator keys.",
    resolve: (_r, { id }, ctx) => revokeApiKey(ctx.deps, actorOf(ctx), String(id)),
  }),
}));
