// docs/webhooks.md through the real server: every webhook mutation answers with any field of
// its result, computed ones (lag, status, the project, the delivery log) included, without
// Pothos' "Prisma query was unused" warning; and the delivery log pages by an opaque
// (createdAt, id) cursor that neither skips nor repeats attempts logged in one millisecond.
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  type MockInstance,
  vi,
} from "vitest";
import { OffsetClock } from "../src/clock.ts";
import { globalId, project } from "./helpers/fixtures.ts";
import { ok, startGateway, type TestGateway } from "./helpers/harness.ts";
import { startReceiver, type Receiver } from "./helpers/webhookReceiver.ts";

/** An OffsetClock that can also stand still, so that many writes share one timestamp. */
class StoppableClock extends OffsetClock {
  private stoppedAt: Date | null = null;
  override now(): Date {
    return this.stoppedAt ? new Date(this.stoppedAt) : super.now();
  }
  stop(at: Date): void {
    this.stoppedAt = at;
  }
  override reset(): void {
    this.stoppedAt = null;
    super.reset();
  }
}

const SECRET_KEY = Buffer.alloc(32, 3).toString("base64");
const clock = new StoppableClock();
let gw: TestGateway;
let rx: Receiver;
let warn: MockInstance<typeof console.warn>;

beforeAll(async () => {
  rx = await startReceiver();
  gw = await startGateway({
    clock,
    env: { SECRET_KEY, WEBHOOK_ALLOW_HTTP: "true", WEBHOOK_ALLOW_PRIVATE_URLS: "true" },
  });
});
afterAll(async () => {
  await gw?.stop();
  await rx?.close();
});
beforeEach(() => {
  warn = vi.spyOn(console, "warn");
});
afterEach(() => {
  const unused = warn.mock.calls.filter((c) => String(c[0]).includes("Prisma query was unused"));
  warn.mockRestore();
  expect(unused).toEqual([]);
});

// Every computed field of the endpoint: the lags select the project's heads, status reads
// several columns, project and deliveries are relations.
const ENDPOINT = `id url status enabled lag messageStatusLag projectEventLag cursorSeq
  projectEventCursorSeq eventTypes project { id name }
  deliveries(first: 2) { pageInfo { hasNextPage } edges { node { outcome statusCode } } }`;
const ERR = `... on Error { code message }`;

const CREATE = `mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) {
  __typename ... on MutationCreateWebhookEndpointSuccess { data { secret endpoint { ${ENDPOINT} } } } ${ERR} } }`;
const UPDATE = `mutation($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $input) {
  __typename ... on MutationUpdateWebhookEndpointSuccess { data { ${ENDPOINT} } } ${ERR} } }`;
const ROTATE = `mutation($id: ID!) { rotateWebhookSecret(id: $id) {
  __typename ... on MutationRotateWebhookSecretSuccess { data { secret previousValidUntil endpoint { ${ENDPOINT} previousSecretValidUntil } } } ${ERR} } }`;
const REPLAY = `mutation($input: ReplayWebhookEndpointInput!) { replayWebhookEndpoint(input: $input) {
  __typename ... on MutationReplayWebhookEndpointSuccess { data { ${ENDPOINT} } } ${ERR} } }`;
const TEST_EVENT = `mutation($id: ID!) { sendTestWebhookEvent(id: $id) {
  __typename ... on MutationSendTestWebhookEventSuccess { data { webhookId outcome statusCode events createdAt } } ${ERR} } }`;
const DELETE = `mutation($id: ID!) { deleteWebhookEndpoint(id: $id) {
  __typename ... on MutationDeleteWebhookEndpointSuccess { data { endpointId } } ${ERR} } }`;

type Json = Record<string, unknown>;

async function run(doc: string, variables: Json): Promise<Json> {
  const res = await gw.gql<Record<string, Json>, Json>(doc, variables);
  expect(res.errors).toBeUndefined();
  return Object.values(res.data)[0]!;
}

async function newEndpoint(name: string): Promise<{ id: string; projectId: string }> {
  const p = await project(gw, gw.demo.accountId, name);
  const created = ok(
    (await run(CREATE, {
      input: {
        projectId: globalId("Project", p.id),
        url: `${rx.url}/${name}`,
        eventTypes: ["MESSAGE_STATUS"],
      },
    })) as { __typename: string; data: { endpoint: { id: string } } },
  );
  return { id: created.endpoint.id, projectId: globalId("Project", p.id) };
}

