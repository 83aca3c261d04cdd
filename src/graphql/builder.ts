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
import { GraphQLError } from "graphql";
import { NotFoundError, ValidationError } from "../domain/errors.ts";
import type PrismaTypes from "../generated/pothos-types.ts";
import { getDatamodel } from "../generated/pothos-types.ts";
import AuthFirstPlugin, { missingKeyError } from "./authFirst.ts";
import BigListsPlugin from "./bigLists.ts";
import type { GraphQLContext } from "./context.ts";
import TextInputPlugin from "./textInput.ts";
import TotalCountDescriptionPlugin from "./totalCountDescription.ts";

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
  // parsed; scope-auth then checks roles before anything else runs; errors before the
  // text-input check so its failures become typed ValidationError results.
  plugins: [
    // First of all: fills the big lists coerced in slices (bigLists.ts) before anyone reads them.
    BigListsPlugin,
    AuthFirstPlugin,
    ScopeAuthPlugin,
    ErrorsPlugin,
    TextInputPlugin,
    RelayPlugin,
    SimpleObjectsPlugin,
    PrismaPlugin,
    TotalCountDescriptionPlugin,
    DataloaderPlugin,
    ComplexityPlugin,
  ],
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
        ? new GraphQLError("This operation needs an operator API key", {
            extensions: { code: "FORBIDDEN", http: { status: 403 } },
          })
        : missingKeyError(),
  },
  errors: {
    // Every mutation can fail validation or name a missing id; add specific types per field.
    defaultTypes: [ValidationError, NotFoundError],
    // The generated `<Parent><Field>Result` unions and `…Success { data }` wrappers; each
    // field describes its own `data` (dataField) since only it knows what it returns.
    defaultUnionOptions: {
      description:
        "The answer of a field with typed errors (every mutation, and optOutNumbers): its `…Success` type when it worked, otherwise one typed error; every member but the success implements `Error`. Nothing is written when an error is answered.",
    },
    defaultResultOptions: {
      description:
        "The successful answer of a field with typed errors; `data` holds what it returned.",
    },
  },
  relay: {
    clientMutationId: "omit",
    cursorType: "String",
    nodeQueryOptions: {
      nullable: true,
      description:
        "Any object with a global id (Relay `Node`), scoped to the caller's account: null when it does not exist, was deleted or belongs to another account. A string that is not a Relay global id (SENS REST ids included) is an error.",
      args: {
        id: { description: "A Relay global id: the `id` of any type that implements Node." },
      },
    },
    nodesQueryOptions: false,
    nodeTypeOptions: {
      description: "An object that can be fetched again by its global id with `node(id:)`.",
    },
    idFieldOptions: {
      description: "Relay global id: opaque, stable, and unique across all types.",
    },
    pageInfoTypeOptions: {
      description: "Where a page sits in its list (Relay cursor pagination).",
    },
    hasNextPageFieldOptions: {
      description: "More items follow `endCursor` (meaningful when paging forward with `first`).",
    },
    hasPreviousPageFieldOptions: {
      description:
        "More items precede `startCursor` (meaningful when paging backward with `last`).",
    },
    startCursorFieldOptions: {
      description: "Cursor of the first edge of this page; null when the page is empty.",
    },
    endCursorFieldOptions: {
      description:
        "Cursor of the last edge of this page; pass it as `after` for the next page. Null when the page is empty.",
    },
    defaultConnectionTypeOptions: {
      description:
        "One page of a list (Relay connection). Page forward with `first`/`after`, backward with `last`/`before`.",
    },
    defaultEdgeTypeOptions: { description: "One item of a page and its cursor." },
    edgesFieldOptions: { description: "The items of this page, in the list's order." },
    pageInfoFieldOptions: {
      description: "Cursors and whether more items exist before or after this page.",
    },
    cursorFieldOptions: {
      description: "Opaque position of this item; pass it as `after` or `before`.",
    },
    nodeFieldOptions: { description: "The item." },
    firstArgOptions: {
      description:
        "Page size from the start or from `after`: 0–100, default 20 (larger values are capped at 100).",
    },
    afterArgOptions: {
      description: "Return items after this cursor (an `endCursor` or edge `cursor`).",
    },
    lastArgOptions: {
      description:
        "Page size from the end or from `before`: 0–100 (larger values are capped at 100).",
    },
    beforeArgOptions: {
      description: "Return items before this cursor (a `startCursor` or edge `cursor`).",
    },
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
    limit: (ctx) => ({
      complexity: ctx.limits.complexity,
      depth: ctx.limits.depth,
      breadth: ctx.limits.complexity,
    }),
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
    const d =
      typeof value === "string" && /^\d{4}-\d{2}-\d{2}T/.test(value) ? new Date(value) : null;
    if (!d || Number.isNaN(d.getTime()))
      throw new GraphQLError("DateTime must be an ISO-8601 string such as 2026-11-25T05:00:00Z");
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
    const fileLike =
      typeof file === "object" &&
      file !== null &&
      typeof file.arrayBuffer === "function" &&
      typeof file.name === "string";
    if (!fileLike) throw new GraphQLError("Upload must be a file part of a multipart request");
    return file;
  },
});
