// docs/rest-sens.md: project-scoped REST access keys through GraphQL — the secret shown once and
// stored sealed, at most 2 active per project, revocation, tenancy — and where the gateway's
// secret key comes from (SECRET_KEY, or a 0600 key file in DATA_DIR on SQLite only).
import { statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphql } from "./generated/index.ts";
import { testProvider } from "./helpers/db.ts";
import { startGateway, type Tenant, type TestGateway } from "./helpers/harness.ts";
import { SensClient } from "./helpers/sensClient.ts";

const CreateProject = graphql(`
  mutation AkCreateProject($name: String!) {
    createProject(input: { name: $name }) {
      __typename
      ... on MutationCreateProjectSuccess { data { id serviceId } }
    }
  }
`);

const CreateKey = graphql(`
  mutation AkCreateKey($projectId: ID!) {
    createProjectAccessKey(projectId: $projectId) {
      __typename
      ... on MutationCreateProjectAccessKeySuccess { data { secretKey accessKey { id accessKey createdAt lastUsedAt revokedAt project { id } } } }
      ... on LimitExceededError { limit current }
      ... on Error { code message }
    }
  }
`);

const RevokeKey = graphql(`
  mutation AkRevokeKey($id: ID!) {
    revokeProjectAccessKey(id: $id) {
      __typename
      ... on MutationRevokeProjectAccessKeySuccess { data { id accessKey revokedAt } }
      ... on Error { code message }
    }
  }
`);

const ProjectKeys = graphql(`
  query AkProjectKeys($id: ID!) {
    project(id: $id) { serviceId accessKeys { id accessKey lastUsedAt revokedAt } }
  }
`);

const KeyNode = graphql(`
  query AkKeyNode($id: ID!) {
    node(id: $id) { __typename ... on ProjectAccessKey { id accessKey } }
  }
`);

const DeleteProject = graphql(`
  mutation AkDeleteProject($id: ID!) {
    deleteProject(id: $id) { __typename }
  }
`);

const SECRET_KEY = Buffer.alloc(32, 7).toString("base64");

async function newProject(gw: TestGateway, key?: string) {
  const r = await gw.gql(CreateProject, { name: "Keys" }, key);
  if (r.data.createProject.__typename !== "MutationCreateProjectSuccess")
    throw new Error(JSON.stringify(r));
  return r.data.createProject.data;
}

async function createKey(gw: TestGateway, projectId: string, key?: string) {
  return (await gw.gql(CreateKey, { projectId }, key)).data.createProjectAccessKey;
}

async function created(gw: TestGateway, projectId: string, key?: string) {
  const r = await createKey(gw, projectId, key);
  if (r.__typename !== "MutationCreateProjectAccessKeySuccess") throw new Error(JSON.stringify(r));
  return r.data;
}

