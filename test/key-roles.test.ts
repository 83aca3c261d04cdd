// Who may list, create and revoke which role's API keys (issue 10, item 7), every cell of
// the README's key-management table through the GraphQL API, and the per-account cap of
// active keys (API_KEYS_PER_ACCOUNT) over GraphQL — concurrent creations included — and
// the CLI.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphql } from "./generated/index.ts";
import { startGateway, type Tenant, type TestGateway } from "./helpers/harness.ts";

const Viewer = graphql(`
  query KrViewer { viewer { apiKeyId role } }
`);

const ApiKeys = graphql(`
  query KrApiKeys { apiKeys { id role revokedAt } }
`);

const CreateApiKey = graphql(`
  mutation KrCreateApiKey($name: String!, $role: ApiKeyRole) {
    createApiKey(name: $name, role: $role) {
      __typename
      ... on MutationCreateApiKeySuccess { data { token apiKey { id role } } }
      ... on LimitExceededError { limit current }
      ... on Error { code message }
    }
  }
`);

const RevokeApiKey = graphql(`
  mutation KrRevokeApiKey($id: ID!) {
    revokeApiKey(id: $id) {
      __typename
      ... on MutationRevokeApiKeySuccess { data { id revokedAt } }
      ... on Error { code message }
    }
  }
`);

type Role = "MEMBER" | "OPERATOR";
interface Key {
  id: string;
  token: string;
  role: Role;
}

const CAP = 6;
let gw: TestGateway;
let tenant: Tenant;
let other: Tenant;

beforeAll(async () => {
  gw = await startGateway({ env: { API_KEYS_PER_ACCOUNT: String(CAP) } });
  tenant = await gw.newTenant("Roles");
  other = await gw.newTenant("Other");
});
afterAll(async () => gw?.stop());

async function create(by: string, role: Role, name = `${role.toLowerCase()} key`): Promise<Key> {
  const r = (await gw.gql(CreateApiKey, { name, role }, by)).data.createApiKey;
  if (r.__typename !== "MutationCreateApiKeySuccess") throw new Error(JSON.stringify(r));
  return { id: r.data.apiKey.id, token: r.data.token, role };
}

/** Revokes every active key of `accountId` but the given tokens' (the cap counts active keys). */
async function revokeAllBut(accountId: string, keep: string[]) {
  const keepPrefixes = keep.map((t) => t.slice(4, 16));
  await gw.app.deps.db.apiKey.updateMany({
    where: { accountId, revokedAt: null, prefix: { notIn: keepPrefixes } },
    data: { revokedAt: new Date() },
  });
}

const works = async (token: string) => (await gw.gql(Viewer, {}, token)).status === 200;

