// Revoking an API key takes effect on streams that are already open (issue 10, item 6):
// its graphql-ws sockets are closed with 4403 and its SSE streams end with INVALID_API_KEY —
// through the revokeApiKey mutation, on every gateway sharing Redis, through the CLI, and
// by the periodic key re-check when no revocation was published at all.
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { promisify } from "node:util";
import { encodeGlobalID } from "@pothos/plugin-relay";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { until } from "./helpers/eventually.ts";
import { approvedSender, project } from "./helpers/fixtures.ts";
import { startGateway, type TestGateway } from "./helpers/harness.ts";
import {
  sseSubscribe,
  wsClient,
  wsSubscribe,
  type Collected,
  type WsClient,
} from "./helpers/ws.ts";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
/** So long that only a published revocation can close a stream within a test. */
const NO_RECHECK = { KEY_RECHECK_MS: "3600000" };

const STATUS = `
  subscription RevocationStatus($projectId: ID!) {
    messageStatusChanged(projectId: $projectId) { seq status }
  }
`;
const CREATE_KEY = `
  mutation RevocationCreateKey($name: String!) {
    createApiKey(name: $name) { __typename ... on MutationCreateApiKeySuccess { data { token apiKey { id } } } ... on Error { code message } }
  }
`;
const REVOKE = `
  mutation RevocationRevoke($id: ID!) {
    revokeApiKey(id: $id) { __typename ... on MutationRevokeApiKeySuccess { data { id revokedAt } } ... on Error { code message } }
  }
`;
const SEND = `
  mutation RevocationSend($input: SendMessageInput!) {
    sendMessage(input: $input) { __typename ... on Error { code message } }
  }
`;

/** What a describe block opened, closed in its afterAll (an open SSE response would hold the server's stop). */
interface Opened {
  clients: WsClient[];
  streams: Collected<StatusPayload>[];
}
const opened = (): Opened => ({ clients: [], streams: [] });
async function closeAll(open: Opened) {
  open.streams.forEach((s) => {
    s.dispose();
  });
  await Promise.all(open.clients.map((c) => c.dispose()));
}

interface StatusPayload {
  messageStatusChanged: { seq: number; status: string };
}

async function newMemberKey(gw: TestGateway, name: string): Promise<{ id: string; token: string }> {
  const r = await gw.gql<
    { createApiKey: { __typename: string; data?: { token: string; apiKey: { id: string } } } },
    unknown
  >(CREATE_KEY, { name });
  const data = r.data.createApiKey.data;
  if (!data) throw new Error(`createApiKey failed: ${JSON.stringify(r)}`);
  return { id: data.apiKey.id, token: data.token };
}

async function revoke(gw: TestGateway, id: string): Promise<void> {
  const r = await gw.gql<{ revokeApiKey: { __typename: string } }, unknown>(
    REVOKE,
    { id },
    gw.demo.operatorKey,
  );
  expect(r.data.revokeApiKey.__typename).toBe("MutationRevokeApiKeySuccess");
}

/** A subscription of `key` over each transport, live once the server holds both listeners. */
async function openBoth(gw: TestGateway, key: string, projectId: string, open: Opened) {
  const base = gw.app.deps.pubsub.listenerCount();
  const client = wsClient(gw.url, key);
  const ws = wsSubscribe<StatusPayload>(client, STATUS, { projectId });
  const sse = sseSubscribe<StatusPayload>(gw.url, key, STATUS, { projectId });
  open.clients.push(client);
  open.streams.push(ws, sse);
  await until(
    () => gw.app.deps.pubsub.listenerCount() >= base + 2,
    "both subscriptions to be live",
  );
  return { client, ws, sse };
}

function expectRevoked(
  client: WsClient,
  ws: Collected<StatusPayload>,
  sse: Collected<StatusPayload>,
) {
  expect(client.closeCodes).toEqual([4403]);
  expect(ws.isFinished()).toBe(true);
  expect(sse.isFinished()).toBe(true);
  expect(sse.errors).toMatchObject([
    { message: "The API key was revoked", extensions: { code: "INVALID_API_KEY" } },
  ]);
}

