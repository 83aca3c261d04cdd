// Shared subscription execution never hands one caller's result to another (issue 10, item
// 8). No field reachable from a subscription payload depends on the role or key today (the
// one role-dependent field, SenderNumber history's actorKeyId, is not reachable from any
// payload), so this file adds two to MessageStatusEvent on the real schema builder before the
// gateway builds its schema — the situation a future field would create — and checks through
// the real server, graphql-ws and SSE that subscribers with the same document and variables
// but another role or key each get their own result. The schema drift check runs in its own
// process and never sees these fields.
import { encodeGlobalID } from "@pothos/plugin-relay";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builder } from "../src/graphql/builder.ts";
import { MessageStatusEventRef } from "../src/graphql/subscriptions.ts";
import { issueApiKey } from "../src/services/accounts.ts";
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

builder.objectFields(MessageStatusEventRef, (t) => ({
  testStaffNote: t.string({
    nullable: true,
    description:
      "Test only: shown to operators, null for members (like SenderNumber history's actorKeyId).",
    resolve: (e, _a, ctx) =>
      ctx.actor?.role === "OPERATOR" ? `staff note for seq ${e.seq}` : null,
  }),
  testCallerKeyId: t.id({
    nullable: true,
    description: "Test only: the calling key.",
    resolve: (_e, _a, ctx) => ctx.actor?.keyId ?? null,
  }),
}));

const STATUS = `
  subscription SharedStatus($projectId: ID!) {
    messageStatusChanged(projectId: $projectId) { seq status testStaffNote testCallerKeyId }
  }
`;
const SEND = `
  mutation SharedSend($input: SendMessageInput!) {
    sendMessage(input: $input) { __typename ... on Error { code message } }
  }
`;

interface Payload {
  messageStatusChanged: {
    seq: number;
    status: string;
    testStaffNote: string | null;
    testCallerKeyId: string | null;
  };
}

describe("shared subscription execution is keyed on the caller", () => {
  let gw: TestGateway;
  let projectId: string;
  const clients: WsClient[] = [];
  const streams: Collected<Payload>[] = [];
  beforeAll(async () => {
    gw = await startGateway();
    await approvedSender(gw, gw.demo.accountId);
    projectId = encodeGlobalID("Project", (await project(gw, gw.demo.accountId)).id);
  });
  afterAll(async () => {
    streams.forEach((s) => {
      s.dispose();
    });
    await Promise.all(clients.map((c) => c.dispose()));
    await gw?.stop();
  });

  const keyIdOf = async (token: string) =>
    (
      await gw.gql<{ viewer: { apiKeyId: string } }, unknown>(
        "{ viewer { apiKeyId } }",
        undefined,
        token,
      )
    ).data.viewer.apiKeyId;

  it("an operator's and a member's subscriptions of the same document and variables get their own results, over graphql-ws and SSE", async () => {
    // A second member key of the demo account: same account and role, another key.
    const otherMemberKey = (
      await issueApiKey(gw.app.deps.db, gw.demo.accountId, "second member", "MEMBER", null)
    ).token;
    const callers = [
      { name: "operator", token: gw.demo.operatorKey, staff: true },
      { name: "member", token: gw.demo.memberKey, staff: false },
      { name: "second member", token: otherMemberKey, staff: false },
    ];
    const base = gw.app.deps.pubsub.listenerCount();
    const subscribed = callers.flatMap((caller) => {
      const client = wsClient(gw.url, caller.token);
      clients.push(client);
      const viaWs = wsSubscribe<Payload>(client, STATUS, { projectId });
      const viaSse = sseSubscribe<Payload>(gw.url, caller.token, STATUS, { projectId });
      streams.push(viaWs, viaSse);
      return [
        { ...caller, transport: "graphql-ws", stream: viaWs },
        { ...caller, transport: "sse", stream: viaSse },
      ];
    });
    await until(
      () => gw.app.deps.pubsub.listenerCount() >= base + subscribed.length,
      "every subscription to be live",
    );

    const sent = await gw.gql<{ sendMessage: { __typename: string } }, unknown>(SEND, {
      input: {
        projectId,
        type: "SMS",
        from: "0212345678",
        content: "shared",
        recipients: { list: [{ to: "01012345001" }, { to: "01012345002" }] },
      },
    });
    expect(sent.data.sendMessage.__typename).toBe("MutationSendMessageSuccess");

    for (const s of subscribed) {
      const items = await s.stream.until((got) => got.length >= 4);
      const keyId = await keyIdOf(s.token);
      expect(s.stream.errors, `${s.name} over ${s.transport}`).toEqual([]);
      for (const { messageStatusChanged: e } of items) {
        expect({
          who: `${s.name} over ${s.transport}`,
          note: e.testStaffNote,
          key: e.testCallerKeyId,
        }).toEqual({
          who: `${s.name} over ${s.transport}`,
          note: s.staff ? `staff note for seq ${e.seq}` : null,
          key: keyId,
        });
      }
    }
  });
});
