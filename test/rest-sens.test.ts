// docs/rest-sens.md: the SENS SMS API v2-compatible REST surface, driven by an independent SENS client
// (test/helpers/sensClient.ts): HMAC authentication with project access keys, every endpoint's
// success path checked against GraphQL (same data both ways), SENS-style refusals that write
// nothing, the body limit, the per-key rate limit and tenancy.
import { randomBytes } from "node:crypto";
import { request as httpRequest } from "node:http";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphql } from "./generated/index.ts";
import { eventually } from "./helpers/eventually.ts";
import { approvedSender, completeOptOutService, globalId, jpeg } from "./helpers/fixtures.ts";
import { startGateway, type Tenant, type TestGateway } from "./helpers/harness.ts";
import { SensClient, sensSignature, type SensCredentials } from "./helpers/sensClient.ts";

const CreateProject = graphql(`
  mutation RsCreateProject($name: String!) {
    createProject(input: { name: $name }) {
      __typename
      ... on MutationCreateProjectSuccess { data { id serviceId } }
    }
  }
`);

const CreateKey = graphql(`
  mutation RsCreateKey($projectId: ID!) {
    createProjectAccessKey(projectId: $projectId) {
      __typename
      ... on MutationCreateProjectAccessKeySuccess { data { secretKey accessKey { id accessKey } } }
      ... on Error { code message }
    }
  }
`);

const RevokeKey = graphql(`
  mutation RsRevokeKey($id: ID!) {
    revokeProjectAccessKey(id: $id) { __typename }
  }
`);

const RequestNode = graphql(`
  query RsRequestNode($id: ID!) {
    node(id: $id) {
      ... on MessageRequest {
        id requestTime type requestedType contentType countryCode from effectiveFrom subject content mode statusCode statusName recipientCount files
        project { id }
      }
    }
  }
`);

const RequestMessages = graphql(`
  query RsRequestMessages($requestId: ID!) {
    messages(filter: { requestId: $requestId }, first: 100) {
      edges { node { id to subject content status result { statusName statusCode statusMessage telcoCode completeTime } } }
    }
  }
`);

const OptOutList = graphql(`
  query RsOptOutList($projectId: ID!) {
    optOutNumbers(projectId: $projectId, first: 100) {
      __typename
      ... on QueryOptOutNumbersSuccess { data { edges { node { number source createdAt } } } }
    }
  }
`);

const SENDER = "0212345678";
const SECRET_KEY = randomBytes(32).toString("base64");
const MAX_REQUEST_BYTES = 600_000;
const RANGE = `requestStartTime=${encodeURIComponent("2020-01-01 00:00:00")}&requestEndTime=${encodeURIComponent("2099-01-01 00:00:00")}`;

interface Project {
  id: string;
  serviceId: string;
}

async function newProject(gw: TestGateway, name: string, key?: string): Promise<Project> {
  const r = await gw.gql(CreateProject, { name }, key);
  if (r.data.createProject.__typename !== "MutationCreateProjectSuccess")
    throw new Error(JSON.stringify(r));
  return r.data.createProject.data;
}

async function newKey(
  gw: TestGateway,
  projectId: string,
  key?: string,
): Promise<SensCredentials & { id: string }> {
  const r = (await gw.gql(CreateKey, { projectId }, key)).data.createProjectAccessKey;
  if (r.__typename !== "MutationCreateProjectAccessKeySuccess") throw new Error(JSON.stringify(r));
  return {
    id: r.data.accessKey.id,
    accessKey: r.data.accessKey.accessKey,
    secretKey: r.data.secretKey,
  };
}

let gw: TestGateway;
let project: Project;
let sibling: Project;
let client: SensClient;
let siblingClient: SensClient;
let other: Tenant;
let otherProject: Project;
let otherClient: SensClient;

beforeAll(async () => {
  gw = await startGateway({ env: { SECRET_KEY, MAX_REQUEST_BYTES: String(MAX_REQUEST_BYTES) } });
  await approvedSender(gw, gw.demo.accountId, SENDER);
  project = await newProject(gw, "REST");
  sibling = await newProject(gw, "Sibling");
  client = new SensClient(gw.app.url, project.serviceId, await newKey(gw, project.id), gw.clock);
  siblingClient = new SensClient(
    gw.app.url,
    sibling.serviceId,
    await newKey(gw, sibling.id),
    gw.clock,
  );
  other = await gw.newTenant("Other");
  await approvedSender(gw, other.accountId, "0311112222");
  otherProject = await newProject(gw, "Theirs", other.memberKey);
  otherClient = new SensClient(
    gw.app.url,
    otherProject.serviceId,
    await newKey(gw, otherProject.id, other.memberKey),
    gw.clock,
  );
});
afterAll(async () => gw?.stop());

const counts = async () => ({
  requests: await gw.app.deps.db.messageRequest.count(),
  messages: await gw.app.deps.db.message.count(),
  files: await gw.app.deps.db.storedFile.count(),
  optOutNumbers: await gw.app.deps.db.optOutNumber.count(),
  reservations: await gw.app.deps.db.reservation.count(),
});

const sms = (over: Record<string, unknown> = {}) => ({
  type: "SMS",
  from: SENDER,
  content: "[Shop] 주문이 접수되었습니다",
  messages: [{ to: "01011112222" }],
  ...over,
});