describe("revokeApiKey on one gateway", () => {
  let gw: TestGateway;
  let projectId: string;
  const open = opened();
  beforeAll(async () => {
    gw = await startGateway({ env: NO_RECHECK });
    await approvedSender(gw, gw.demo.accountId);
    projectId = encodeGlobalID("Project", (await project(gw, gw.demo.accountId)).id);
  });
  afterAll(async () => {
    await closeAll(open);
    await gw?.stop();
  });

  it("closes the key's graphql-ws sockets with 4403 and ends its SSE streams; other keys keep streaming", async () => {
    const key = await newMemberKey(gw, "to be revoked");
    const doomed = await openBoth(gw, key.token, projectId, open);
    const survivor = await openBoth(gw, gw.demo.memberKey, projectId, open);

    // Events flow to the key's streams before the revocation.
    const sent = await gw.gql<{ sendMessage: { __typename: string } }, unknown>(SEND, {
      input: {
        projectId,
        type: "SMS",
        from: "0212345678",
        content: "before",
        recipients: { list: [{ to: "01012340001" }] },
      },
    });
    expect(sent.data.sendMessage.__typename).toBe("MutationSendMessageSuccess");
    await doomed.ws.until((items) => items.length >= 2);
    await doomed.sse.until((items) => items.length >= 2);

    await revoke(gw, key.id);
    await doomed.ws.finished;
    await doomed.sse.finished;
    expectRevoked(doomed.client, doomed.ws, doomed.sse);
    // Both of the key's listeners are gone; the demo key's two are still there.
    await until(
      () => gw.app.deps.pubsub.listenerCount() === 2,
      "the revoked key's listeners to be released",
    );

    // The other key's streams are untouched and still get events.
    await gw.gql(SEND, {
      input: {
        projectId,
        type: "SMS",
        from: "0212345678",
        content: "after",
        recipients: { list: [{ to: "01012340002" }] },
      },
    });
    await survivor.ws.until((items) => items.length >= 4);
    await survivor.sse.until((items) => items.length >= 4);
    expect(survivor.client.closeCodes).toEqual([]);
    expect(doomed.ws.items).toHaveLength(2);

    // And the key cannot come back.
    const again = wsClient(gw.url, key.token);
    open.clients.push(again);
    await wsSubscribe(again, STATUS, { projectId }).finished;
    expect(again.closeCodes).toEqual([4403]);
  });
});

describe("the periodic key re-check (a revocation that was never published)", () => {
  let gw: TestGateway;
  let projectId: string;
  const open = opened();
  beforeAll(async () => {
    gw = await startGateway({ env: { DISPATCHER: "false", KEY_RECHECK_MS: "100" } });
    projectId = encodeGlobalID("Project", (await project(gw, gw.demo.accountId)).id);
  });
  afterAll(async () => {
    await closeAll(open);
    await gw?.stop();
  });

  it("closes the streams of a key revoked in the database behind the bus's back, and of a key that was deleted", async () => {
    const revokedKey = await newMemberKey(gw, "revoked silently");
    const deletedKey = await newMemberKey(gw, "deleted");
    const revoked = await openBoth(gw, revokedKey.token, projectId, open);
    const deleted = await openBoth(gw, deletedKey.token, projectId, open);

    await gw.app.deps.db.apiKey.update({
      where: { id: revokedKey.id },
      data: { revokedAt: new Date() },
    });
    await gw.app.deps.db.apiKey.delete({ where: { id: deletedKey.id } });
    await Promise.all([
      revoked.ws.finished,
      revoked.sse.finished,
      deleted.ws.finished,
      deleted.sse.finished,
    ]);
    expectRevoked(revoked.client, revoked.ws, revoked.sse);
    expectRevoked(deleted.client, deleted.ws, deleted.sse);
  });
});

describe("revocation across gateways sharing Redis", () => {
  const env = {
    ...NO_RECHECK,
    DISPATCHER: "false",
    REDIS_URL,
    REDIS_CHANNEL_PREFIX: `smsgw-test-${randomUUID()}`,
  };
  let a: TestGateway;
  let b: TestGateway;
  let projectId: string;
  const open = opened();
  beforeAll(async () => {
    a = await startGateway({ env });
    b = await startGateway({ env, database: a.db, demo: a.demo });
    projectId = encodeGlobalID("Project", (await project(a, a.demo.accountId)).id);
  });
  afterAll(async () => {
    await closeAll(open);
    await b?.stop();
    await a?.stop(); // drops the shared database last
  });

  it("revokeApiKey on gateway A closes the key's socket (4403) and SSE stream on gateway B", async () => {
    const key = await newMemberKey(a, "revoked on A");
    const onB = await openBoth(b, key.token, projectId, open);
    await revoke(a, key.id);
    await Promise.all([onB.ws.finished, onB.sse.finished]);
    expectRevoked(onB.client, onB.ws, onB.sse);
  });

  it("`npm run cli -- keys:revoke` reaches the open streams on both gateways", {
    timeout: 60_000,
  }, async () => {
    const key = await newMemberKey(a, "revoked by the CLI");
    const onA = await openBoth(a, key.token, projectId, open);
    const onB = await openBoth(b, key.token, projectId, open);
    const root = join(import.meta.dirname, "..");
    const { stdout } = await promisify(execFile)(
      join(root, "node_modules", ".bin", "tsx"),
      ["src/cli.ts", "keys:revoke", key.token],
      {
        cwd: root,
        env: {
          ...process.env,
          DATABASE_URL: a.db.url,
          DATA_DIR: a.db.dataDir,
          REDIS_URL,
          REDIS_CHANNEL_PREFIX: env.REDIS_CHANNEL_PREFIX,
          LOG_LEVEL: "warn",
        },
      },
    );
    expect(stdout).toMatch(/^revoked /);
    await Promise.all([onA.ws.finished, onA.sse.finished, onB.ws.finished, onB.sse.finished]);
    expectRevoked(onA.client, onA.ws, onA.sse);
    expectRevoked(onB.client, onB.ws, onB.sse);
  });
});
