// docs/delivery-and-results.md, results and history: search by every filter, cursor pagination, request progress,
// a constant number of SQL statements per history page, and the 30-day purge.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { purgeHistory } from "../src/services/messages.ts";
import { sendMessage } from "../src/services/sending.ts";
import { graphql } from "./generated/index.ts";
import { approvedSender, completeOptOutService, globalId, project } from "./helpers/fixtures.ts";
import { startGateway, type TestGateway } from "./helpers/harness.ts";

const History = graphql(`
  query History($filter: MessageFilter, $first: Int, $after: String) {
    messages(filter: $filter, first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id to status content
          result { statusName statusCode statusMessage telcoCode completeTime }
          request { id type contentType from countryCode progress { total ready completed success fail done } project { id name } }
        }
      }
    }
  }
`);

let gw: TestGateway;
let sql: string[] = [];
let p1: { id: string };
let p2: { id: string };
const actor = () => ({ accountId: gw.demo.accountId, keyId: "test", role: "MEMBER" as const });
const base = {
  type: "SMS" as const,
  contentType: "COMM" as const,
  countryCode: "82",
  from: "0212345678",
  content: "hello",
  invalidRecipients: "REFUSE_ALL" as const,
};

beforeAll(async () => {
  gw = await startGateway({ env: { DISPATCHER: "false" }, onSql: (s) => sql.push(s) });
  p1 = await project(gw, gw.demo.accountId, "One");
  p2 = await project(gw, gw.demo.accountId, "Two");
  await approvedSender(gw, gw.demo.accountId, "0212345678");
  await approvedSender(gw, gw.demo.accountId, "0299998888");
  await completeOptOutService(gw, gw.demo.accountId, p1.id, "0801234567", ["01000000099"]);
  const list = (n: number, start = 0) =>
    Array.from({ length: n }, (_, i) => ({ to: `010${String(20_000_000 + start + i)}` }));
  // Advertising, so the opted-out recipient is completed at once (9001); nightConsent keeps the send valid at any hour.
  await sendMessage(gw.app.deps, actor(), {
    ...base,
    projectId: p1.id,
    contentType: "AD",
    content: "(광고) hello 080-123-4567",
    nightConsent: true,
    recipients: { list: [...list(59), { to: "01000000099" }] },
  });
  // A minute later (test/setup/clocks.ts resets clocks after tests, not after hooks).
  gw.clock.advance(60_000);
  try {
    await sendMessage(gw.app.deps, actor(), {
      ...base,
      projectId: p2.id,
      type: "LMS",
      from: "0299998888",
      recipients: { list: list(3, 100) },
    });
  } finally {
    gw.clock.reset();
  }
});
afterAll(async () => gw?.stop());

const ids = (r: Awaited<ReturnType<typeof page>>) => r.data.messages.edges.map((e) => e.node.to);
const page = (variables: Parameters<typeof gw.gql<unknown, unknown>>[1] & object) =>
  gw.gql(History, variables);