describe("access keys through GraphQL", () => {
  let gw: TestGateway;
  let other: Tenant;
  beforeAll(async () => {
    gw = await startGateway({ env: { SECRET_KEY, DISPATCHER: "false" } });
    other = await gw.newTenant("Other");
  });
  afterAll(async () => gw?.stop());

  it("shows the secret once, in the creation result, and stores it only sealed", async () => {
    const p = await newProject(gw);
    const k = await created(gw, p.id);
    expect(k.accessKey.accessKey).toMatch(/^[0-9A-Za-z]{20}$/);
    expect(k.secretKey).toMatch(/^[0-9A-Za-z]{40}$/);
    expect(k.accessKey).toMatchObject({ lastUsedAt: null, revokedAt: null, project: { id: p.id } });

    const row = await gw.app.deps.db.projectAccessKey.findUniqueOrThrow({
      where: { accessKey: k.accessKey.accessKey },
    });
    expect(row.secretEncrypted).not.toContain(k.secretKey);
    expect(row.secretEncrypted).toMatch(/^v1\./);

    const listed = (await gw.gql(ProjectKeys, { id: p.id })).data.project;
    expect(listed?.accessKeys).toEqual([
      { id: k.accessKey.id, accessKey: k.accessKey.accessKey, lastUsedAt: null, revokedAt: null },
    ]);
    // No field of the schema can read a secret back.
    const fields = await gw.gql(`{ __type(name: "ProjectAccessKey") { fields { name } } }`);
    expect(JSON.stringify(fields.data)).not.toMatch(/secret/i);
  });

  it("the key signs REST requests for its project's serviceId, and lastUsedAt records the use", async () => {
    const p = await newProject(gw);
    const k = await created(gw, p.id);
    const client = new SensClient(
      gw.app.url,
      p.serviceId,
      { accessKey: k.accessKey.accessKey, secretKey: k.secretKey },
      gw.clock,
    );
    const r = await client.request(
      "GET",
      "/messages?requestStartTime=2026-01-01%2000:00:00&requestEndTime=2099-01-01%2000:00:00",
    );
    expect(r.status).toBe(200);
    const listed = (await gw.gql(ProjectKeys, { id: p.id })).data.project;
    expect(listed?.accessKeys[0]?.lastUsedAt).not.toBeNull();
  });

  it("allows 2 active keys per project; a 3rd is refused until one is revoked", async () => {
    const p = await newProject(gw);
    const first = await created(gw, p.id);
    await created(gw, p.id);
    const third = await createKey(gw, p.id);
    expect(third).toMatchObject({
      __typename: "LimitExceededError",
      code: "LIMIT_EXCEEDED",
      limit: 2,
      current: 2,
    });
    expect(await gw.app.deps.db.projectAccessKey.count({ where: { projectId: p.serviceId } })).toBe(
      2,
    );

    const revoked = (await gw.gql(RevokeKey, { id: first.accessKey.id })).data
      .revokeProjectAccessKey;
    expect(
      revoked.__typename === "MutationRevokeProjectAccessKeySuccess" && revoked.data.revokedAt,
    ).toBeTruthy();
    expect((await createKey(gw, p.id)).__typename).toBe("MutationCreateProjectAccessKeySuccess");
  });

  it("revoking is immediate and idempotent: the revocation time stays the first one", async () => {
    const p = await newProject(gw);
    const k = await created(gw, p.id);
    const once = (await gw.gql(RevokeKey, { id: k.accessKey.id })).data.revokeProjectAccessKey;
    const twice = (await gw.gql(RevokeKey, { id: k.accessKey.id })).data.revokeProjectAccessKey;
    if (
      once.__typename !== "MutationRevokeProjectAccessKeySuccess" ||
      twice.__typename !== "MutationRevokeProjectAccessKeySuccess"
    )
      throw new Error("revoke failed");
    expect(twice.data.revokedAt).toBe(once.data.revokedAt);
    const client = new SensClient(
      gw.app.url,
      p.serviceId,
      { accessKey: k.accessKey.accessKey, secretKey: k.secretKey },
      gw.clock,
    );
    expect((await client.request("GET", "/messages?requestId=x")).status).toBe(401);
  });

  it("another account's project and keys behave exactly like missing ones", async () => {
    const mine = await newProject(gw);
    const mineKey = await created(gw, mine.id);
    const theirs = await newProject(gw, other.memberKey);

    expect(await createKey(gw, theirs.id)).toMatchObject({
      __typename: "NotFoundError",
      code: "NOT_FOUND",
    });
    expect(await createKey(gw, mine.id, other.memberKey)).toMatchObject({
      __typename: "NotFoundError",
      code: "NOT_FOUND",
    });
    expect(
      (await gw.gql(RevokeKey, { id: mineKey.accessKey.id }, other.memberKey)).data
        .revokeProjectAccessKey,
    ).toMatchObject({ __typename: "NotFoundError" });
    expect(
      (await gw.gql(KeyNode, { id: mineKey.accessKey.id }, other.memberKey)).data.node,
    ).toBeNull();
    expect((await gw.gql(KeyNode, { id: mineKey.accessKey.id })).data.node).toEqual({
      __typename: "ProjectAccessKey",
      id: mineKey.accessKey.id,
      accessKey: mineKey.accessKey.accessKey,
    });
    // Their attempt changed nothing.
    expect(
      (
        await gw.app.deps.db.projectAccessKey.findFirstOrThrow({
          where: { accessKey: mineKey.accessKey.accessKey },
        })
      ).revokedAt,
    ).toBeNull();
  });

  it("deleting the project revokes its keys", async () => {
    const p = await newProject(gw);
    const k = await created(gw, p.id);
    expect((await gw.gql(DeleteProject, { id: p.id })).data.deleteProject.__typename).toBe(
      "MutationDeleteProjectSuccess",
    );
    const row = await gw.app.deps.db.projectAccessKey.findFirstOrThrow({
      where: { accessKey: k.accessKey.accessKey },
    });
    expect(row.revokedAt).not.toBeNull();
    const client = new SensClient(
      gw.app.url,
      p.serviceId,
      { accessKey: k.accessKey.accessKey, secretKey: k.secretKey },
      gw.clock,
    );
    expect((await client.request("GET", "/messages?requestId=x")).status).toBe(401);
  });
});

