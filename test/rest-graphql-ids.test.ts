// Issue 11 item 5: one id per thing across the SENS REST and GraphQL APIs. A REST send's
// requestId and messageId work in GraphQL's filters and subscriptions, and GraphQL exposes
// the REST form of its own ids, which the REST endpoints accept — tested both ways.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphql } from "./generated/index.ts";
import { eventually } from "./helpers/eventually.ts";
import { approvedSender, globalId, project } from "./helpers/fixtures.ts";
import { startGateway, type TestGateway } from "./helpers/harness.ts";
import { SensClient } from "./helpers/sensClient.ts";
import { sseSubscribe, wsClient, wsSubscribe, type WsClient } from "./helpers/ws.ts";

const CreateKey = graphql(`
  mutation IdsCreateKey($projectId: ID!) {
    createProjectAccessKey(projectId: $projectId) {
      __typename
      ... on MutationCreateProjectAccessKeySuccess { data { secretKey accessKey { accessKey } } }
    }
  }
`);

const History = graphql(`
  query IdsHistory($requestId: ID!) {
    messages(filter: { requestId: $requestId }, first: 10) { edges { node { id messageId to request { id requestId } } } }
  }
`);

const Send = graphql(`
  mutation IdsSend($input: SendMessageInput!) {
    sendMessage(input: $input) {
      __typename
      ... on MutationSendMessageSuccess { data { request { id requestId } } }
    }
  }
`);

const SENDER = "0212345678";
let gw: TestGateway;
let ws: WsClient;
let client: SensClient;
let projectId: string;

beforeAll(async () => {
  gw = await startGateway({
    env: { SECRET_KEY: randomBytes(32).toString("base64"), DISPATCH_IDLE_MS: "20" },
  });
  const p = await project(gw, gw.demo.accountId, "Ids");
  projectId = globalId("Project", p.id);
  await approvedSender(gw, gw.demo.accountId, SENDER);
  const key = (await gw.gql(CreateKey, { projectId })).data.createProjectAccessKey;
  if (key.__typename !== "MutationCreateProjectAccessKeySuccess")
    throw new Error(JSON.stringify(key));
  client = new SensClient(
    gw.app.url,
    p.id,
    { accessKey: key.data.accessKey.accessKey, secretKey: key.data.secretKey },
    gw.clock,
  );
  ws = wsClient(gw.url, gw.demo.memberKey);
});
afterAll(async () => {
  await ws?.dispose();
  await gw?.stop();
});

const restSend = async (to: string[]) => {
  const r = await client.request<{ requestId: string }>("POST", "/messages", {
    json: { type: "SMS", from: SENDER, content: "REST 발송", messages: to.map((t) => ({ to: t })) },
  });
  expect(r.status).toBe(202);
  return r.body.requestId;
};