describe("webhook mutation results", () => {
  it("every mutation answers its computed fields (lag, status, project, deliveries)", async () => {
    const p = await project(gw, gw.demo.accountId, "results");
    const projectId = globalId("Project", p.id);
    const created = await run(CREATE, {
      input: { projectId, url: `${rx.url}/results`, eventTypes: ["MESSAGE_STATUS"] },
    });
    const base = {
      status: "ACTIVE",
      lag: 0,
      messageStatusLag: 0,
      projectEventLag: 0,
      project: { id: projectId, name: "results" },
    };
    expect(created).toMatchObject({ data: { endpoint: base } });
    const id = (created as { data: { endpoint: { id: string } } }).data.endpoint.id;

    const tested = await run(TEST_EVENT, { id });
    expect(tested).toMatchObject({ data: { outcome: "TEST", statusCode: 200, events: 1 } });

    const updated = await run(UPDATE, {
      input: { id, enabled: false, eventTypes: ["ARS_OPT_OUT"] },
    });
    expect(updated).toMatchObject({
      data: {
        ...base,
        status: "DISABLED",
        enabled: false,
        eventTypes: ["ARS_OPT_OUT"],
        deliveries: { pageInfo: { hasNextPage: false }, edges: [{ node: { outcome: "TEST" } }] },
      },
    });

    const rotated = await run(ROTATE, { id });
    expect(rotated).toMatchObject({ data: { endpoint: { ...base, status: "DISABLED" } } });
    const r = rotated as { data: { previousValidUntil: string; endpoint: Json } };
    expect(r.data.endpoint.previousSecretValidUntil).toBe(r.data.previousValidUntil);

    const replayed = await run(REPLAY, { input: { id, fromTime: new Date(0).toISOString() } });
    expect(replayed).toMatchObject({ data: { ...base, status: "DISABLED", cursorSeq: 0 } });

    expect(await run(DELETE, { id })).toMatchObject({ data: { endpointId: id } });
  });

  it("a typed error stays a typed error with the full selection", async () => {
    const { id } = await newEndpoint("errors");
    expect(await run(DELETE, { id })).toMatchObject({ data: { endpointId: id } });
    for (const [doc, variables] of [
      [UPDATE, { input: { id, enabled: true } }],
      [REPLAY, { input: { id, fromSeq: 1 } }],
      [ROTATE, { id }],
      [TEST_EVENT, { id }],
      [DELETE, { id }],
    ] as const)
      expect(await run(doc, variables)).toMatchObject({ code: "NOT_FOUND" });
  });
});

const PAGE = `query($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {
  node(id: $id) { ... on WebhookEndpoint {
    deliveries(first: $first, after: $after, last: $last, before: $before) {
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { webhookId createdAt } } } } } }`;

interface Page {
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
  edges: { cursor: string; node: { webhookId: string; createdAt: string } }[];
}

async function page(id: string, args: Json): Promise<Page> {
  const res = await gw.gql<{ node: { deliveries: Page } }, Json>(PAGE, { id, ...args });
  expect(res.errors).toBeUndefined();
  return res.data.node.deliveries;
}

describe("delivery log paging", () => {
  it("pages through attempts sharing one millisecond without skipping or repeating", async () => {
    const { id } = await newEndpoint("paging");
    // 7 attempts at one instant between 2 older and 2 newer ones: pages of 3 cut through it.
    const t0 = new Date(Date.now() - 60_000);
    const sent: string[] = [];
    const at = async (ms: number) => {
      clock.stop(new Date(t0.getTime() + ms));
      const r = (await run(TEST_EVENT, { id })) as { data: { webhookId: string } };
      sent.push(r.data.webhookId);
    };
    for (const ms of [0, 1]) await at(ms);
    for (let i = 0; i < 7; i++) await at(5);
    for (const ms of [9, 10]) await at(ms);
    const newestFirst = sent.slice().reverse();

    const seen: Page["edges"] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const p: Page = await page(id, { first: 3, after });
      seen.push(...p.edges);
      pages++;
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor;
    }
    expect(pages).toBe(4);
    const ids = seen.map((e) => e.node.webhookId);
    expect(new Set(ids).size).toBe(sent.length);
    expect(ids.slice().sort()).toEqual(sent.slice().sort());
    // Newest first by time; within the shared millisecond, one stable order.
    const times = seen.map((e) => Date.parse(e.node.createdAt));
    expect(times).toEqual(times.slice().sort((a, b) => b - a));
    expect(ids.slice(0, 2)).toEqual(newestFirst.slice(0, 2));
    expect(ids.slice(-2)).toEqual(newestFirst.slice(-2));

    // Backwards from the end gives the same sequence; a page before a cursor ends next to it.
    const back: string[] = [];
    let before: string | null = null;
    for (;;) {
      const p: Page = await page(id, { last: 4, before });
      back.unshift(...p.edges.map((e) => e.node.webhookId));
      if (!p.pageInfo.hasPreviousPage) break;
      before = p.pageInfo.startCursor;
    }
    expect(back).toEqual(ids);
    const middle = seen[5]!.cursor;
    const next = await page(id, { first: 2, after: middle });
    expect(next.edges.map((e) => e.node.webhookId)).toEqual(ids.slice(6, 8));
  });

  it("a bad cursor is refused, not answered with a silent empty page", async () => {
    const { id } = await newEndpoint("bad-cursor");
    const res = await gw.gql<unknown, Json>(PAGE, { id, first: 2, after: "not-a-cursor" });
    expect(res.errors?.length).toBeGreaterThan(0);
  });
});