describe("a gateway restarted with another SECRET_KEY", () => {
  it("cannot open the stored secrets: signed requests fail as a logged server error (500 with an errorId), not as the caller's fault", async () => {
    const first = await startGateway({ env: { SECRET_KEY, DISPATCHER: "false" } });
    const logs: Record<string, unknown>[] = [];
    let second: TestGateway | undefined;
    try {
      const p = await newProject(first);
      const k = await created(first, p.id);
      const demo = first.demo;
      await first.app.stop();
      second = await startGateway({
        env: { SECRET_KEY: Buffer.alloc(32, 9).toString("base64"), DISPATCHER: "false" },
        database: first.db,
        demo,
        onLog: (l) => logs.push(l),
      });
      const client = new SensClient(
        second.app.url,
        p.serviceId,
        { accessKey: k.accessKey.accessKey, secretKey: k.secretKey },
        second.clock,
      );
      const r = await client.request("GET", "/messages?requestId=x");
      expect(r.status).toBe(500);
      expect(r.body).toMatchObject({
        status: 500,
        errors: "INTERNAL_SERVER_ERROR",
        errorMessage: "Unexpected error.",
        errorId: expect.any(String),
      });
      const line = logs.find((l) => l.errorId === r.body.errorId);
      expect(JSON.stringify(line)).toMatch(/is SECRET_KEY the one it was created with/);
    } finally {
      await second?.app.stop();
      await first.db.drop();
    }
  });
});

describe.runIf(testProvider === "sqlite")("the secret key on the embedded SQLite default", () => {
  it("without SECRET_KEY, one is generated into DATA_DIR with mode 0600 and reused after a restart", async () => {
    const first = await startGateway({ env: { DISPATCHER: "false" } });
    let second: TestGateway | undefined;
    try {
      const p = await newProject(first);
      const k = await created(first, p.id);
      const file = join(first.db.dataDir, "secret.key");
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const demo = first.demo;
      await first.app.stop();

      // Same database and data directory: the key file is read, not replaced.
      second = await startGateway({ env: { DISPATCHER: "false" }, database: first.db, demo });
      const client = new SensClient(
        second.app.url,
        p.serviceId,
        { accessKey: k.accessKey.accessKey, secretKey: k.secretKey },
        second.clock,
      );
      expect(
        (
          await client.request(
            "GET",
            "/messages?requestStartTime=2026-01-01%2000:00:00&requestEndTime=2099-01-01%2000:00:00",
          )
        ).status,
      ).toBe(200);
    } finally {
      await second?.app.stop();
      await first.db.drop();
    }
  });
});

describe.runIf(testProvider === "postgresql")("the secret key on PostgreSQL", () => {
  it("without SECRET_KEY, creating a key is refused with a clear error and nothing is written", async () => {
    const gw = await startGateway({ env: { DISPATCHER: "false" } });
    try {
      const p = await newProject(gw);
      const r = await createKey(gw, p.id);
      expect(r).toMatchObject({
        __typename: "SecretKeyUnavailableError",
        code: "SECRET_KEY_REQUIRED",
      });
      expect(r.__typename === "SecretKeyUnavailableError" && r.message).toMatch(/SECRET_KEY/);
      expect(await gw.app.deps.db.projectAccessKey.count()).toBe(0);
    } finally {
      await gw.stop();
    }
  });
});
