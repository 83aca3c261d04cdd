// Issue 10 item 2: one idempotency key, one request — also when a client retries
// concurrently. Twenty identical sendMessage calls race through the real HTTP server; the
// unique index decides, every loser gets the winner's requestId with replayed: true.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphql } from "./generated/index.ts";
import type { SendMessageInput } from "./generated/graphql.ts";
import { approvedSender, globalId, project } from "./helpers/fixtures.ts";
import { startGateway, type TestGateway } from "./helpers/harness.ts";
import { sendMessage } from "../src/services/sending.ts";

const Send = graphql(`
  mutation IdempotentSend($input: SendMessageInput!) {
    sendMessage(input: $input) {
      __typename
      ... on MutationSendMessageSuccess { data { replayed request { id recipientCount } } }
      ... on IdempotencyConflictError { originalRequestId }
      ... on Error { code message }
    }
  }
`);

let gw: TestGateway;
let projectId: string;
const SENDER = "0212345678";
const CONCURRENT = 20;

beforeAll(async () => {
  gw = await startGateway({ env: { DISPATCHER: "false" } });
  const p = await project(gw, gw.demo.accountId, "Idempotency");
  projectId = globalId("Project", p.id);
  await approvedSender(gw, gw.demo.accountId, SENDER);
});
afterAll(async () => gw?.stop());

const input = (over: Partial<SendMessageInput> = {}): SendMessageInput => ({
  projectId,
  from: SENDER,
  content: "주문이 접수되었습니다",
  recipients: { list: [{ to: "010-1111-2222" }, { to: "010-3333-4444" }, { to: "010-5555-6666" }] },
  ...over,
});

const rawId = (id: string) => Buffer.from(id, "base64").toString().split(":")[1]!;

async function race(inputs: SendMessageInput[]) {
  const answers = await Promise.all(inputs.map((i) => gw.gql(Send, { input: i })));
  for (const a of answers) expect(a.errors).toBeUndefined();
  return answers.map((a) => a.data.sendMessage);
}

async function stored(idempotencyKey: string) {
  const requests = await gw.app.deps.db.messageRequest.findMany({
    where: { accountId: gw.demo.accountId, idempotencyKey },
  });
  const messages = await gw.app.deps.db.message.count({
    where: { requestId: { in: requests.map((r) => r.id) } },
  });
  return { requests, messages };
}