async function sendOk(c: SensClient, body: unknown): Promise<string> {
  const r = await c.request("POST", "/messages", { json: body });
  if (r.status !== 202) throw new Error(`send: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.requestId as string;
}

/** Polls GET /messages?requestId until every message is COMPLETED (delivery is asynchronous). */
function completed(c: SensClient, requestId: string) {
  return eventually(
    () => c.request("GET", `/messages?requestId=${requestId}`),
    (r) =>
      r.body.messages.length > 0 &&
      r.body.messages.every((m: { status: string }) => m.status === "COMPLETED"),
    `request ${requestId} to complete`,
  );
}

// ───────────────────────────── authentication ─────────────────────────────

describe("authentication: the SENS HMAC scheme with project access keys", () => {
  it("accepts a request signed with the project's key", async () => {
    const r = await client.request("GET", `/messages?${RANGE}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      statusCode: "200",
      statusName: "success",
      pageIndex: 0,
      messages: expect.any(Array),
    });
  });

  it("refuses a request missing any of the three headers with 401", async () => {
    for (const h of [
      "x-ncp-apigw-timestamp",
      "x-ncp-iam-access-key",
      "x-ncp-apigw-signature-v2",
    ] as const) {
      const r = await client.request("GET", `/messages?${RANGE}`, { omitHeaders: [h] });
      expect(r.status).toBe(401);
      expect(r.body.error).toMatchObject({ errorCode: "200", message: "Authentication Failed" });
    }
  });

  it("refuses timestamps more than 5 minutes from the gateway clock, whichever side", async () => {
    const now = gw.clock.now().getTime();
    for (const ts of [now - 5 * 60_000 - 5000, now + 5 * 60_000 + 5000, "yesterday"]) {
      const r = await client.request("GET", `/messages?${RANGE}`, { timestamp: String(ts) });
      expect(r.status).toBe(401);
      expect(r.body.error.details).toMatch(/within 5 minutes/);
    }
    expect(
      (await client.request("GET", `/messages?${RANGE}`, { timestamp: String(now - 4 * 60_000) }))
        .status,
    ).toBe(200);
  });

  it("judges the timestamp by the gateway's clock, not the client's", async () => {
    const realTimeClient = new SensClient(gw.app.url, project.serviceId, client.credentials, {
      now: () => new Date(),
    });
    gw.clock.advance(10 * 60_000);
    try {
      expect((await realTimeClient.request("GET", `/messages?${RANGE}`)).status).toBe(401);
      expect((await client.request("GET", `/messages?${RANGE}`)).status).toBe(200);
    } finally {
      gw.clock.advance(-10 * 60_000);
    }
  });

  it("refuses forged signatures and unknown keys, and writes nothing for them", async () => {
    const before = await counts();
    const wrongSecret = { accessKey: client.credentials.accessKey, secretKey: "x".repeat(40) };
    const unknownKey = { accessKey: "A".repeat(20), secretKey: client.credentials.secretKey };
    const attempts = [
      client.request("POST", "/messages", { json: sms(), credentials: wrongSecret }),
      client.request("POST", "/messages", { json: sms(), credentials: unknownKey }),
      client.request("POST", "/messages", { json: sms(), signMethod: "GET" }),
      client.request("POST", "/messages", {
        json: sms(),
        signUrl: `/sms/v2/services/${sibling.serviceId}/messages`,
      }),
      client.request("POST", "/messages", { json: sms(), signature: "bm90IGEgc2lnbmF0dXJl" }),
      // Signed for another query string than the one sent.
      client.request("GET", `/messages?${RANGE}&pageSize=2`, {
        signUrl: `/sms/v2/services/${project.serviceId}/messages?${RANGE}&pageSize=1`,
      }),
    ];
    for (const r of await Promise.all(attempts)) {
      expect(r.status).toBe(401);
      expect(r.body.error).toMatchObject({
        errorCode: "200",
        details: "Invalid authentication information.",
      });
    }
    expect(await counts()).toEqual(before);
  });

  it("refuses a revoked key at once", async () => {
    const key = await newKey(gw, project.id);
    const c = client.with({ credentials: key });
    expect((await c.request("GET", `/messages?${RANGE}`)).status).toBe(200);
    expect((await gw.gql(RevokeKey, { id: key.id })).data.revokeProjectAccessKey.__typename).toBe(
      "MutationRevokeProjectAccessKeySuccess",
    );
    const r = await c.request("GET", `/messages?${RANGE}`);
    expect(r.status).toBe(401);
    expect(r.body.error.errorCode).toBe("200");
  });

  it("a key serves only its own project: any other serviceId is 403, existing or not, and nothing is written", async () => {
    const before = await counts();
    for (const serviceId of [
      sibling.serviceId,
      otherProject.serviceId,
      "cnosuchproject000000000000",
    ]) {
      const r = await client.with({ serviceId }).request("POST", "/messages", { json: sms() });
      expect(r.status).toBe(403);
      expect(r.body.error).toMatchObject({ errorCode: "210", message: "Permission Denied" });
    }
    expect(await counts()).toEqual(before);
  });

  it("another account's key reaches none of this project's data", async () => {
    const requestId = await sendOk(client, sms());
    const messageId = (await client.request("GET", `/messages?requestId=${requestId}`)).body
      .messages[0].messageId as string;
    expect(
      (
        await otherClient
          .with({ serviceId: project.serviceId })
          .request("GET", `/messages?requestId=${requestId}`)
      ).status,
    ).toBe(403);
    // Through its own serviceId, our ids look exactly like missing ones.
    const byRequest = await otherClient.request("GET", `/messages?requestId=${requestId}`);
    const byMessage = await otherClient.request("GET", `/messages/${messageId}`);
    const missing = await otherClient.request("GET", "/messages/cnosuchmessage0000000000000");
    expect([byRequest.status, byMessage.status, missing.status]).toEqual([404, 404, 404]);
    expect(byMessage.body).toMatchObject({ status: 404, errors: "NOT_FOUND" });
    expect(Object.keys(byMessage.body).sort()).toEqual(Object.keys(missing.body).sort());
  });
});

