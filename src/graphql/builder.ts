// Configures the Pothos builder: plugins, scalars, context and auth scopes. Defines no
// domain types — those live in one module per concept next to this file.
import SchemaBuilder from "@pothos/core";
import ComplexityPlugin from "@pothos/plugin-complexity";
import DataloaderPlugin from "@pothos/plugin-dataloader";
import ErrorsPlugin from "@pothos/plugin-errors";
import PrismaPlugin from "@pothos/plugin-prisma";
import RelayPlugin from "@pothos/plugin-relay";
import ScopeAuthPlugin from "@pothos/plugin-scope-auth";
import SimpleObjectsPlugin from "@pothos/plugin-simple-objects";
import ValidationPlugin from "@pothos/plugin-validation";
import { GraphQLError } from "graphql";
import { NotFoundError, ValidationError } from "../domain/errors.ts";
import type PrismaTypes from "../generated/pothos-types.ts";
import { getDatamodel } from "../generated/pothos-types.ts";
import AuthFirstPlugin, { missingKeyError } from "./authFirst.ts";
import type { GraphQLContext } from "./context.ts";
import TextInputPlugin from "./textInput.ts";

export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  PrismaTypes: PrismaTypes;
  AuthScopes: { member: boolean; operator: boolean };
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    Upload: { Input: File; Output: never };
  };
  DefaultFieldNullability: false;
  DefaultInputFieldRequiredness: true;
}>({
  // authFirst refuses anonymous callers on every root field before its arguments are even
  // parsed; scope-auth then checks roles before anything else runs; errors before
  // validation and the text-input check so their failures become typed ValidationError results.
  plugins: [AuthFirstPlugin, ScopeAuthPlugin, ErrorsPlugin, TextInputPlugin, ValidationPlugin, RelayPlugin, SimpleObjectsPlugin, PrismaPlugin, DataloaderPlugin, ComplexityPlugin],
  defaultFieldNullability: false,
  defaultInputFieldRequiredness: true,
  scopeAuth: {
    authorizeOnSubscribe: true,
    authScopes: (ctx) => ({
      member: ctx.actor !== null,
      operator: ctx.actor?.role === "OPERATOR",
    }),
    unauthorizedError: (_parent, ctx) =>
      ctx.actor
        ? new GraphQLError("This operation needs an operator API key", { extensions: { code: "FORBIDDEN", http: { status: 403 } } })
        : missingKeyError(),
  },
  errors: {
    // Every mutation can fail validation or name a missing id; add specific types per field.
    defaultTypes: [ValidationError, NotFoundError],
  },
  validation: {
    validationError: (result) =>
      new ValidationError(
        result.issues.map((i) => i.message).join("; "),
        result.issues.map((i) => ({
          path: (i.path ?? []).map((p) => String(typeof p === "object" && p !== null && "key" in p ? p.key : p)),
          message: i.message,
        })),
      ),
  },
  relay: {
    clientMutationId: "omit",
    cursorType: "String",
    nodeQueryOptions: { nullable: true },
    nodesQueryOptions: false,
  },
  prisma: {
    // The client is picked per request from the context (SQLite or PostgreSQL).
    client: (ctx) => ctx.deps.db,
    dmmf: getDatamodel(),
    filterConnectionTotalCount: true,
    onUnusedQuery: process.env.NODE_ENV === "production" ? null : "warn",
  },
  complexity: {
    defaultComplexity: 1,
    defaultListMultiplier: 10,
    limit: (ctx) => ({ complexity: ctx.limits.complexity, depth: ctx.limits.depth, breadth: ctx.limits.complexity }),
    complexityError: (kind, result) => {
      const k = String(kind).toLowerCase() as "depth" | "breadth" | "complexity";
      const max = result[`max${k[0]!.toUpperCase()}${k.slice(1)}` as "maxDepth"];
      return new GraphQLError(`Query ${k} ${result[k]} exceeds the limit of ${max}`, {
        extensions: { code: "QUERY_TOO_COMPLEX", kind: k, http: { status: 400 } },
      });
    },
  },
});

builder.scalarType("DateTime", {
  description: "An instant, as an ISO-8601 string in UTC (e.g. 2026-11-25T05:00:00.000Z).",
  serialize: (value) => (value as Date).toISOString(),
  parseValue: (value) => {
    const d = typeof value === "string" && /^\d{4}-\d{2}-\d{2}T/.test(value) ? new Date(value) : null;
    if (!d || Number.isNaN(d.getTime())) throw new GraphQLError("DateTime must be an ISO-8601 string such as 2026-11-25T05:00:00Z");
    return d;
  },
});

builder.scalarType("Upload", {
  description: "A file sent with the GraphQL multipart request spec.",
  serialize: () => {
    throw new GraphQLError("Upload is an input-only scalar");
  },
  parseValue: (value) => {
    // Yoga's multipart parser yields @whatwg-node's File, which is not `instanceof` Node's
    // File, so check the shape we rely on instead.
    const file = value as File | null;
    const fileLike = typeof file === "object" && file !== null && typeof file.arrayBuffer === "function" && typeof file.name === "string";
    if (!fileLike) throw new GraphQLError("Upload must be a file part of a multipart request");
    return file;
  },
});