describe("REST ids in GraphQL", () => {
  it("a REST requestId filters the history and names the same request GraphQL exposes as requestId", async () => {
    const requestId = await restSend(["01011112222", "01033334444"]);
    const r = await gw.gql(History, { requestId });
    expect(r.errors).toBeUndefined();
    const nodes = r.data.messages.edges.map((e) => e.node);
    expect(nodes.map((n) => n.to).sort()).toEqual(["01011112222", "01033334444"]);
    for (const n of nodes) {
      expect(n.request).toEqual({ id: globalId("MessageRequest", requestId), requestId });
      expect(n.id).toBe(globalId("Message", n.messageId));
    }
    // The Relay form still works.
    expect(
      (await gw.gql(History, { requestId: globalId("MessageRequest", requestId) })).data.messages
        .edges,
    ).toHaveLength(2);
  });

  it("a REST requestId and messageId can be followed live (graphql-ws and SSE), from the first event to the end", async () => {
    const requestId = await restSend(["01055556666"]);
    const byRequest = wsSubscribe<{ messageStatusChanged: { status: string } }>(
      ws,
      `subscription($id: ID!) { messageStatusChanged(requestId: $id) { status } }`,
      { id: requestId },
    );
    await byRequest.finished;
    expect(byRequest.errors).toEqual([]);
    expect(byRequest.items.map((i) => i.messageStatusChanged.status)).toEqual([
      "PROCESSING",
      "COMPLETED",
    ]);
    const messageId = (await gw.app.deps.db.message.findFirstOrThrow({ where: { requestId } })).id;
    const byMessage = sseSubscribe<{ messageStatusChanged: { status: string } }>(
      gw.url,
      gw.demo.memberKey,
      `subscription($id: ID!) { messageStatusChanged(messageId: $id) { status } }`,
      { id: messageId },
    );
    await byMessage.finished;
    expect(byMessage.items.map((i) => i.messageStatusChanged.status)).toEqual([
      "PROCESSING",
      "COMPLETED",
    ]);
    const progress = wsSubscribe<{ requestProgress: { done: boolean } }>(
      ws,
      `subscription($id: ID!) { requestProgress(requestId: $id) { done } }`,
      { id: requestId },
    );
    await progress.finished;
    expect(progress.items.at(-1)?.requestProgress.done).toBe(true);
  });

  it("messageRequest(id:) reads one request by either form; a stranger's, a malformed or a missing id is null", async () => {
    const requestId = await restSend(["01012123434"]);
    const read = (id: string, key?: string) =>
      gw.gql<
        { messageRequest: { id: string; requestId: string; recipientCount: number } | null },
        { id: string }
      >(`query($id: ID!) { messageRequest(id: $id) { id requestId recipientCount } }`, { id }, key);
    const expected = { id: globalId("MessageRequest", requestId), requestId, recipientCount: 1 };
    expect((await read(requestId)).data.messageRequest).toEqual(expected);
    expect((await read(globalId("MessageRequest", requestId))).data.messageRequest).toEqual(
      expected,
    );
    const stranger = await gw.newTenant("Reader");
    for (const [id, key] of [
      [requestId, stranger.memberKey],
      [globalId("MessageRequest", requestId), stranger.memberKey],
      ["not an id", undefined],
      [globalId("Project", requestId), undefined],
      ["cnotarequest0000000000000", undefined],
    ] as const) {
      const r = await read(id, key);
      expect(r.errors, `${id}: ${JSON.stringify(r.errors)}`).toBeUndefined();
      expect(r.data.messageRequest).toBeNull();
    }
    // A control character is refused by the input check every string argument gets.
    const nul = await read("c\u0000", undefined);
    expect(nul.errors?.[0]?.extensions?.code).toBe("VALIDATION_FAILED");
  });

  it("another account's REST ids are NOT_FOUND, like missing ones", async () => {
    const requestId = await restSend(["01077778888"]);
    const stranger = await gw.newTenant("Stranger");
    const watch = wsSubscribe(
      wsClient(gw.url, stranger.memberKey),
      `subscription($id: ID!) { messageStatusChanged(requestId: $id) { status } }`,
      { id: requestId },
    );
    await watch.finished;
    expect(JSON.stringify(watch.errors)).toContain("NOT_FOUND");
    expect((await gw.gql(History, { requestId }, stranger.memberKey)).data.messages.edges).toEqual(
      [],
    );
  });
});

describe("GraphQL's REST-form ids in REST", () => {
  it("request.requestId and message.messageId of a GraphQL send work with GET /messages", async () => {
    const sent = (
      await gw.gql(Send, {
        input: {
          projectId,
          from: SENDER,
          content: "GraphQL 발송",
          recipients: { list: [{ to: "01099998888" }] },
        },
      })
    ).data.sendMessage;
    if (sent.__typename !== "MutationSendMessageSuccess") throw new Error(JSON.stringify(sent));
    const { requestId } = sent.data.request;
    const list = await client.request<{ messages: { messageId: string; to: string }[] }>(
      "GET",
      `/messages?requestId=${requestId}`,
    );
    expect(list.status).toBe(200);
    expect(list.body.messages.map((m) => m.to)).toEqual(["01099998888"]);
    const history = (await gw.gql(History, { requestId })).data.messages.edges[0]!.node;
    expect(list.body.messages[0]!.messageId).toBe(history.messageId);
    const one = await eventually(
      () =>
        client.request<{ messages: { status: string }[] }>("GET", `/messages/${history.messageId}`),
      (r) => r.body.messages?.[0]?.status === "COMPLETED",
      "message completed",
    );
    expect(one.status).toBe(200);
  });
});
