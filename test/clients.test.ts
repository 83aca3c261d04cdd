// Issue 11 item 7: the two frontend clients the README shows, built exactly as it shows them
// (Apollo Client with possibleTypes from schema/possible-types.json, urql with graphql-ws),
// run a query, a refused send whose `... on Error { code message }` fields must arrive, and
// a request's status stream to its end, against the real gateway.
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from "@apollo/client";
import { GraphQLWsLink } from "@apollo/client/link/subscriptions";
import { getMainDefinition } from "@apollo/client/utilities";
import {
  Client as UrqlClient,
  cacheExchange,
  fetchExchange,
  subscriptionExchange,
} from "@urql/core";
import { createClient as createWsClient, type Client as WsClient } from "graphql-ws";
import { readFileSync } from "node:fs";
import { format } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { onEnd, pipe, subscribe } from "wonka";
import WebSocket from "ws";
import { graphql } from "./generated/index.ts";
import { approvedSender, globalId, project } from "./helpers/fixtures.ts";
import { startGateway, type TestGateway } from "./helpers/harness.ts";

const { possibleTypes } = JSON.parse(
  readFileSync(new URL("../schema/possible-types.json", import.meta.url), "utf8"),
) as {
  possibleTypes: Record<string, string[]>;
};

const Viewer = graphql(`
  query ClientsViewer {
    viewer { accountId role }
    projects(first: 10) { edges { node { id name } } }
  }
`);

const Send = graphql(`
  mutation ClientsSend($input: SendMessageInput!) {
    sendMessage(input: $input) {
      __typename
      ... on MutationSendMessageSuccess { data { request { id recipientCount } } }
      ... on ValidationError { issues { path message } }
      ... on Error { code message }
    }
  }
`);

const Status = graphql(`
  subscription ClientsStatus($requestId: ID!) {
    messageStatusChanged(requestId: $requestId) { seq messageId status statusName }
  }
`);

type StatusEvent = { seq: number; messageId: string; status: string; statusName?: string | null };

const SENDER = "0212345678";
const TO = ["01011112222", "01033334444"];
let gw: TestGateway;
let projectId: string;
const sockets: WsClient[] = [];

beforeAll(async () => {
  gw = await startGateway({ env: { DISPATCH_IDLE_MS: "20" } });
  projectId = globalId("Project", (await project(gw, gw.demo.accountId, "Frontend")).id);
  await approvedSender(gw, gw.demo.accountId, SENDER);
});
afterAll(async () => {
  await Promise.all(sockets.map((s) => s.dispose()));
  await gw?.stop();
});

/** graphql-ws with the key in connection_init, as a browser app would open it. */
function socket(key: string): WsClient {
  const client = createWsClient({
    url: gw.url.replace(/^http/, "ws"),
    webSocketImpl: WebSocket, // browsers have one; Node 20 does not
    retryAttempts: 0,
    connectionParams: { authorization: `Bearer ${key}` },
  });
  sockets.push(client);
  return client;
}

function apollo(options: { possibleTypes?: Record<string, string[]> } = {}) {
  const key = gw.demo.memberKey;
  const http = new HttpLink({ uri: gw.url, headers: { authorization: `Bearer ${key}` } });
  const ws = new GraphQLWsLink(socket(key));
  const link = ApolloLink.split(
    ({ query }) => {
      const main = getMainDefinition(query);
      return main.kind === "OperationDefinition" && main.operation === "subscription";
    },
    ws,
    http,
  );
  return new ApolloClient({ link, cache: new InMemoryCache(options) });
}

function urql() {
  const key = gw.demo.memberKey;
  const ws = socket(key);
  return new UrqlClient({
    url: gw.url,
    fetchOptions: { headers: { authorization: `Bearer ${key}` } },
    exchanges: [
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({
            unsubscribe: ws.subscribe({ ...request, query: request.query ?? "" }, sink),
          }),
        }),
      }),
    ],
  });
}

const badSender = () => ({
  input: {
    projectId,
    from: "0299998888",
    content: "hello",
    recipients: { list: [{ to: TO[0]! }] },
  },
});
const goodSend = () => ({
  input: {
    projectId,
    from: SENDER,
    content: "배송이 시작되었습니다",
    recipients: { list: TO.map((to) => ({ to })) },
  },
});

