// docs/webhooks.md, through the real gateway, database and a real HTTP receiver: signed
// (verified with the `standardwebhooks` package), complete and in seq order, retried until
// the receiver recovers (the clock moves instead of waiting out the backoff), disabled on
// 410 and after the retry period, rotation overlap, replay and the test event.
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { secretBoxFor } from "../src/secretKey.ts";
import type { Actor } from "../src/services/deps.ts";
import { sendMessage } from "../src/services/sending.ts";
import { webhookDeps } from "../src/webhooks/deps.ts";
import { WebhookWorker } from "../src/webhooks/worker.ts";
import { eventually } from "./helpers/eventually.ts";
import { approvedSender, globalId, project } from "./helpers/fixtures.ts";
import { ok, startGateway, type TestGateway } from "./helpers/harness.ts";
import { accepted, startReceiver, type Receiver } from "./helpers/webhookReceiver.ts";

const SECRET_KEY = Buffer.alloc(32, 9).toString("base64");
let gw: TestGateway;
let rx: Receiver;

beforeAll(async () => {
  rx = await startReceiver();
  gw = await startGateway({
    env: {
      SECRET_KEY,
      WEBHOOK_ALLOW_HTTP: "true",
      WEBHOOK_ALLOW_PRIVATE_URLS: "true",
      WEBHOOK_POLL_MS: "10",
    },
  });
  await approvedSender(gw, gw.demo.accountId);
});
afterAll(async () => {
  await gw?.stop();
  await rx?.close();
});

const CREATE = `mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) {
  __typename ... on MutationCreateWebhookEndpointSuccess { data { secret endpoint { id status lag cursorSeq } } }
  ... on Error { code message } } }`;

interface Endpoint {
  id: string;
  dbId: string;
  secret: string;
  path: string;
}

async function endpoint(
  projectId: string,
  path: string,
  extra: Record<string, unknown> = {},
): Promise<Endpoint> {
  const res = await gw.gql<{ createWebhookEndpoint: unknown }, unknown>(CREATE, {
    input: {
      projectId: globalId("Project", projectId),
      url: `${rx.url}${path}`,
      eventTypes: ["MESSAGE_STATUS", "REQUEST_COMPLETED"],
      ...extra,
    },
  });
  const data = ok(
    res.data.createWebhookEndpoint as {
      __typename: string;
      data: { secret: string; endpoint: { id: string } };
    },
  );
  const dbId = Buffer.from(data.endpoint.id, "base64").toString().split(":")[1]!;
  return { id: data.endpoint.id, dbId, secret: data.secret, path };
}

const numbers = (n: number, base: number) =>
  Array.from({ length: n }, (_, i) => `010${String(base + i).padStart(8, "0")}`);

async function send(projectId: string, to: string[]): Promise<string> {
  const actor: Actor = { accountId: gw.demo.accountId, keyId: "test", role: "MEMBER" };
  const { requestId } = await sendMessage(gw.app.deps, actor, {
    projectId,
    type: "SMS",
    contentType: "COMM",
    countryCode: "82",
    from: "0212345678",
    content: "hello",
    recipients: { list: to.map((n) => ({ to: n })) },
    invalidRecipients: "REFUSE_ALL",
  });
  gw.app.deps.queued.notify();
  return requestId;
}

interface Ev {
  id: string;
  type: string;
  seq: number;
  data: Record<string, unknown>;
}

/** Every accepted request of the path, verified; the events they carried, in arrival order. */
function verifiedEvents(e: Endpoint, secret = e.secret): Ev[] {
  const wh = new Webhook(secret);
  return accepted(rx, e.path).flatMap((r) => {
    const body = wh.verify(r.body, r.headers as Record<string, string>) as Ev & {
      data: { events?: Ev[] };
    };
    expect(r.headers["webhook-id"]).toBe(body.id);
    return body.type === "batch" ? body.data.events! : [body];
  });
}

/** Keeps the first of each event id; the order must already be seq order. */
const dedupe = (events: Ev[]) => [...new Map(events.map((x) => [x.id, x])).values()];

function expectInOrder(events: Ev[]) {
  for (let i = 1; i < events.length; i++) {
    const [a, b] = [events[i - 1]!, events[i]!];
    expect(a.seq < b.seq || (a.seq === b.seq && b.type === "request.completed")).toBe(true);
  }
}