// ───────────────────────────── sending ─────────────────────────────

describe("POST /messages", () => {
  it("accepts a send with 202 and SENS's response fields; GraphQL shows the same request", async () => {
    const r = await client.request("POST", "/messages", {
      json: sms({
        type: "LMS",
        subject: "주문",
        countryCode: "82",
        messages: [
          { to: "010-3333-4444" },
          { to: "01055556666", content: "개별 내용", subject: "개별" },
        ],
      }),
    });
    expect(r.status).toBe(202);
    expect(r.body).toEqual({
      requestId: expect.any(String),
      requestTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/),
      statusCode: "202",
      statusName: "success",
    });

    const node = (await gw.gql(RequestNode, { id: globalId("MessageRequest", r.body.requestId) }))
      .data.node;
    expect(node).toMatchObject({
      type: "LMS",
      requestedType: "LMS",
      contentType: "COMM",
      countryCode: "82",
      from: SENDER,
      subject: "주문",
      content: "[Shop] 주문이 접수되었습니다",
      mode: "IMMEDIATE",
      statusCode: "202",
      statusName: "success",
      recipientCount: 2,
      project: { id: project.id },
    });
    // requestTime is the same instant, in Asia/Seoul local time as SENS writes it.
    const requestTime = (node as { requestTime: string }).requestTime;
    expect(
      DateTime.fromISO(requestTime).setZone("Asia/Seoul").toFormat("yyyy-MM-dd'T'HH:mm:ss.SSS"),
    ).toBe(r.body.requestTime);

    const gqlMessages = (
      await gw.gql(RequestMessages, { requestId: globalId("MessageRequest", r.body.requestId) })
    ).data.messages.edges.map((e) => e.node);
    const rest = (await client.request("GET", `/messages?requestId=${r.body.requestId}`)).body
      .messages;
    expect(
      rest
        .map((m: { messageId: string; to: string; subject: string; content: string }) => [
          m.messageId,
          m.to,
          m.subject,
          m.content,
        ])
        .sort(),
    ).toEqual(
      gqlMessages
        .map((m) => [
          Buffer.from(m.id, "base64").toString().split(":")[1],
          m.to,
          m.subject,
          m.content,
        ])
        .sort(),
    );
    expect(rest.map((m: { to: string; content: string }) => [m.to, m.content]).sort()).toEqual([
      ["01033334444", "[Shop] 주문이 접수되었습니다"],
      ["01055556666", "개별 내용"],
    ]);
  });

  it("sends an MMS with a file uploaded through POST /files", async () => {
    const up = await client.request("POST", "/files", {
      json: { fileName: "receipt.jpg", fileBody: Buffer.from(jpeg(640, 480)).toString("base64") },
    });
    expect(up.status).toBe(200);
    const requestId = await sendOk(
      client,
      sms({
        type: "MMS",
        subject: "영수증",
        content: "영수증을 보내드립니다",
        files: [{ fileId: up.body.fileId }],
      }),
    );
    const node = (await gw.gql(RequestNode, { id: globalId("MessageRequest", requestId) })).data
      .node;
    expect(node).toMatchObject({ type: "MMS", files: ["receipt.jpg"] });
    const rest = (await client.request("GET", `/messages?requestId=${requestId}`)).body.messages;
    expect(rest[0]).toMatchObject({ type: "MMS", files: [{ name: "receipt.jpg" }] });
  });

  const tooMany = Array.from({ length: 101 }, (_, i) => ({ to: `010${String(40_000_000 + i)}` }));
  const refusals: [
    string,
    Parameters<SensClient["request"]>[2],
    number,
    Record<string, unknown>,
  ][] = [
    ["malformed JSON", { rawBody: '{"type": "SMS",' }, 400, { errors: "INVALID_JSON" }],
    [
      "a body that is not JSON by its Content-Type",
      { rawBody: JSON.stringify(sms()), contentType: "text/plain" },
      400,
      { errors: "UNSUPPORTED_CONTENT_TYPE" },
    ],
    [
      "more than 100 messages",
      { json: sms({ messages: tooMany }) },
      400,
      { errors: "VALIDATION_FAILED", errorMessage: expect.stringMatching(/1 to 100 .*got 101/) },
    ],
    ["no messages", { json: sms({ messages: [] }) }, 400, { errors: "VALIDATION_FAILED" }],
    [
      "no content",
      { json: sms({ content: undefined }) },
      400,
      {
        errors: "VALIDATION_FAILED",
        details: [{ path: ["content"], message: expect.any(String) }],
      },
    ],
    ["an unknown type", { json: sms({ type: "FAX" }) }, 400, { errors: "VALIDATION_FAILED" }],
    [
      "an 81-byte SMS (measured in EUC-KR, never truncated)",
      { json: sms({ content: `${"가".repeat(40)}!` }) },
      400,
      {
        errors: "VALIDATION_FAILED",
        details: [
          { path: ["content"], message: "content is 81 bytes; the limit is 80 bytes (EUC-KR)" },
        ],
      },
    ],
    [
      "a sender that is not APPROVED",
      { json: sms({ from: "0299990000" }) },
      400,
      { errors: "VALIDATION_FAILED", errorMessage: expect.stringMatching(/APPROVED/) },
    ],
    [
      "an invalid recipient (the whole call is refused)",
      { json: sms({ messages: [{ to: "01011112222" }, { to: "12345" }] }) },
      400,
      {
        errors: "RECIPIENTS_REJECTED",
        details: [expect.objectContaining({ row: 2, value: "12345", code: "INVALID_NUMBER" })],
      },
    ],
    [
      "an unsupported country",
      { json: sms({ countryCode: "999" }) },
      400,
      { errors: "VALIDATION_FAILED", errorMessage: expect.stringMatching(/999/) },
    ],
    [
      "AD without a COMPLETE 080 service",
      { json: sms({ contentType: "AD", content: "(광고) 세일" }) },
      400,
      { errors: "AD_POLICY", details: expect.any(Array) },
    ],
    [
      "a fileId that is not the account's",
      { json: sms({ type: "MMS", files: [{ fileId: "cnosuchfile00000000000000" }] }) },
      404,
      { errors: "NOT_FOUND" },
    ],
    [
      "reserveTime together with scheduleCode",
      { json: sms({ reserveTime: "2099-01-01 10:00", scheduleCode: "daily" }) },
      400,
      { errors: "VALIDATION_FAILED" },
    ],
  ];

  it.each(refusals)(
    "refuses %s with a SENS-style error and writes nothing",
    async (_name, options, status, body) => {
      const before = await counts();
      const r = await client.request("POST", "/messages", options);
      expect(r.status).toBe(status);
      expect(r.body).toMatchObject({ status, errorMessage: expect.any(String), ...body });
      expect(await counts()).toEqual(before);
    },
  );

  it("refuses a body over MAX_REQUEST_BYTES with 413 before reading it, and writes nothing", async () => {
    const before = await counts();
    const r = await client.request("POST", "/messages", {
      json: sms({ content: "x".repeat(MAX_REQUEST_BYTES) }),
    });
    expect(r.status).toBe(413);
    expect(r.body.error).toMatchObject({ errorCode: "430", message: "Request Entity Too Large" });
    expect(await counts()).toEqual(before);
  });

  it("refuses a body of unknown length (chunked) with 411, and writes nothing", async () => {
    const before = await counts();
    const url = `/sms/v2/services/${project.serviceId}/messages`;
    const timestamp = String(gw.clock.now().getTime());
    const { accessKey, secretKey } = client.credentials;
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${gw.app.url}${url}`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-ncp-apigw-timestamp": timestamp,
          "x-ncp-iam-access-key": accessKey,
          "x-ncp-apigw-signature-v2": sensSignature(secretKey, "POST", url, timestamp, accessKey),
        },
      });
      req.on("response", (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.write(JSON.stringify(sms())); // no Content-Length: Node sends it chunked
      req.end();
    });
    expect(status).toBe(411);
    expect(await counts()).toEqual(before);
  });
});

// ───────────────────────────── results ─────────────────────────────

describe("GET /messages and GET /messages/{messageId}", () => {
  it("shows each message's delivery result exactly as GraphQL does", async () => {
    // 01000000002 is the simulated carrier's "number not in service" (3006).
    const requestId = await sendOk(
      client,
      sms({ messages: [{ to: "01011112222" }, { to: "01000000002" }] }),
    );
    const rest = (await completed(client, requestId)).body;
    expect(rest).toMatchObject({
      requestId,
      statusCode: "202",
      statusName: "success",
      itemCount: 2,
      hasMore: false,
    });
    const byTo = Object.fromEntries(rest.messages.map((m: { to: string }) => [m.to, m]));
    expect(byTo["01011112222"]).toMatchObject({
      requestId,
      status: "COMPLETED",
      statusCode: "0",
      statusName: "success",
      type: "SMS",
      contentType: "COMM",
      countryCode: "82",
      from: SENDER,
    });
    expect(byTo["01000000002"]).toMatchObject({
      status: "COMPLETED",
      statusCode: "3006",
      statusName: "fail",
    });
    expect(byTo["01011112222"].completeTime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(byTo["01011112222"].requestTime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);

    const gql = (
      await gw.gql(RequestMessages, { requestId: globalId("MessageRequest", requestId) })
    ).data.messages.edges.map((e) => e.node);
    for (const m of gql) {
      expect(byTo[m.to]).toMatchObject({
        statusCode: m.result?.statusCode,
        statusName: m.result?.statusName,
        statusMessage: m.result?.statusMessage,
        telcoCode: m.result?.telcoCode,
        completeTime: DateTime.fromISO(m.result!.completeTime!)
          .setZone("Asia/Seoul")
          .toFormat("yyyy-MM-dd HH:mm:ss"),
      });
    }

    const one = await client.request("GET", `/messages/${byTo["01000000002"].messageId}`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual({
      statusCode: "202",
      statusName: "success",
      messages: [byTo["01000000002"]],
    });
  });

  it("searches by completion time (completeStartTime and completeEndTime, Asia/Seoul), alone or with other filters", async () => {
    const seoul = (d: Date) =>
      encodeURIComponent(
        DateTime.fromJSDate(d).setZone("Asia/Seoul").toFormat("yyyy-MM-dd HH:mm:ss"),
      );
    const range = (from: Date, to: Date) =>
      `completeStartTime=${seoul(from)}&completeEndTime=${seoul(to)}`;
    const early = await sendOk(
      client,
      sms({ messages: [{ to: "01030000001" }, { to: "01030000002" }] }),
    );
    await completed(client, early);
    // Three hours later (on the gateway's clock; put back at the end), another request completes.
    gw.clock.advance(3 * 3_600_000);
    const startLate = gw.clock.now();
    const late = await sendOk(client, sms({ messages: [{ to: "01030000003" }] }));
    await completed(client, late);
    const endLate = new Date(gw.clock.now().getTime() + 60_000);

    const lateOnly = await client.request(
      "GET",
      `/messages?${range(new Date(startLate.getTime() - 1000), endLate)}`,
    );
    expect(lateOnly.status).toBe(200);
    expect(lateOnly.body.messages.map((m: { to: string }) => m.to)).toEqual(["01030000003"]);
    const both = await client.request(
      "GET",
      `/messages?${range(new Date(startLate.getTime() - 4 * 3_600_000), endLate)}&to=01030000001`,
    );
    expect(both.body.messages.map((m: { requestId: string }) => m.requestId)).toEqual([early]);
    const withRequest = await client.request(
      "GET",
      `/messages?requestId=${early}&${range(new Date(startLate.getTime() - 1000), endLate)}`,
    );
    expect(withRequest.body.messages).toEqual([]);
    // Another project's completions are not in this project's window.
    expect(
      (
        await siblingClient.request(
          "GET",
          `/messages?${range(new Date(startLate.getTime() - 1000), endLate)}`,
        )
      ).body.messages,
    ).toEqual([]);
    // Half a range is not a query.
    const half = await client.request("GET", `/messages?completeStartTime=${seoul(startLate)}`);
    expect(half.status).toBe(400);
    expect(half.body).toMatchObject({
      errors: "VALIDATION_FAILED",
      errorMessage: expect.stringMatching(/completeStartTime and completeEndTime/),
    });
    gw.clock.advance(-3 * 3_600_000);
  });

  it("pages with pageIndex and pageSize", async () => {
    const requestId = await sendOk(
      client,
      sms({ messages: [{ to: "01020000001" }, { to: "01020000002" }, { to: "01020000003" }] }),
    );
    const first = (await client.request("GET", `/messages?requestId=${requestId}&pageSize=2`)).body;
    const second = (
      await client.request("GET", `/messages?requestId=${requestId}&pageSize=2&pageIndex=1`)
    ).body;
    expect([first.itemCount, first.hasMore, second.itemCount, second.hasMore]).toEqual([
      2,
      true,
      1,
      false,
    ]);
    const ids = [...first.messages, ...second.messages].map((m: { to: string }) => m.to).sort();
    expect(ids).toEqual(["01020000001", "01020000002", "01020000003"]);
  });

  it("another project's request or message of the same account is not found; a query without requestId or range is refused", async () => {
    const siblingRequest = await siblingClient.request("POST", "/messages", { json: sms() });
    expect(siblingRequest.status).toBe(202);
    const siblingMessage = (
      await siblingClient.request("GET", `/messages?requestId=${siblingRequest.body.requestId}`)
    ).body.messages[0].messageId;
    expect(
      (await client.request("GET", `/messages?requestId=${siblingRequest.body.requestId}`)).status,
    ).toBe(404);
    expect((await client.request("GET", `/messages/${siblingMessage}`)).status).toBe(404);
    const none = await client.request("GET", "/messages");
    expect(none.status).toBe(400);
    expect(none.body).toMatchObject({
      status: 400,
      errors: "VALIDATION_FAILED",
      errorMessage: expect.stringMatching(/requestId/),
    });
    expect(
      (await client.request("GET", "/messages?requestStartTime=yesterday&requestEndTime=today"))
        .status,
    ).toBe(400);
  });
});

// ───────────────────────────── files ─────────────────────────────

describe("POST /files", () => {
  it("stores a base64 JPEG and answers with its fileId and creation time", async () => {
    const r = await client.request("POST", "/files", {
      json: { fileName: "coupon.jpg", fileBody: Buffer.from(jpeg(300, 300)).toString("base64") },
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      fileId: expect.any(String),
      createTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/),
      expireTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/),
    });
    const row = await gw.app.deps.db.storedFile.findUniqueOrThrow({ where: { id: r.body.fileId } });
    expect(row).toMatchObject({
      accountId: gw.demo.accountId,
      purpose: "MMS",
      fileName: "coupon.jpg",
      mimeType: "image/jpeg",
      width: 300,
      height: 300,
    });
  });

  const png = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex");
  const files: [string, unknown, RegExp][] = [
    ["bad base64", { fileName: "a.jpg", fileBody: "@@not base64@@" }, /not base64/],
    [
      "a data: URL instead of bare base64",
      {
        fileName: "a.jpg",
        fileBody: `data:image/jpeg;base64,${Buffer.from(jpeg(10, 10)).toString("base64")}`,
      },
      /not base64/,
    ],
    ["a PNG", { fileName: "a.jpg", fileBody: png.toString("base64") }, /only JPEG/],
    [
      "a JPEG over 300 KB",
      {
        fileName: "big.jpg",
        fileBody: Buffer.from(jpeg(100, 100, 300 * 1024 + 1)).toString("base64"),
      },
      /at most 307200/,
    ],
    [
      "a JPEG over 1500×1500 px",
      { fileName: "wide.jpg", fileBody: Buffer.from(jpeg(1501, 100)).toString("base64") },
      /1501×100/,
    ],
    [
      "a file name over 40 characters",
      { fileName: `${"n".repeat(41)}.jpg`, fileBody: Buffer.from(jpeg(10, 10)).toString("base64") },
      /45 characters/,
    ],
    ["no fileBody", { fileName: "a.jpg" }, /fileBody/],
  ];

  it.each(files)("refuses %s and stores nothing", async (_name, json, message) => {
    const before = await counts();
    const r = await client.request("POST", "/files", { json });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({
      status: 400,
      errors: "VALIDATION_FAILED",
      errorMessage: expect.stringMatching(message),
    });
    expect(await counts()).toEqual(before);
  });
});

// ───────────────────────────── 080 opt-out list ─────────────────────────────

describe("unsubscribes: the project's 080 opt-out list", () => {
  beforeAll(async () => {
    const service = await completeOptOutService(
      gw,
      gw.demo.accountId,
      project.serviceId,
      "0801112222",
    );
    await gw.app.deps.db.optOutNumber.create({
      data: {
        accountId: gw.demo.accountId,
        projectId: project.serviceId,
        serviceId: service.id,
        number: "01099990001",
        source: "ARS",
      },
    });
  });

  const listed = async () => {
    const r = (await gw.gql(OptOutList, { projectId: project.id })).data.optOutNumbers;
    if (r.__typename !== "QueryOptOutNumbersSuccess") throw new Error(JSON.stringify(r));
    return r.data.edges.map((e) => e.node);
  };

  it("POST registers numbers (source M) and answers with each entry; GraphQL lists them", async () => {
    const r = await client.request("POST", "/unsubscribes", {
      json: [
        { clientTelNo: "01012340001" },
        { clientTelNo: "010-1234-0002" },
        { clientTelNo: "01099990001" },
      ],
    });
    expect(r.status).toBe(200);
    const byNumber = Object.fromEntries(
      r.body.map((e: { clientTelNo: string }) => [e.clientTelNo, e]),
    );
    expect(Object.keys(byNumber).sort()).toEqual(["01012340001", "01012340002", "01099990001"]);
    expect(byNumber["01012340001"]).toEqual({
      clientTelNo: "01012340001",
      registerType: "M",
      registerTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/),
    });
    // Already listed by an ARS call: kept as it was.
    expect(byNumber["01099990001"].registerType).toBe("C");
    const gql = await listed();
    expect(gql.map((n) => [n.number, n.source]).sort()).toEqual([
      ["01012340001", "MANUAL"],
      ["01012340002", "MANUAL"],
      ["01099990001", "ARS"],
    ]);
    for (const n of gql)
      expect(
        DateTime.fromISO(n.createdAt).setZone("Asia/Seoul").toFormat("yyyy-MM-dd'T'HH:mm:ss.SSS"),
      ).toBe(byNumber[n.number].registerTime);
  });

  it("GET lists them newest first, by number prefix, by registration time and in pages", async () => {
    const all = await client.request("GET", "/unsubscribes");
    expect(all.status).toBe(200);
    expect(all.body.map((e: { clientTelNo: string }) => e.clientTelNo).sort()).toEqual([
      "01012340001",
      "01012340002",
      "01099990001",
    ]);
    expect((await client.request("GET", "/unsubscribes?clientTelNo=0109999")).body).toEqual([
      expect.objectContaining({ clientTelNo: "01099990001", registerType: "C" }),
    ]);
    const future = gw.clock.now().getTime() + 3_600_000;
    expect((await client.request("GET", `/unsubscribes?startTime=${future}`)).body).toEqual([]);
    const page0 = (await client.request("GET", "/unsubscribes?pageSize=2&pageIndex=0")).body;
    const page1 = (await client.request("GET", "/unsubscribes?pageSize=2&pageIndex=1")).body;
    expect([page0.length, page1.length]).toEqual([2, 1]);
    expect((await client.request("GET", "/unsubscribes?pageSize=101")).status).toBe(400);
  });

  it("DELETE removes numbers with 204", async () => {
    const r = await client.request("DELETE", "/unsubscribes", {
      json: [{ clientTelNo: "01012340002" }],
    });
    expect(r.status).toBe(204);
    expect(r.body).toBeNull();
    expect((await listed()).map((n) => n.number).sort()).toEqual(["01012340001", "01099990001"]);
  });

  const refusals: [string, SensClient | null, string, unknown, string][] = [
    [
      "an invalid number (the whole call)",
      null,
      "POST",
      [{ clientTelNo: "01055550000" }, { clientTelNo: "12ab" }],
      "VALIDATION_FAILED",
    ],
    [
      "more than 1000 numbers",
      null,
      "POST",
      Array.from({ length: 1001 }, (_, i) => ({ clientTelNo: `010${String(30_000_000 + i)}` })),
      "VALIDATION_FAILED",
    ],
    [
      "a body that is not a list",
      null,
      "POST",
      { clientTelNo: "01055550000" },
      "VALIDATION_FAILED",
    ],
    [
      "an invalid number in a DELETE",
      null,
      "DELETE",
      [{ clientTelNo: "01012340001" }, { clientTelNo: "x" }],
      "VALIDATION_FAILED",
    ],
  ];

  it.each(refusals)("refuses %s and changes nothing", async (_name, c, method, json, errors) => {
    const before = await counts();
    const r = await (c ?? client).request(method, "/unsubscribes", { json });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ status: 400, errors });
    expect(await counts()).toEqual(before);
  });

  it("a project without a COMPLETE 080 service has no list", async () => {
    const before = await counts();
    const r = await siblingClient.request("POST", "/unsubscribes", {
      json: [{ clientTelNo: "01055550000" }],
    });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ status: 400, errors: "OPT_OUT_SERVICE_NOT_ACTIVE" });
    expect((await siblingClient.request("GET", "/unsubscribes")).body).toMatchObject({
      errors: "OPT_OUT_SERVICE_NOT_ACTIVE",
    });
    expect(await counts()).toEqual(before);
  });
});

// ───────────────────────────── routing ─────────────────────────────

describe("routing", () => {
  it("an unknown endpoint under /sms/v2 is the API gateway's 404", async () => {
    for (const [method, path] of [
      ["GET", "/sms/v2/services"],
      ["PUT", `/sms/v2/services/${project.serviceId}/messages`],
      ["GET", `/sms/v2/services/${project.serviceId}/templates`],
    ] as const) {
      const r = await client.raw(method, path);
      expect(r.status).toBe(404);
      expect(r.body.error).toMatchObject({ errorCode: "300", message: "Not Found Exception" });
    }
  });
});

// ───────────────────────────── rate limit ─────────────────────────────

describe("the per-access-key rate limit", () => {
  let slow: TestGateway;
  beforeAll(async () => {
    // One token per 100 s and a burst of 2: the third quick call is over the limit whatever the machine's speed.
    slow = await startGateway({
      env: {
        SECRET_KEY,
        DISPATCHER: "false",
        SENS_REST_RATE_PER_SEC: "0.01",
        SENS_REST_RATE_BURST: "2",
      },
    });
  });
  afterAll(async () => slow?.stop());

  it("answers 429 Throttle Limited past the burst, per key, until tokens refill", async () => {
    const p = await newProject(slow, "Slow");
    const a = new SensClient(slow.app.url, p.serviceId, await newKey(slow, p.id), slow.clock);
    const b = a.with({ credentials: await newKey(slow, p.id) });
    expect((await a.request("GET", `/messages?${RANGE}`)).status).toBe(200);
    expect((await a.request("GET", `/messages?${RANGE}`)).status).toBe(200);
    const limited = await a.request("GET", `/messages?${RANGE}`);
    expect(limited.status).toBe(429);
    expect(limited.body.error).toMatchObject({ errorCode: "410", message: "Throttle Limited" });
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another key of the same project has its own bucket.
    expect((await b.request("GET", `/messages?${RANGE}`)).status).toBe(200);
    slow.clock.advance(100_000);
    expect((await a.request("GET", `/messages?${RANGE}`)).status).toBe(200);
  });
});

describe("the rate limit with REDIS_URL: one bucket per key across gateway instances", () => {
  const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
  let a: TestGateway;
  let b: TestGateway;
  beforeAll(async () => {
    const env = {
      SECRET_KEY,
      DISPATCHER: "false",
      SENS_REST_RATE_PER_SEC: "0.01",
      SENS_REST_RATE_BURST: "3",
      REDIS_URL,
      REDIS_CHANNEL_PREFIX: `smsgw-test-${randomBytes(6).toString("hex")}`,
    };
    a = await startGateway({ env });
    b = await startGateway({ env, database: a.db, demo: a.demo });
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  });

  it("a key's burst is shared by both instances, and so is the refill", async () => {
    const p = await newProject(a, "Shared limit");
    const credentials = await newKey(a, p.id);
    const viaA = new SensClient(a.app.url, p.serviceId, credentials, a.clock);
    const viaB = new SensClient(b.app.url, p.serviceId, credentials, b.clock);
    expect((await viaA.request("GET", `/messages?${RANGE}`)).status).toBe(200);
    expect((await viaB.request("GET", `/messages?${RANGE}`)).status).toBe(200);
    expect((await viaA.request("GET", `/messages?${RANGE}`)).status).toBe(200);
    // Three calls used the burst of 3, whichever instance took them.
    const limited = await viaB.request("GET", `/messages?${RANGE}`);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(99);
    expect((await viaA.request("GET", `/messages?${RANGE}`)).status).toBe(429);
    // 100 s later (on both instances' clocks) one token is back, for either instance.
    a.clock.advance(100_000);
    b.clock.advance(100_000);
    expect((await viaB.request("GET", `/messages?${RANGE}`)).status).toBe(200);
    expect((await viaA.request("GET", `/messages?${RANGE}`)).status).toBe(429);
  });
});

// ───────────────────────────── reservations ─────────────────────────────

describe("reservations: reserveTime, reserve-status and cancellation", () => {
  /** A local wall-clock time `minutes` from the gateway's now, as SENS takes it. */
  const localIn = (minutes: number, zone = "Asia/Seoul") =>
    DateTime.fromJSDate(gw.clock.now(), { zone }).plus({ minutes }).toFormat("yyyy-MM-dd HH:mm");

  it("a reserved send answers with the requestId, which is the reserveId of reserve-status", async () => {
    const reserveTime = localIn(24 * 60);
    const requestId = await sendOk(client, sms({ reserveTime, reserveTimeZone: "Asia/Seoul" }));
    const node = (await gw.gql(RequestNode, { id: globalId("MessageRequest", requestId) })).data
      .node;
    expect(node).toMatchObject({ mode: "RESERVATION" });
    const status = await client.request("GET", `/reservations/${requestId}/reserve-status`);
    expect(status.status).toBe(200);
    expect(status.body).toEqual({
      reserveId: requestId,
      reserveTimeZone: "Asia/Seoul",
      reserveTime: `${reserveTime.replace(" ", "T")}:00+09:00`,
      reserveStatus: "READY",
    });
  });

  it("reserveTimeZone is honoured (default Asia/Seoul)", async () => {
    const reserveTime = localIn(24 * 60, "America/New_York");
    const requestId = await sendOk(
      client,
      sms({ reserveTime, reserveTimeZone: "America/New_York" }),
    );
    const status = (await client.request("GET", `/reservations/${requestId}/reserve-status`)).body;
    expect(status.reserveTimeZone).toBe("America/New_York");
    expect(status.reserveTime).toMatch(
      new RegExp(`^${reserveTime.replace(" ", "T")}:00-0[45]:00$`),
    );
    const seoulDefault = await sendOk(client, sms({ reserveTime: localIn(24 * 60) }));
    expect(
      (await client.request("GET", `/reservations/${seoulDefault}/reserve-status`)).body
        .reserveTimeZone,
    ).toBe("Asia/Seoul");
  });

  it("DELETE cancels a READY reservation with 204; a second cancel is refused", async () => {
    const requestId = await sendOk(client, sms({ reserveTime: localIn(60) }));
    const r = await client.request("DELETE", `/reservations/${requestId}`);
    expect(r.status).toBe(204);
    expect(
      (await client.request("GET", `/reservations/${requestId}/reserve-status`)).body.reserveStatus,
    ).toBe("CANCELED");
    const again = await client.request("DELETE", `/reservations/${requestId}`);
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ status: 400, errorMessage: expect.any(String) });
  });

  it("a reservation within 10 minutes of its time can no longer be cancelled", async () => {
    const requestId = await sendOk(client, sms({ reserveTime: localIn(16) }));
    gw.clock.advance(8 * 60_000);
    try {
      const r = await client.request("DELETE", `/reservations/${requestId}`);
      expect(r.status).toBe(400);
      expect(
        (await client.request("GET", `/reservations/${requestId}/reserve-status`)).body
          .reserveStatus,
      ).toBe("READY");
    } finally {
      gw.clock.advance(-8 * 60_000);
    }
  });

  it("refuses a reserveTime in the past or malformed, writing nothing", async () => {
    for (const reserveTime of [localIn(-60), localIn(5), "tomorrow 10am"]) {
      const before = await counts();
      const r = await client.request("POST", "/messages", { json: sms({ reserveTime }) });
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ status: 400, errors: "VALIDATION_FAILED" });
      expect(await counts()).toEqual(before);
    }
  });

  it("an unknown reserveId, an immediate request's id, or another account's is not found", async () => {
    const immediate = await sendOk(client, sms());
    const theirs = await sendOk(otherClient, {
      ...sms({ from: "0311112222" }),
      reserveTime: localIn(24 * 60),
    });
    for (const id of ["cnosuchrequest00000000000", immediate, theirs]) {
      const status = await client.request("GET", `/reservations/${id}/reserve-status`);
      const cancel = await client.request("DELETE", `/reservations/${id}`);
      expect([status.status, cancel.status]).toEqual([404, 404]);
      expect(status.body).toMatchObject({ status: 404, errors: "NOT_FOUND" });
    }
    expect(
      (await otherClient.request("GET", `/reservations/${theirs}/reserve-status`)).body
        .reserveStatus,
    ).toBe("READY");
  });
});