/** Every message of the request ended COMPLETED, and nothing came after its last event. */
function expectWholeRequest(events: StatusEvent[]) {
  const last = new Map<string, StatusEvent>();
  for (const e of events) last.set(e.messageId, e);
  expect(last.size).toBe(TO.length);
  for (const e of last.values())
    expect(e).toMatchObject({ status: "COMPLETED", statusName: "success" });
  const seqs = events.map((e) => e.seq);
  expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  // The stream starts at the request's first event: each message's PROCESSING is there,
  // though the subscription was opened after the send had answered.
  for (const id of last.keys())
    expect(events.filter((e) => e.messageId === id).map((e) => e.status)).toContain("PROCESSING");
}

describe("Apollo Client (InMemoryCache with possibleTypes)", () => {
  it("runs a query through the normalized cache", async () => {
    const client = apollo({ possibleTypes });
    const { data } = await client.query({ query: Viewer });
    expect(data?.viewer).toEqual({
      __typename: "Viewer",
      accountId: gw.demo.accountId,
      role: "MEMBER",
    });
    expect(data?.projects.edges.map((e) => e.node)).toContainEqual({
      __typename: "Project",
      id: projectId,
      name: "Frontend",
    });
  });

  it("keeps `... on Error { code message }` of a typed error through the cache", async () => {
    const client = apollo({ possibleTypes });
    const { data } = await client.mutate({ mutation: Send, variables: badSender() });
    expect(data?.sendMessage).toMatchObject({
      __typename: "ValidationError",
      code: "VALIDATION_FAILED",
      message: expect.stringContaining("not an APPROVED sender number"),
      issues: [{ path: ["input", "from"] }],
    });
  });

  it("without possibleTypes the cache drops those fields (the bug the generated file prevents)", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    let result: Record<string, unknown> | undefined;
    try {
      result = (await apollo().mutate({ mutation: Send, variables: badSender() })).data
        ?.sendMessage as Record<string, unknown> | undefined;
      // Apollo only says so in a console warning, which production builds strip.
      expect(warn.mock.calls.map((c) => format(...c))).toContainEqual(
        expect.stringContaining(
          "Cannot match inline fragment on `Error` against `ValidationError`",
        ),
      );
    } finally {
      warn.mockRestore();
    }
    expect(result?.__typename).toBe("ValidationError");
    expect(result).toHaveProperty("issues"); // the fragment on the concrete type matches
    expect(result).not.toHaveProperty("code"); // the one on the interface does not
    expect(result).not.toHaveProperty("message");
  });

  it("sends, then subscribes by requestId over graphql-ws and sees the whole request to its end", async () => {
    const client = apollo({ possibleTypes });
    const sent = (await client.mutate({ mutation: Send, variables: goodSend() })).data?.sendMessage;
    if (sent?.__typename !== "MutationSendMessageSuccess") throw new Error(JSON.stringify(sent));
    const events: StatusEvent[] = [];
    await new Promise<void>((resolve, reject) => {
      client
        .subscribe({ query: Status, variables: { requestId: sent.data.request.id } })
        .subscribe({
          next: (r) =>
            r.error ? reject(r.error) : r.data && events.push(r.data.messageStatusChanged),
          error: reject,
          complete: resolve, // the gateway ends the stream once every message is COMPLETED
        });
    });
    expectWholeRequest(events);
  });
});

describe("urql (@urql/core with graphql-ws subscriptionExchange)", () => {
  it("runs a query", async () => {
    const { data, error } = await urql().query(Viewer, {}).toPromise();
    expect(error).toBeUndefined();
    expect(data?.viewer).toMatchObject({ accountId: gw.demo.accountId, role: "MEMBER" });
  });

  it("returns the typed error's code and message", async () => {
    const { data, error } = await urql().mutation(Send, badSender()).toPromise();
    expect(error).toBeUndefined();
    expect(data?.sendMessage).toMatchObject({
      __typename: "ValidationError",
      code: "VALIDATION_FAILED",
      message: expect.stringContaining("not an APPROVED sender number"),
    });
  });

  it("sends, then subscribes by requestId and sees the whole request to its end", async () => {
    const client = urql();
    const sent = (await client.mutation(Send, goodSend()).toPromise()).data?.sendMessage;
    if (sent?.__typename !== "MutationSendMessageSuccess") throw new Error(JSON.stringify(sent));
    const events: StatusEvent[] = [];
    await new Promise<void>((resolve, reject) => {
      pipe(
        client.subscription(Status, { requestId: sent.data.request.id }),
        onEnd(resolve), // urql ends the source when graphql-ws reports `complete`
        subscribe((r) =>
          r.error ? reject(r.error) : r.data && events.push(r.data.messageStatusChanged),
        ),
      );
    });
    expectWholeRequest(events);
  });
});
