// Lists of ids and values are bounded before anything is looked up (issue 10, item 16):
// 40,000 `files` in a SENS REST send used to reach the database as one `IN (…)` and end in
// a 500 ("query parameter limit exceeded"). Now every path that takes such a list refuses
// it with a typed 400 / ValidationError, sends no query for it and writes nothing.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphql } from "./generated/index.ts";
import { approvedSender, globalId, project as createProjectRow } from "./helpers/fixtures.ts";
import { startGateway, type TestGateway } from "./helpers/harness.ts";
import { SensClient } from "./helpers/sensClient.ts";

const CreateKey = graphql(`
  mutation IlCreateKey($projectId: ID!) {
    createProjectAccessKey(projectId: $projectId) {
      __typename
      ... on MutationCreateProjectAccessKeySuccess { data { secretKey accessKey { accessKey } } }
    }
  }
`);

const Send = graphql(`
  mutation IlSend($input: SendMessageInput!) {
    sendMessage(input: $input) {
      __typename
      ... on ValidationError { code message issues { path message } }
      ... on Error { code message }
    }
  }
`);

const Preview = graphql(`
  mutation IlPreview($input: SendMessageInput!) {
    previewMessage(input: $input) {
      __typename
      ... on ValidationError { code message issues { path message } }
      ... on Error { code message }
    }
  }
`);

const Reservations = graphql(`
  query IlReservations($projectId: ID!, $status: [ReservationStatus!]) {
    reservations(projectId: $projectId, status: $status, first: 5) { totalCount }
  }
`);

const SenderNumbers = graphql(`
  query IlSenderNumbers($status: [SenderNumberStatus!]) {
    senderNumbers(status: $status, first: 5) { totalCount }
  }
`);

const ReviewQueue = graphql(`
  query IlReviewQueue($status: [SenderNumberStatus!]) {
    senderNumberReviewQueue(status: $status, first: 5) { totalCount }
  }
`);

const SENDER = "0212345678";
const MANY = 40_000;
/** 40,000 distinct, well-formed ids: none exists, so only a lookup could tell. */
const manyIds = () => Array.from({ length: MANY }, (_, i) => `c${String(i).padStart(24, "0")}`);

let gw: TestGateway;
let projectId: string;
let client: SensClient;
const sql: string[] = [];

beforeAll(async () => {
  gw = await startGateway({
    env: { SECRET_KEY: randomBytes(32).toString("base64") },
    onSql: (s) => sql.push(s),
  });
  await approvedSender(gw, gw.demo.accountId, SENDER);
  projectId = (await createProjectRow(gw, gw.demo.accountId, "Lists")).id;
  const key = (await gw.gql(CreateKey, { projectId: globalId("Project", projectId) })).data
    .createProjectAccessKey;
  if (key.__typename !== "MutationCreateProjectAccessKeySuccess")
    throw new Error(JSON.stringify(key));
  client = new SensClient(
    gw.app.url,
    projectId,
    { accessKey: key.data.accessKey.accessKey, secretKey: key.data.secretKey },
    gw.clock,
  );
});
afterAll(async () => gw?.stop());

const written = async () => ({
  requests: await gw.app.deps.db.messageRequest.count(),
  messages: await gw.app.deps.db.message.count(),
  files: await gw.app.deps.db.storedFile.count(),
});

/** Runs `call` and returns the SQL Prisma sent meanwhile. */
async function sqlDuring(call: () => Promise<unknown>): Promise<string[]> {
  sql.length = 0;
  await call();
  return [...sql];
}

const input = (over: Record<string, unknown>) => ({
  projectId: globalId("Project", projectId),
  type: "MMS",
  from: SENDER,
  content: "사진을 확인하세요",
  recipients: { list: [{ to: "01011112222" }] },
  ...over,
});

describe("MMS file lists: the 3-file limit comes before any lookup", () => {
  it("SENS REST POST /messages with 40,000 files is a 400 naming `files`, with no file query and nothing written", async () => {
    const before = await written();
    let res: Awaited<ReturnType<SensClient["request"]>> | undefined;
    const queries = await sqlDuring(async () => {
      res = await client.request("POST", "/messages", {
        json: {
          type: "MMS",
          from: SENDER,
          content: "사진을 확인하세요",
          messages: [{ to: "01011112222" }],
          files: manyIds().map((fileId) => ({ fileId })),
        },
      });
    });
    expect(res!.status).toBe(400);
    expect(res!.body).toMatchObject({
      status: 400,
      errors: "VALIDATION_FAILED",
      errorMessage: `MMS carries at most 3 files (got ${MANY})`,
      details: [{ path: ["files"] }],
    });
    expect(queries.filter((q) => /StoredFile|MessageRequest/.test(q))).toEqual([]);
    expect(await written()).toEqual(before);
  });

  it("SENS REST refuses 4 files the same way (the limit is 3, duplicates count)", async () => {
    const res = await client.request("POST", "/messages", {
      json: {
        type: "MMS",
        from: SENDER,
        content: "x",
        messages: [{ to: "01011112222" }],
        files: Array.from({ length: 4 }, () => ({ fileId: "c0000000000000000000000001" })),
      },
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      errors: "VALIDATION_FAILED",
      details: [{ path: ["files"], message: "MMS carries at most 3 files (got 4)" }],
    });
  });

  it("GraphQL sendMessage and previewMessage with 40,000 fileIds are a ValidationError, with no file query and nothing written", async () => {
    const before = await written();
    for (const doc of [Send, Preview] as const) {
      let result: unknown;
      const queries = await sqlDuring(async () => {
        const r = await gw.gql(doc as typeof Send, {
          input: input({ fileIds: manyIds(), idempotencyKey: "many-files" }) as never,
        });
        expect(r.status).toBe(200);
        result =
          doc === Send
            ? r.data.sendMessage
            : (r.data as unknown as { previewMessage: unknown }).previewMessage;
      });
      expect(result).toMatchObject({
        __typename: "ValidationError",
        code: "VALIDATION_FAILED",
        message: `MMS carries at most 3 files (got ${MANY})`,
      });
      expect(queries.filter((q) => /StoredFile|MessageRequest/.test(q))).toEqual([]);
    }
    expect(await written()).toEqual(before);
  });
});

describe("status lists are bounded by their distinct values", () => {
  const copies = <T>(value: T) => Array.from({ length: MANY }, () => value);

  it("reservations(status:) with 40,000 entries answers normally", async () => {
    const r = await gw.gql(Reservations, {
      projectId: globalId("Project", projectId),
      status: copies("READY" as const),
    });
    expect(r.errors).toBeUndefined();
    expect(r.data.reservations.totalCount).toBe(0);
  });

  it("senderNumbers(status:) and senderNumberReviewQueue(status:) with 40,000 entries answer normally", async () => {
    const mine = await gw.gql(SenderNumbers, { status: copies("APPROVED" as const) });
    expect(mine.errors).toBeUndefined();
    expect(mine.data.senderNumbers.totalCount).toBe(1);
    const queue = await gw.gql(
      ReviewQueue,
      { status: copies("READY" as const) },
      gw.demo.operatorKey,
    );
    expect(queue.errors).toBeUndefined();
    expect(queue.data.senderNumberReviewQueue.totalCount).toBe(0);
  });
});