describe("webhook delivery", () => {
  it("a test event arrives signed with the secret shown once", async () => {
    const p = await project(gw, gw.demo.accountId, "test-event");
    const e = await endpoint(p.id, "/test");
    expect(e.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const res = await gw.gql<
      { sendTestWebhookEvent: { data: { outcome: string; statusCode: number } } },
      unknown
    >(
      `mutation($id: ID!) { sendTestWebhookEvent(id: $id) { ... on MutationSendTestWebhookEventSuccess { data { outcome statusCode } } } }`,
      { id: e.id },
    );
    expect(res.data.sendTestWebhookEvent.data).toEqual({ outcome: "TEST", statusCode: 200 });
    const [event] = verifiedEvents(e);
    expect(event).toMatchObject({ type: "webhook.test" });
    expect(() => verifiedEvents(e, `whsec_${Buffer.alloc(32, 1).toString("base64")}`)).toThrow();
  });

  it("1,000 messages arrive complete and in seq order, unbatched and batched, one request at a time per endpoint", async () => {
    const p = await project(gw, gw.demo.accountId, "bulk");
    const single = await endpoint(p.id, "/bulk-single");
    const batched = await endpoint(p.id, "/bulk-batched", { batchSize: 100 });
    // A second worker races the gateway's own: the lease keeps them off the same endpoint.
    const extra = new WebhookWorker(webhookDeps(gw.app.deps), {
      ...gw.app.config.webhooks,
      pollMs: 5,
    }).start();
    try {
      const requestId = await send(p.id, numbers(1000, 30_000_000));
      for (const e of [single, batched]) {
        // Counted cheaply while waiting (verifying is CPU work in this very process), then verified.
        await eventually(
          () =>
            accepted(rx, e.path).reduce((n, r) => n + (r.body.match(/"seq":/g)?.length ?? 0), 0),
          (n) => n >= 2001,
          `all events at ${e.path}`,
          90_000,
        );
        const events = dedupe(verifiedEvents(e));
        expect(events).toHaveLength(2001);
        expectInOrder(events);
        expect(events.map((x) => x.seq).filter((s, i, a) => a.indexOf(s) === i)).toEqual(
          Array.from({ length: 2000 }, (_, i) => i + 1),
        );
        const last = events.at(-1)!;
        expect(last).toMatchObject({ type: "request.completed", data: { requestId, total: 1000 } });
        expect((last.data.success as number) + (last.data.fail as number)).toBe(1000);
      }
      expect(accepted(rx, batched.path).length).toBeLessThanOrEqual(40);
    } finally {
      await extra.stop();
    }
    // The cursor moves after the receiver's 2xx is handled: the last batch may still be
    // committing when the receiver has seen it.
    const lag = await eventually(
      () =>
        gw.gql<{ node: { lag: number; status: string } }, unknown>(
          `query($id: ID!) { node(id: $id) { ... on WebhookEndpoint { lag status } } }`,
          { id: single.id },
        ),
      (r) => r.data.node.lag === 0,
      "lag 0",
    );
    expect(lag.data.node).toEqual({ lag: 0, status: "ACTIVE" });
    // Two workers, yet never two requests to one endpoint at once.
    expect([rx.maxConcurrent.get(single.path), rx.maxConcurrent.get(batched.path)]).toEqual([1, 1]);
  }, 120_000);

  it("a receiver answering 500 for a while gets everything once it recovers", async () => {
    const p = await project(gw, gw.demo.accountId, "flaky");
    const e = await endpoint(p.id, "/flaky");
    let failing = true;
    const previous = rx.respond;
    rx.respond = (r) =>
      r.path === e.path && failing ? { status: 500, body: "down for maintenance" } : previous(r);
    try {
      await send(p.id, numbers(5, 31_000_000));
      for (let i = 0; i < 3; i++) {
        const n = await gw.app.deps.db.webhookAttempt.count({ where: { endpointId: e.dbId } });
        await eventually(
          () => gw.app.deps.db.webhookAttempt.count({ where: { endpointId: e.dbId } }),
          (c) => c > n,
          "another failed attempt",
        );
        gw.clock.advance(2 * 3_600_000); // past any backoff (≤ 1 h)
      }
      const row = await gw.app.deps.db.webhookEndpoint.findUniqueOrThrow({ where: { id: e.dbId } });
      expect(row).toMatchObject({ enabled: true, cursorSeq: 0, lastError: "HTTP 500" });
      const log = await gw.app.deps.db.webhookAttempt.findFirstOrThrow({
        where: { endpointId: e.dbId },
      });
      expect(log).toMatchObject({
        outcome: "RETRY",
        statusCode: 500,
        response: "down for maintenance",
      });
      failing = false;
      gw.clock.advance(2 * 3_600_000);
      await eventually(
        () => new Set(accepted(rx, e.path).map((r) => r.headers["webhook-id"])).size,
        (n) => n >= 11,
        "all events after recovery",
      );
      const events = dedupe(verifiedEvents(e));
      expect(events).toHaveLength(11);
      expectInOrder(events);
    } finally {
      rx.respond = previous;
    }
  });

  it("a secret sealed under another SECRET_KEY disables the endpoint, sends nothing unsigned, and rotating mends it", async () => {
    const p = await project(gw, gw.demo.accountId, "unreadable");
    const e = await endpoint(p.id, "/unreadable");
    const other = secretBoxFor({ ...gw.app.config, secretKey: Buffer.alloc(32, 4) });
    await gw.app.deps.db.webhookEndpoint.update({
      where: { id: e.dbId },
      data: { secretSealed: other.seal("whsec_AAAA", `webhook:${e.dbId}`) },
    });
    await send(p.id, numbers(1, 33_000_000));
    const row = await eventually(
      () => gw.app.deps.db.webhookEndpoint.findUniqueOrThrow({ where: { id: e.dbId } }),
      (x) => !x.enabled,
      "disabled endpoint",
    );
    expect(row.disabledReason).toMatch(/^SECRET_UNREADABLE/);
    expect(row).toMatchObject({ cursorSeq: 0, leaseOwner: null });
    expect(rx.received.filter((r) => r.path.startsWith(e.path))).toEqual([]);
    // A new secret signs; the unreadable one is dropped from the overlap instead of failing.
    const rotated = await gw.gql<{ rotateWebhookSecret: { data: { secret: string } } }, unknown>(
      `mutation($id: ID!) { rotateWebhookSecret(id: $id) { ... on MutationRotateWebhookSecretSuccess { data { secret } } } }`,
      { id: e.id },
    );
    await gw.gql(
      `mutation($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $input) { __typename } }`,
      { input: { id: e.id, enabled: true } },
    );
    const secret = rotated.data.rotateWebhookSecret.data.secret;
    await eventually(
      () => dedupe(verifiedEvents(e, secret)).length,
      (n) => n >= 3,
      "the events, signed with the new secret",
    );
  });

  it("410 Gone disables the endpoint at once, with the reason", async () => {
    const p = await project(gw, gw.demo.accountId, "gone");
    const e = await endpoint(p.id, "/gone");
    const previous = rx.respond;
    rx.respond = (r) => (r.path === e.path ? { status: 410 } : previous(r));
    try {
      await send(p.id, numbers(1, 32_000_000));
      const row = await eventually(
        () => gw.app.deps.db.webhookEndpoint.findUniqueOrThrow({ where: { id: e.dbId } }),
        (x) => !x.enabled,
        "disabled endpoint",
      );
      expect(row.disabledReason).toMatch(/^GONE/);
      const status = await gw.gql<{ node: { status: string } }, unknown>(
        `query($id: ID!) { node(id: $id) { ... on WebhookEndpoint { status } } }`,
        { id: e.id },
      );
      expect(status.data.node.status).toBe("DISABLED");
    } finally {
      rx.respond = previous;
    }
  });

  it("failing for the whole retry period disables the endpoint with the reason", async () => {
    const p = await project(gw, gw.demo.accountId, "dead");
    const e = await endpoint(p.id, "/dead");
    const previous = rx.respond;
    rx.respond = (r) =>
      r.path === e.path ? { status: 503, headers: { "retry-after": "7200" } } : previous(r);
    try {
      await send(p.id, numbers(1, 33_000_000));
      await eventually(
        () => gw.app.deps.db.webhookEndpoint.findUniqueOrThrow({ where: { id: e.dbId } }),
        (x) => x.failures >= 1,
        "a first failure",
      );
      const first = await gw.app.deps.db.webhookEndpoint.findUniqueOrThrow({
        where: { id: e.dbId },
      });
      // Retry-After: 7200 is honoured (the backoff alone would be 5 s).
      expect(first.nextAttemptAt.getTime() - gw.clock.now().getTime()).toBeGreaterThan(7000_000);
      gw.clock.advance(25 * 3_600_000);
      const row = await eventually(
        () => gw.app.deps.db.webhookEndpoint.findUniqueOrThrow({ where: { id: e.dbId } }),
        (x) => !x.enabled,
        "disabled endpoint",
      );
      expect(row.disabledReason).toMatch(/^FAILING: no successful delivery since .*HTTP 503/);
    } finally {
      rx.respond = previous;
    }
  });

  it("after a rotation both secrets verify for the overlap, then only the new one", async () => {
    const p = await project(gw, gw.demo.accountId, "rotate");
    const e = await endpoint(p.id, "/rotate");
    const res = await gw.gql<{ rotateWebhookSecret: { data: { secret: string } } }, unknown>(
      `mutation($id: ID!) { rotateWebhookSecret(id: $id) { ... on MutationRotateWebhookSecretSuccess { data { secret previousValidUntil } } } }`,
      { id: e.id },
    );
    const fresh = res.data.rotateWebhookSecret.data.secret;
    expect(fresh).not.toBe(e.secret);
    await send(p.id, numbers(1, 34_000_000));
    await eventually(
      () => accepted(rx, e.path).length,
      (n) => n >= 2,
      "events",
    );
    expect(verifiedEvents(e, fresh)).toHaveLength(accepted(rx, e.path).length);
    expect(verifiedEvents(e, e.secret)).toHaveLength(accepted(rx, e.path).length);
    gw.clock.advance(25 * 3_600_000);
    await send(p.id, numbers(1, 34_100_000));
    const seen = accepted(rx, e.path).length;
    await eventually(
      () => accepted(rx, e.path).length,
      (n) => n >= seen + 2,
      "later events",
    );
    const later = { ...e, path: e.path };
    rx.received = rx.received.filter(
      (r) => r.path !== e.path || accepted(rx, e.path).indexOf(r) >= seen,
    );
    expect(verifiedEvents(later, fresh).length).toBeGreaterThanOrEqual(2);
    expect(() => verifiedEvents(later, e.secret)).toThrow();
  });

  it("replay from a seq delivers again from there, in order", async () => {
    const p = await project(gw, gw.demo.accountId, "replay");
    const e = await endpoint(p.id, "/replay", { eventTypes: ["MESSAGE_STATUS"] });
    await send(p.id, numbers(3, 35_000_000));
    await eventually(
      () => accepted(rx, e.path).length,
      (n) => n >= 6,
      "first delivery",
    );
    const res = await gw.gql<{ replayWebhookEndpoint: { data: { cursorSeq: number } } }, unknown>(
      `mutation($input: ReplayWebhookEndpointInput!) { replayWebhookEndpoint(input: $input) { ... on MutationReplayWebhookEndpointSuccess { data { cursorSeq } } ... on Error { code } } }`,
      { input: { id: e.id, fromSeq: 3 } },
    );
    expect(res.data.replayWebhookEndpoint.data.cursorSeq).toBe(2);
    await eventually(
      () => accepted(rx, e.path).length,
      (n) => n >= 10,
      "replayed events",
    );
    const events = verifiedEvents(e);
    expect(events.map((x) => x.seq)).toEqual([1, 2, 3, 4, 5, 6, 3, 4, 5, 6]);
    expect(events.slice(6).map((x) => x.id)).toEqual(events.slice(2, 6).map((x) => x.id));
  });

  it("/metrics counts deliveries by outcome and shows the lag", async () => {
    const text = await (await fetch(`${gw.app.url}/metrics`)).text();
    const value = (line: string) => Number(new RegExp(`^${line} (\\S+)$`, "m").exec(text)?.[1]);
    // Only the gateway's own worker counts (the bulk test's extra worker has no registry).
    expect(value('smsgw_webhook_deliveries_total\\{outcome="SUCCESS"\\}')).toBeGreaterThan(10);
    expect(value('smsgw_webhook_deliveries_total\\{outcome="GONE"\\}')).toBe(1);
    expect(value('smsgw_webhook_deliveries_total\\{outcome="RETRY"\\}')).toBeGreaterThanOrEqual(3);
    expect(value('smsgw_webhook_lag_events\\{stat="max"\\}')).toBeGreaterThanOrEqual(0);
  });
});