describe("the key-management table", () => {
  describe("list", () => {
    it("a member sees exactly its account's MEMBER keys, never an operator key", async () => {
      const r = await gw.gql(ApiKeys, {}, tenant.memberKey);
      const stored = await gw.app.deps.db.apiKey.findMany({
        where: { accountId: tenant.accountId },
      });
      expect(stored.some((k) => k.role === "OPERATOR")).toBe(true);
      expect(r.data.apiKeys.map((k) => k.id).sort()).toEqual(
        stored
          .filter((k) => k.role === "MEMBER")
          .map((k) => k.id)
          .sort(),
      );
      expect(r.data.apiKeys.every((k) => k.role === "MEMBER")).toBe(true);
    });

    it("an operator sees every key of its account, and no other account's", async () => {
      const r = await gw.gql(ApiKeys, {}, tenant.operatorKey);
      const stored = await gw.app.deps.db.apiKey.findMany({
        where: { accountId: tenant.accountId },
      });
      expect(r.data.apiKeys.map((k) => k.id).sort()).toEqual(stored.map((k) => k.id).sort());
    });
  });

  describe("create", () => {
    it.each([
      { caller: "MEMBER", role: "MEMBER", outcome: "created" },
      { caller: "MEMBER", role: "OPERATOR", outcome: "FORBIDDEN" },
      { caller: "OPERATOR", role: "MEMBER", outcome: "created" },
      { caller: "OPERATOR", role: "OPERATOR", outcome: "created" },
    ] as const)("$caller creating a $role key: $outcome", async ({ caller, role, outcome }) => {
      const by = caller === "MEMBER" ? tenant.memberKey : tenant.operatorKey;
      const before = await gw.app.deps.db.apiKey.count();
      const r = (await gw.gql(CreateApiKey, { name: "new", role }, by)).data.createApiKey;
      if (outcome === "FORBIDDEN") {
        expect(r).toMatchObject({ __typename: "ForbiddenError", code: "FORBIDDEN" });
        expect(await gw.app.deps.db.apiKey.count()).toBe(before);
        return;
      }
      if (r.__typename !== "MutationCreateApiKeySuccess") throw new Error(JSON.stringify(r));
      expect(r.data.apiKey.role).toBe(role);
      expect((await gw.gql(Viewer, {}, r.data.token)).data.viewer.role).toBe(role);
      await gw.gql(RevokeApiKey, { id: r.data.apiKey.id }, tenant.operatorKey);
    });

    it("without a role, the new key is a MEMBER key for either caller", async () => {
      for (const by of [tenant.memberKey, tenant.operatorKey]) {
        const r = (await gw.gql(CreateApiKey, { name: "default" }, by)).data.createApiKey;
        expect(r).toMatchObject({
          __typename: "MutationCreateApiKeySuccess",
          data: { apiKey: { role: "MEMBER" } },
        });
        if (r.__typename === "MutationCreateApiKeySuccess")
          await gw.gql(RevokeApiKey, { id: r.data.apiKey.id }, tenant.operatorKey);
      }
    });
  });

  describe("revoke", () => {
    it.each([
      { caller: "MEMBER", target: "another MEMBER key", outcome: "revoked" },
      { caller: "MEMBER", target: "an OPERATOR key", outcome: "NOT_FOUND" },
      { caller: "MEMBER", target: "its own key", outcome: "revoked" },
      { caller: "MEMBER", target: "another account's key", outcome: "NOT_FOUND" },
      { caller: "OPERATOR", target: "a MEMBER key", outcome: "revoked" },
      { caller: "OPERATOR", target: "another OPERATOR key", outcome: "revoked" },
      { caller: "OPERATOR", target: "its own key", outcome: "revoked" },
      { caller: "OPERATOR", target: "another account's key", outcome: "NOT_FOUND" },
    ] as const)("$caller revoking $target: $outcome", async ({ caller, target, outcome }) => {
      // Fresh keys per cell, issued by the tenant's operator key (which may issue both roles).
      const me = await create(tenant.operatorKey, caller);
      const victim =
        target === "its own key"
          ? me
          : target === "another account's key"
            ? await (async () => {
                const r = (
                  await gw.gql(CreateApiKey, { name: "theirs", role: "MEMBER" }, other.operatorKey)
                ).data.createApiKey;
                if (r.__typename !== "MutationCreateApiKeySuccess")
                  throw new Error(JSON.stringify(r));
                return { id: r.data.apiKey.id, token: r.data.token, role: "MEMBER" as const };
              })()
            : await create(tenant.operatorKey, target.includes("OPERATOR") ? "OPERATOR" : "MEMBER");
      try {
        const r = (await gw.gql(RevokeApiKey, { id: victim.id }, me.token)).data.revokeApiKey;
        if (outcome === "revoked") {
          expect(r).toMatchObject({
            __typename: "MutationRevokeApiKeySuccess",
            data: { id: victim.id },
          });
          expect(await works(victim.token)).toBe(false);
        } else {
          // Exactly what a missing id answers: the key's existence is not confirmed.
          expect(r).toEqual({
            __typename: "NotFoundError",
            code: "NOT_FOUND",
            message: `ApiKey ${victim.id} was not found`,
          });
          expect(await works(victim.token)).toBe(true);
          expect(
            (await gw.app.deps.db.apiKey.findUniqueOrThrow({ where: { id: victim.id } })).revokedAt,
          ).toBeNull();
        }
      } finally {
        await gw.app.deps.db.apiKey.updateMany({
          where: { id: { in: [me.id, victim.id] }, revokedAt: null },
          data: { revokedAt: new Date() },
        });
      }
    });
  });
});

