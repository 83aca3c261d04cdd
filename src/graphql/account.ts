// The caller's account and its GraphQL API keys.
import { createApiKeyFor, listApiKeys, revokeApiKey } from "../services/accounts.ts";
import { ForbiddenError, LimitExceededError } from "../domain/errors.ts";
import { builder } from "./builder.ts";
import { actorOf } from "./context.ts";

export const ApiKeyRoleEnum = builder.enumType("ApiKeyRole", {
  description: "What a GraphQL API key may do.",
  values: {
    MEMBER: { description: "Uses the account's projects." },
    OPERATOR: { description: "Platform staff: reviews and 080 operations." },
  },
});

export const ApiKeyRef = builder.prismaObject("ApiKey", {
  description: "A GraphQL API key. Its secret is shown only when it is created.",
  fields: (t) => ({
    id: t.exposeID("id", {
      description:
        "The key's id (a plain database id, not a Relay global id); pass it to revokeApiKey.",
    }),
    name: t.exposeString("name", { description: "A label chosen at creation, 1–100 characters." }),
    role: t.expose("role", { type: ApiKeyRoleEnum, description: "What the key may do." }),
    prefix: t.exposeString("prefix", {
      description: "The public part of the key (`sgw_<prefix>_…`), to recognise it in lists.",
    }),
    createdAt: t.expose("createdAt", {
      type: "DateTime",
      description: "When the key was issued (UTC).",
    }),
    lastUsedAt: t.expose("lastUsedAt", {
      type: "DateTime",
      nullable: true,
      description:
        "Last authenticated request (UTC), refreshed at most once a minute; null if never used.",
    }),
    revokedAt: t.expose("revokedAt", {
      type: "DateTime",
      nullable: true,
      description:
        "When the key was revoked (UTC); null while it is active. A revoked key is refused at once.",
    }),
  }),
});

builder.prismaObject("Account", {
  description:
    "The tenant the caller's API key belongs to. Projects, sender numbers and keys belong to one account; other accounts' data is invisible.",
  fields: (t) => ({
    id: t.exposeID("id", {
      description: "The account's id (a plain database id, as in `Viewer.accountId`).",
    }),
    name: t.exposeString("name", { description: "The account's display name." }),
    createdAt: t.expose("createdAt", {
      type: "DateTime",
      description: "When the account was created (UTC).",
    }),
  }),
});

const Viewer = builder.simpleObject("Viewer", {
  description: "Who is calling.",
  fields: (t) => ({
    accountId: t.id({ description: "The caller's account (same as `Account.id`)." }),
    apiKeyId: t.id({ description: "The API key making this request (same as `ApiKey.id`)." }),
    role: t.field({ type: ApiKeyRoleEnum, description: "The role of that key." }),
  }),
});

builder.queryFields((t) => ({
  viewer: t.field({
    type: Viewer,
    description: "The account, key and role behind the API key of this request.",
    authScopes: { member: true },
    resolve: (_r, _a, ctx) => {
      const a = actorOf(ctx);
      return { accountId: a.accountId, apiKeyId: a.keyId, role: a.role };
    },
  }),
  account: t.prismaField({
    type: "Account",
    description: "The caller's account.",
    authScopes: { member: true },
    resolve: (query, _r, _a, ctx) =>
      ctx.deps.db.account.findUniqueOrThrow({ ...query, where: { id: actorOf(ctx).accountId } }),
  }),
  apiKeys: t.prismaField({
    type: ["ApiKey"],
    authScopes: { member: true },
    description:
      "The account's API keys the caller may manage, oldest first, revoked ones included: all of them for an operator, the MEMBER keys for a member.",
    resolve: (_q, _r, _a, ctx) => listApiKeys(ctx.deps.db, actorOf(ctx)),
  }),
}));

const CreatedApiKey = builder.simpleObject("CreatedApiKey", {
  description: "A newly issued API key and, this one time, its secret.",
  fields: (t) => ({
    apiKey: t.field({ type: ApiKeyRef, description: "The stored key (without its secret)." }),
    token: t.string({
      description: "The full key. Shown once: store it now, it cannot be read again.",
    }),
  }),
});

builder.mutationFields((t) => ({
  createApiKey: t.field({
    type: CreatedApiKey,
    authScopes: { member: true },
    errors: {
      types: [ForbiddenError, LimitExceededError],
      dataField: { description: "The new key and its one-time token." },
    },
    description: "Issues a key for the caller's account, up to API_KEYS_PER_ACCOUNT active keys.",
    args: {
      name: t.arg.string({
        description: "A label to recognise the key by, 1–100 characters after trimming.",
      }),
      role: t.arg({
        type: ApiKeyRoleEnum,
        required: false,
        description: "Defaults to MEMBER; OPERATOR keys need an operator caller.",
      }),
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
    errors: { dataField: { description: "The key, now with `revokedAt` set." } },
    args: { id: t.arg.id({ description: "`ApiKey.id` (a plain database id)." }) },
    description:
      "Revokes one of the account's keys the caller may manage at once (its own included); a member gets NOT_FOUND for operator keys.",
    resolve: (_r, { id }, ctx) => revokeApiKey(ctx.deps, actorOf(ctx), String(id)),
  }),
}));
