// Authentication before anything else (issue 10, item 9): without a key, every root field —
// enumerated from the schema, so a field added later is covered too — answers only
// UNAUTHENTICATED, over HTTP, SSE and graphql-ws; arguments are not even looked at (an
// anonymous node(id: "x") used to answer "Invalid global ID: x"). Introspection still works.
import { createClient } from "graphql-ws";
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isAbstractType,
  isScalarType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
} from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { buildSchema } from "../src/graphql/schema.ts";
import { jpeg } from "./helpers/fixtures.ts";
import { startGateway, type TestGateway } from "./helpers/harness.ts";

const schema = buildSchema();

interface Operation {
  field: string;
  query: string;
  variables: Record<string, unknown>;
  /** Variable paths that hold an Upload (sent as multipart). */
  uploads: string[];
}

/** A well-formed value for `type` (required input fields only), so nothing but the missing key can fail. */
function sample(type: GraphQLInputType, path: string, uploads: string[]): unknown {
  const t = getNullableType(type);
  if (isListType(t)) return [sample(t.ofType, `${path}.0`, uploads)];
  if (isEnumType(t)) return t.getValues()[0]!.value;
  if (isInputObjectType(t)) {
    const out: Record<string, unknown> = {};
    for (const f of Object.values(t.getFields())) {
      if (isNonNullType(f.type) && f.defaultValue === undefined)
        out[f.name] = sample(f.type, `${path}.${f.name}`, uploads);
    }
    return out;
  }
  if (isScalarType(t)) {
    switch (t.name) {
      case "Upload":
        uploads.push(path);
        return null;
      case "DateTime":
        return "2030-01-01T00:00:00.000Z";
      case "Int":
      case "Float":
        return 1;
      case "Boolean":
        return true;
      default:
        return "x";
    }
  }
  throw new Error(`no sample for ${String(t)}`);
}

/** `{ field(args) { __typename } }` with every required argument as a variable. */
function operationFor(
  kind: "query" | "mutation" | "subscription",
  field: GraphQLField<unknown, unknown>,
): Operation {
  const uploads: string[] = [];
  const required = field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
  const variables = Object.fromEntries(
    required.map((a) => [a.name, sample(a.type, a.name, uploads)]),
  );
  const defs = required.map((a) => `$${a.name}: ${String(a.type)}`).join(", ");
  const args = required.map((a) => `${a.name}: $${a.name}`).join(", ");
  const named = getNamedType(field.type);
  const selection = isObjectType(named) || isAbstractType(named) ? " { __typename }" : "";
  const query = `${kind} Anonymous${defs ? `(${defs})` : ""} { ${field.name}${args ? `(${args})` : ""}${selection} }`;
  return { field: field.name, query, variables, uploads };
}

const rootFields = (type: GraphQLObjectType | null | undefined) =>
  Object.values(type?.getFields() ?? {});
const queries = rootFields(schema.getQueryType()).map((f) => operationFor("query", f));
const mutations = rootFields(schema.getMutationType()).map((f) => operationFor("mutation", f));
const subscriptions = rootFields(schema.getSubscriptionType()).map((f) =>
  operationFor("subscription", f),
);

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(async () => gw?.stop());

/** Sends `op` without a key: JSON, or multipart when it takes an upload. */
async function anonymous(op: Operation): Promise<{
  status: number;
  body: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
}> {
  if (!op.uploads.length) {
    const res = await fetch(gw.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: op.query, variables: op.variables }),
    });
    return { status: res.status, body: await res.json() };
  }
  const form = new FormData();
  form.append("operations", JSON.stringify({ query: op.query, variables: op.variables }));
  form.append(
    "map",
    JSON.stringify(Object.fromEntries(op.uploads.map((p, i) => [String(i), [`variables.${p}`]]))),
  );
  for (let i = 0; i < op.uploads.length; i++) {
    form.append(String(i), new File([jpeg(10, 10)], "a.jpg", { type: "image/jpeg" }));
  }
  const res = await fetch(gw.url, { method: "POST", body: form });
  return { status: res.status, body: await res.json() };
}