describe("API_KEYS_PER_ACCOUNT caps the active keys of an account", () => {
  const limitOf = (r: { __typename: string }) =>
    r as { __typename: string; code?: string; limit?: number; current?: number };

  it("the key past the cap is a LimitExceededError and writes nothing; revoked keys free their slot", async () => {
    const t = await gw.newTenant("Capped");
    // newTenant issued 2 keys; fill up to the cap.
    const fills: Key[] = [];
    for (let i = 2; i < CAP; i++) fills.push(await create(t.operatorKey, "MEMBER", `fill ${i}`));
    const before = await gw.app.deps.db.apiKey.count({ where: { accountId: t.accountId } });
    const over = (await gw.gql(CreateApiKey, { name: "one too many" }, t.memberKey)).data
      .createApiKey;
    expect(limitOf(over)).toEqual({
      __typename: "LimitExceededError",
      code: "LIMIT_EXCEEDED",
      limit: CAP,
      current: CAP,
      message: `An account has at most ${CAP} active API keys; revoke one first`,
    });
    expect(await gw.app.deps.db.apiKey.count({ where: { accountId: t.accountId } })).toBe(before);
    expect(
      (await gw.gql(RevokeApiKey, { id: fills[0]!.id }, t.operatorKey)).data.revokeApiKey
        .__typename,
    ).toBe("MutationRevokeApiKeySuccess");
    expect(
      (await gw.gql(CreateApiKey, { name: "in the freed slot" }, t.memberKey)).data.createApiKey
        .__typename,
    ).toBe("MutationCreateApiKeySuccess");
  });

  it("concurrent creations cannot pass the cap: exactly the free slots are filled", async () => {
    const t = await gw.newTenant("Racing");
    await revokeAllBut(t.accountId, [t.operatorKey]);
    // One active key; CAP - 1 free slots; 3 × CAP creations at once.
    const results = await Promise.all(
      Array.from({ length: 3 * CAP }, (_, i) =>
        gw.gql(CreateApiKey, { name: `race ${i}` }, t.operatorKey),
      ),
    );
    const kinds = results.map((r) => r.data.createApiKey.__typename);
    expect(kinds.filter((k) => k === "MutationCreateApiKeySuccess")).toHaveLength(CAP - 1);
    expect(kinds.filter((k) => k === "LimitExceededError")).toHaveLength(3 * CAP - (CAP - 1));
    expect(
      await gw.app.deps.db.apiKey.count({ where: { accountId: t.accountId, revokedAt: null } }),
    ).toBe(CAP);
  });

  it("the CLI applies the same cap (keys:create exits 2 with the reason)", {
    timeout: 60_000,
  }, async () => {
    const t = await gw.newTenant("CLI capped");
    for (let i = 2; i < CAP; i++) await create(t.operatorKey, "MEMBER", `fill ${i}`);
    const root = join(import.meta.dirname, "..");
    const env = {
      ...process.env,
      DATABASE_URL: gw.db.url,
      DATA_DIR: gw.db.dataDir,
      API_KEYS_PER_ACCOUNT: String(CAP),
      LOG_LEVEL: "silent",
    };
    const cli = (...args: string[]) =>
      promisify(execFile)(join(root, "node_modules/.bin/tsx"), ["src/cli.ts", ...args], {
        cwd: root,
        env,
      });
    await expect(cli("keys:create", t.accountId, "from the cli")).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining(`at most ${CAP} active API keys`),
    });
    expect(
      await gw.app.deps.db.apiKey.count({ where: { accountId: t.accountId, revokedAt: null } }),
    ).toBe(CAP);
    await revokeAllBut(t.accountId, [t.operatorKey]);
    expect((await cli("keys:create", t.accountId, "from the cli")).stdout).toMatch(
      /^member key \S+: sgw_/,
    );
  });
});