describe("history search", () => {
  it("lists the account's messages newest first with cursor pagination", async () => {
    const first = await page({ first: 40 });
    expect(first.data.messages.edges).toHaveLength(40);
    expect(first.data.messages.pageInfo.hasNextPage).toBe(true);
    const rest = await page({ first: 40, after: first.data.messages.pageInfo.endCursor });
    expect(rest.data.messages.edges).toHaveLength(23);
    expect(new Set([...ids(first), ...ids(rest)]).size).toBe(63);
    expect(first.data.messages.edges[0]?.node.request.project.name).toBe("Two");
  });

  it("filters by project, type, sender, recipient, status and result", async () => {
    expect(
      ids(await page({ first: 100, filter: { projectId: globalId("Project", p2.id) } })),
    ).toHaveLength(3);
    expect(ids(await page({ first: 100, filter: { type: "LMS" } }))).toHaveLength(3);
    expect(ids(await page({ first: 100, filter: { from: "02-9999-8888" } }))).toHaveLength(3);
    expect(ids(await page({ first: 100, filter: { to: "010-2000-0005" } }))).toEqual([
      "01020000005",
    ]);
    expect(ids(await page({ first: 100, filter: { result: "FAIL" } }))).toEqual(["01000000099"]);
    expect(ids(await page({ first: 100, filter: { status: "READY" } }))).toHaveLength(62);
    expect(ids(await page({ first: 100, filter: { contentType: "AD" } }))).toHaveLength(60);
    expect(ids(await page({ first: 100, filter: { contentType: "COMM" } }))).toHaveLength(3);
  });

  it("filters by request time range and by request id", async () => {
    const all = await page({ first: 100 });
    const lmsRequest = all.data.messages.edges[0]!.node.request;
    expect(ids(await page({ first: 100, filter: { requestId: lmsRequest.id } }))).toHaveLength(3);
    const cut = new Date(Date.now() + 30_000).toISOString();
    expect(ids(await page({ first: 100, filter: { requestedFrom: cut } }))).toHaveLength(3);
    expect(ids(await page({ first: 100, filter: { requestedTo: cut } }))).toHaveLength(60);
    const bad = await page({
      first: 100,
      filter: { requestedFrom: cut, requestedTo: new Date(0).toISOString() },
    });
    expect(bad.errors?.[0]?.message).toMatch(/requestedTo is earlier than requestedFrom/);
  });

  it("filters by completion time: only COMPLETED messages have one", async () => {
    // The opted-out recipient was completed at send time; the others are still READY.
    const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
    const inAMinute = new Date(Date.now() + 60_000).toISOString();
    expect(ids(await page({ first: 100, filter: { completedFrom: hourAgo } }))).toEqual([
      "01000000099",
    ]);
    expect(
      ids(
        await page({
          first: 100,
          filter: {
            completedFrom: hourAgo,
            completedTo: inAMinute,
            projectId: globalId("Project", p1.id),
          },
        }),
      ),
    ).toEqual(["01000000099"]);
    expect(ids(await page({ first: 100, filter: { completedTo: hourAgo } }))).toEqual([]);
    expect(ids(await page({ first: 100, filter: { completedFrom: inAMinute } }))).toEqual([]);
    const bad = await page({
      first: 100,
      filter: { completedFrom: inAMinute, completedTo: hourAgo },
    });
    expect(bad.errors?.[0]?.message).toMatch(/completedTo is earlier than completedFrom/);
  });

  it("shows results and per-request progress counts", async () => {
    const r = await page({ first: 1, filter: { result: "FAIL" } });
    const node = r.data.messages.edges[0]!.node;
    expect(node.result).toMatchObject({
      statusName: "fail",
      statusCode: "9001",
      statusMessage: "Recipient is on the project's opt-out list",
      telcoCode: null,
    });
    expect(node.request.progress).toEqual({
      total: 60,
      ready: 59,
      completed: 1,
      success: 0,
      fail: 1,
      done: false,
    });
  });

  it("never shows another account's messages", async () => {
    const other = await gw.newTenant("Other");
    const r = await gw.gql(History, { first: 100 }, other.memberKey);
    expect(r.data.messages.edges).toEqual([]);
    const byProject = await gw.gql(
      History,
      { first: 100, filter: { projectId: globalId("Project", p1.id) } },
      other.memberKey,
    );
    expect(byProject.data.messages.edges).toEqual([]);
  });
});

describe("batched loading", () => {
  it("a history page with nested request, progress and project runs the same number of SQL statements for 5 or 50 messages", async () => {
    const count = async (first: number) => {
      sql = [];
      const r = await page({ first });
      expect(r.data.messages.edges).toHaveLength(first);
      return sql.length;
    };
    const small = await count(5);
    const large = await count(50);
    expect(large).toBe(small);
    expect(large).toBeLessThanOrEqual(10);
  });
});

describe("retention", () => {
  it("purges requests and their messages 30 days after the request time, not before", async () => {
    const before = await gw.app.deps.db.message.count();
    gw.clock.advance(29 * 24 * 3600 * 1000);
    expect(await purgeHistory(gw.app.deps)).toBe(0);
    gw.clock.advance(24 * 3600 * 1000 + 120_000);
    expect(await purgeHistory(gw.app.deps)).toBe(2);
    expect(before).toBe(63);
    expect(await gw.app.deps.db.message.count()).toBe(0);
    expect(await gw.app.deps.db.messageStatusEvent.count()).toBe(0);
    gw.clock.set(new Date());
  });
});
