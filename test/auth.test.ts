// docs/errors.md#roles and issue "Auth": API keys (shown once, stored hashed, revocable, last-used time),
// Bearer auth on HTTP, connection_init auth on WebSocket, member vs operator roles.
import { createHash } from "node:crypto";
import { createClient } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { graphql } from "./generated/index.ts";
import { startGateway, type TestGateway } from "./helpers/harness.ts";

const Viewer = graphql(`
  query Viewer { viewer { accountId apiKeyId role } }
`);

const ApiKeys = graphql(`
  query ApiKeys { apiKeys { id name role prefix lastUsedAt revokedAt } }
`);

const CreateApiKey = graphql(`
  mutation CreateApiKey($name: String!, $role: ApiKeyRole) {
    createApiKey(name: $name, role: $role) {
      __typename
      ... on MutationCreateApiKeySuccess { data { token apiKey { id name role prefix } } }
      ... on Error { code message }
    }
  }
`);

const RevokeApiKey = graphql(`
  mutation RevokeApiKey($id: ID!) {
    revokeApiKey(id: $id) {
      __typename
      ... on MutationRevokeApiKeySuccess { data { id revokedAt } }
      ... on Error { code message }
    }
  }
`);

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(async () => gw?.stop());

describe("HTTP authentication", () => {
  it("a valid member key identifies the caller's account and role", async () => {
    const r = await gw.gql(Viewer);
    expect(r.status).toBe(200);
    expect(r.data.viewer).toMatchObject({ accountId: gw.demo.accountId, role: "MEMBER" });
  });

  it("without a key, data fields fail with UNAUTHENTICATED but introspection works", async () => {
    const r = await gw.gql(Viewer, {}, null);
    expect(r.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(r.data).toBeNull();
    const intro = await gw.gql(`{ __schema { queryType { name } } }`, {}, null);
    expect(intro.data).toEqual({ __schema: { queryType: { name: "Query" } } });
  });

  it("a forged, malformed or unknown key is refused with HTTP 401 INVALID_API_KEY", async () => {
    const forged = `sgw_${gw.demo.memberKey.slice(4, 16)}_${"A".repeat(32)}`; // real prefix, wrong secret
    for (const key of [forged, "sgw_AAAAAAAAAAAA_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB", "not-a-key"]) {
      const r = await gw.gql(Viewer, {}, key);
      expect(r.status).toBe(401);
      expect(r.errors?.[0]?.extensions?.code).toBe("INVALID_API_KEY");
    }
    const res = await fetch(gw.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Basic abc" },
      body: JSON.stringify({ query: "{ viewer { role } }" }),
    });
    expect(res.status).toBe(401);
  });

  it("stores only a SHA-256 of the key, never the key itself", async () => {
    const rows = await gw.app.deps.db.apiKey.findMany();
    const hashes = rows.map((k) => k.secretHash);
    expect(hashes).toContain(createHash("sha256").update(gw.demo.memberKey).digest("hex"));
    expect(JSON.stringify(rows)).not.toContain(gw.demo.memberKey.slice(17));
  });

  it("records when a key was last used", async () => {
    await gw.gql(Viewer);
    const keys = await gw.gql(ApiKeys);
    const me = keys.data.apiKeys.find((k) => gw.demo.memberKey.includes(k.prefix));
    expect(me?.lastUsedAt).toBeTruthy();
  });
});

describe("API key management", () => {
  it("creates a key whose token is shown once and works at once; lists show only the prefix", async () => {
    const r = await gw.gql(CreateApiKey, { name: "ci" });
    if (r.data.createApiKey.__typename !== "MutationCreateApiKeySuccess")
      throw new Error(JSON.stringify(r.data));
    const { token, apiKey } = r.data.createApiKey.data;
    expect(token).toMatch(/^sgw_[0-9A-Za-z]{12}_[0-9A-Za-z]{32}$/);
    expect(apiKey).toMatchObject({ name: "ci", role: "MEMBER", prefix: token.slice(4, 16) });
    expect((await gw.gql(Viewer, {}, token)).data.viewer.apiKeyId).toBe(apiKey.id);
    expect(JSON.stringify((await gw.gql(ApiKeys)).data)).not.toContain(token);
  });

  it("a member cannot create an operator key; an operator can", async () => {
    const denied = await gw.gql(CreateApiKey, { name: "x", role: "OPERATOR" });
    expect(denied.data.createApiKey).toMatchObject({
      __typename: "ForbiddenError",
      code: "FORBIDDEN",
    });
    const allowed = await gw.gql(
      CreateApiKey,
      { name: "ops", role: "OPERATOR" },
      gw.demo.operatorKey,
    );
    expect(allowed.data.createApiKey).toMatchObject({
      __typename: "MutationCreateApiKeySuccess",
      data: { apiKey: { role: "OPERATOR" } },
    });
  });

  it("a revoked key is refused immediately with 401", async () => {
    const created = await gw.gql(CreateApiKey, { name: "short-lived" });
    if (created.data.createApiKey.__typename !== "MutationCreateApiKeySuccess")
      throw new Error("no key");
    const { token, apiKey } = created.data.createApiKey.data;
    const revoked = await gw.gql(RevokeApiKey, { id: apiKey.id });
    expect(revoked.data.revokeApiKey).toMatchObject({
      __typename: "MutationRevokeApiKeySuccess",
      data: { id: apiKey.id },
    });
    const r = await gw.gql(Viewer, {}, token);
    expect(r.status).toBe(401);
    expect(r.errors?.[0]?.extensions?.code).toBe("INVALID_API_KEY");
  });

  it("another account's key id cannot be revoked or listed: it is simply not found", async () => {
    const other = await gw.newTenant("Other");
    const theirs = (await gw.gql(ApiKeys, {}, other.memberKey)).data.apiKeys[0]!;
    const r = await gw.gql(RevokeApiKey, { id: theirs.id });
    expect(r.data.revokeApiKey).toMatchObject({ __typename: "NotFoundError", code: "NOT_FOUND" });
    expect((await gw.gql(Viewer, {}, other.memberKey)).status).toBe(200);
    const mine = (await gw.gql(ApiKeys)).data.apiKeys.map((k) => k.id);
    expect(mine).not.toContain(theirs.id);
  });
});

describe("WebSocket authentication (graphql-ws connection_init)", () => {
  const wsUrl = () => gw.url.replace(/^http/, "ws");

  function connect(connectionParams: Record<string, unknown> | undefined) {
    return new Promise<{ closedWith?: number; result?: unknown }>((resolve) => {
      const client = createClient({
        url: wsUrl(),
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        lazy: false,
        onNonLazyError: () => undefined, // the close code is asserted instead
        connectionParams,
        on: { closed: (e) => resolve({ closedWith: (e as { code: number }).code }) },
      });
      client.on("connected", () => {
        const sub = client.iterate({ query: "{ viewer { role accountId } }" });
        void sub.next().then((r) => {
          void client.dispose();
          resolve({ result: r.value });
        });
      });
    });
  }

  it("closes sockets that send no key (4403) or a bad key", async () => {
    expect((await connect(undefined)).closedWith).toBe(4403);
    expect(
      (await connect({ authorization: "Bearer sgw_AAAAAAAAAAAA_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB" }))
        .closedWith,
    ).toBe(4403);
  });

  it("accepts a valid key in connection_init and runs operations as that account", async () => {
    const r = await connect({ authorization: `Bearer ${gw.demo.memberKey}` });
    expect(r.result).toEqual({
      data: { viewer: { role: "MEMBER", accountId: gw.demo.accountId } },
    });
  });
});