/** The only thing an anonymous caller may learn. */
function expectOnlyUnauthenticated(
  body: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] },
  field: string,
) {
  expect(body.errors?.length, field).toBeGreaterThan(0);
  for (const e of body.errors ?? []) {
    expect({ field, code: e.extensions?.code, message: e.message }).toEqual({
      field,
      code: "UNAUTHENTICATED",
      message: "Missing API key: send `Authorization: Bearer <key>`",
    });
  }
  // Nothing resolved: the whole data is null, or only null fields.
  if (body.data != null)
    expect(
      Object.values(body.data as Record<string, unknown>).every((v) => v === null),
      field,
    ).toBe(true);
}

describe('anonymous callers learn nothing but "authenticate"', () => {
  it("the schema has root fields to check (the enumeration works)", () => {
    expect(queries.map((q) => q.field)).toEqual(
      expect.arrayContaining(["node", "viewer", "projects"]),
    );
    expect(mutations.map((m) => m.field)).toEqual(
      expect.arrayContaining(["sendMessage", "createApiKey", "uploadMmsFile"]),
    );
    expect(subscriptions.map((s) => s.field)).toEqual(
      expect.arrayContaining(["messageStatusChanged", "requestProgress"]),
    );
  });

  it('node(id: "x") answers UNAUTHENTICATED, not "Invalid global ID"', async () => {
    const r = await anonymous({
      field: "node",
      query: `{ node(id: "x") { id } }`,
      variables: {},
      uploads: [],
    });
    expectOnlyUnauthenticated(r.body, "node");
    expect(r.status).toBe(401);
  });

  it.each(queries)("query $field answers only UNAUTHENTICATED (HTTP 401)", async (op) => {
    const r = await anonymous(op);
    expectOnlyUnauthenticated(r.body, op.field);
    expect(r.status).toBe(401);
  });

  it.each(mutations)(
    "mutation $field answers only UNAUTHENTICATED (HTTP 401) and writes nothing",
    async (op) => {
      const before = await gw.app.deps.db.storedFile.count();
      const r = await anonymous(op);
      expectOnlyUnauthenticated(r.body, op.field);
      expect(r.status).toBe(401);
      expect(await gw.app.deps.db.storedFile.count()).toBe(before);
    },
  );

  it.each(subscriptions)(
    "subscription $field over HTTP (JSON) answers only UNAUTHENTICATED",
    async (op) => {
      const r = await anonymous(op);
      expectOnlyUnauthenticated(r.body, op.field);
    },
  );

  it.each(subscriptions)(
    "subscription $field over SSE streams only UNAUTHENTICATED, then ends",
    async (op) => {
      const res = await fetch(gw.url, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "text/event-stream" },
        body: JSON.stringify({ query: op.query, variables: op.variables }),
        signal: AbortSignal.timeout(15_000),
      });
      const text = await res.text(); // the stream must end by itself
      const events = text
        .split("\n")
        .filter((l) => l.startsWith("data:"))
        .map((l) => l.slice(5).trim())
        .filter(Boolean)
        .map(
          (d) =>
            JSON.parse(d) as {
              data?: unknown;
              errors?: { message: string; extensions?: { code?: string } }[];
            },
        );
      const payloads = events.filter((e) => e.data !== undefined || e.errors !== undefined);
      expect(payloads.length, text).toBeGreaterThan(0);
      for (const p of payloads) expectOnlyUnauthenticated(p, op.field);
    },
  );

  it.each(subscriptions)(
    "subscription $field over graphql-ws: a socket without a key is closed with 4403 before anything runs",
    async (op) => {
      const outcome = await new Promise<{ closed?: number; next?: unknown }>((resolve) => {
        const client = createClient({
          url: gw.url.replace(/^http/, "ws"),
          webSocketImpl: WebSocket,
          retryAttempts: 0,
          on: { closed: (e) => resolve({ closed: (e as { code: number }).code }) },
        });
        client.subscribe(
          { query: op.query, variables: op.variables },
          { next: (v) => resolve({ next: v }), error: () => undefined, complete: () => undefined },
        );
      });
      expect(outcome).toEqual({ closed: 4403 });
    },
  );

  it("introspection works without a key (GraphiQL's docs)", async () => {
    const r = await anonymous({
      field: "__schema",
      query: "{ __schema { queryType { name } mutationType { name } subscriptionType { name } } }",
      variables: {},
      uploads: [],
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      data: {
        __schema: {
          queryType: { name: "Query" },
          mutationType: { name: "Mutation" },
          subscriptionType: { name: "Subscription" },
        },
      },
    });
  });
});