describe("one idempotency key, one request, under concurrency", () => {
  it("20 concurrent identical immediate sends create one request and one set of messages; the others replay it", async () => {
    const results = await race(
      Array.from({ length: CONCURRENT }, () => input({ idempotencyKey: "order-race" })),
    );
    const ids = new Set<string>();
    let fresh = 0;
    for (const r of results) {
      if (r.__typename !== "MutationSendMessageSuccess") throw new Error(JSON.stringify(r));
      ids.add(r.data.request.id);
      if (!r.data.replayed) fresh++;
    }
    expect(ids.size).toBe(1);
    expect(fresh).toBe(1);
    const { requests, messages } = await stored("order-race");
    expect(requests.map((r) => r.id)).toEqual([rawId([...ids][0]!)]);
    expect(messages).toBe(3);
    expect(
      await gw.app.deps.db.messageRequest.count({
        where: {
          accountId: gw.demo.accountId,
          content: "주문이 접수되었습니다",
          idempotencyKey: null,
        },
      }),
    ).toBe(0);
  });

  it("20 calls of the send service started in the same tick (no HTTP between them) still make one request", async () => {
    // Every caller's pre-check runs before any insert here, on SQLite too: only the insert
    // itself can keep the key exclusive.
    const actor = { accountId: gw.demo.accountId, keyId: "race", role: "MEMBER" as const };
    const base = {
      projectId: rawId(projectId),
      type: "AUTO" as const,
      contentType: "COMM" as const,
      countryCode: "82",
      from: SENDER,
      content: "같은 틱",
      invalidRecipients: "REFUSE_ALL" as const,
    };
    const results = await Promise.all(
      Array.from({ length: CONCURRENT }, () =>
        sendMessage(gw.app.deps, actor, {
          ...base,
          recipients: { list: [{ to: "01011112222" }] },
          idempotencyKey: "same-tick",
        }),
      ),
    );
    expect(new Set(results.map((r) => r.requestId)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    const { requests, messages } = await stored("same-tick");
    expect(requests).toHaveLength(1);
    expect(messages).toBe(1);
  });

  it("20 concurrent identical reservations create one request, one reservation and one set of stored recipients", async () => {
    const localTime = `${new Date(gw.clock.now().getTime() + 86_400_000).toISOString().slice(0, 10)} 12:00`;
    const results = await race(
      Array.from({ length: CONCURRENT }, () =>
        input({
          idempotencyKey: "reserve-race",
          mode: "RESERVATION",
          reservation: { localTime, timeZone: "UTC" },
        }),
      ),
    );
    const ids = new Set(
      results.map((r) =>
        r.__typename === "MutationSendMessageSuccess" ? r.data.request.id : JSON.stringify(r),
      ),
    );
    expect(ids.size).toBe(1);
    expect(
      results.filter((r) => r.__typename === "MutationSendMessageSuccess" && !r.data.replayed),
    ).toHaveLength(1);
    const { requests } = await stored("reserve-race");
    expect(requests).toHaveLength(1);
    expect(await gw.app.deps.db.reservation.count({ where: { requestId: requests[0]!.id } })).toBe(
      1,
    );
    expect(
      await gw.app.deps.db.deferredRecipient.count({ where: { requestId: requests[0]!.id } }),
    ).toBe(3);
  });

  it("concurrent sends with one key and different payloads: one is accepted, every other is a conflict naming it", async () => {
    const results = await race(
      Array.from({ length: CONCURRENT }, (_, i) =>
        input({ idempotencyKey: "mixed-race", content: `주문 ${i}번이 접수되었습니다` }),
      ),
    );
    const accepted = results.filter((r) => r.__typename === "MutationSendMessageSuccess");
    expect(accepted).toHaveLength(1);
    const winner =
      accepted[0]!.__typename === "MutationSendMessageSuccess" ? accepted[0]!.data.request.id : "";
    for (const r of results) {
      if (r.__typename === "MutationSendMessageSuccess") continue;
      expect(r).toMatchObject({
        __typename: "IdempotencyConflictError",
        code: "IDEMPOTENCY_KEY_REUSED",
        originalRequestId: winner,
      });
    }
    const { requests, messages } = await stored("mixed-race");
    expect(requests).toHaveLength(1);
    expect(messages).toBe(3);
  });

  it("after 24 h concurrent retries with an expired key start exactly one new request, and the old one keeps its messages", async () => {
    const first = (await race([input({ idempotencyKey: "expiring" })]))[0]!;
    if (first.__typename !== "MutationSendMessageSuccess") throw new Error(JSON.stringify(first));
    gw.clock.advance(24 * 3600 * 1000 + 1000);
    try {
      const results = await race(
        Array.from({ length: CONCURRENT }, () => input({ idempotencyKey: "expiring" })),
      );
      const ids = new Set(
        results.map((r) =>
          r.__typename === "MutationSendMessageSuccess" ? r.data.request.id : JSON.stringify(r),
        ),
      );
      expect(ids.size).toBe(1);
      expect(ids.has(first.data.request.id)).toBe(false);
      expect(
        results.filter((r) => r.__typename === "MutationSendMessageSuccess" && !r.data.replayed),
      ).toHaveLength(1);
      const { requests } = await stored("expiring");
      expect(requests.map((r) => r.id)).toEqual([rawId([...ids][0]!)]);
      expect(
        await gw.app.deps.db.message.count({ where: { requestId: rawId(first.data.request.id) } }),
      ).toBe(3);
    } finally {
      gw.clock.set(new Date());
    }
  });
});
