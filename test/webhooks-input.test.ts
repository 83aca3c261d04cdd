// docs/webhooks.md#safe-targets and #limits: unsafe URLs are refused at creation (typed
// ValidationError, nothing written) and again at delivery (a row whose URL now points at a
// private address, as after DNS rebinding, is never POSTed to); bad input and the
// per-project limit are typed errors that write nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../src/services/deps.ts";
import { sendMessage } from "../src/services/sending.ts";
import { newId } from "../src/ids.ts";
import { sealSecret } from "../src/webhooks/secrets.ts";
import { newSecret } from "../src/webhooks/signing.ts";
import { isPublicAddress, resolveTarget } from "../src/webhooks/targets.ts";
import { eventually } from "./helpers/eventually.ts";
import { approvedSender, globalId, project } from "./helpers/fixtures.ts";
import { startGateway, type TestGateway } from "./helpers/harness.ts";
import { startReceiver, type Receiver } from "./helpers/webhookReceiver.ts";

const SECRET_KEY = Buffer.alloc(32, 5).toString("base64");
let gw: TestGateway;
let rx: Receiver;

beforeAll(async () => {
  rx = await startReceiver();
  // http allowed (the receiver is plain http), private addresses not.
  gw = await startGateway({
    env: {
      SECRET_KEY,
      WEBHOOK_ALLOW_HTTP: "true",
      WEBHOOK_POLL_MS: "10",
      WEBHOOK_ENDPOINTS_PER_PROJECT: "2",
    },
  });
  await approvedSender(gw, gw.demo.accountId);
});
afterAll(async () => {
  await gw?.stop();
  await rx?.close();
});

const CREATE = `mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) {
  __typename ... on Error { code message } ... on ValidationError { issues { path message } }
  ... on LimitExceededError { limit current } } }`;

type Result = { __typename: string; code?: string; message?: string; limit?: number };

async function create(projectId: string, input: Record<string, unknown>): Promise<Result> {
  const res = await gw.gql<{ createWebhookEndpoint: Result }, unknown>(CREATE, {
    input: {
      projectId: globalId("Project", projectId),
      eventTypes: ["MESSAGE_STATUS"],
      ...input,
    },
  });
  return res.data.createWebhookEndpoint;
}

describe("safe targets", () => {
  const strict = { allowHttp: false, allowPrivateUrls: false };

  it("classifies loopback, private, link-local, metadata and mapped addresses as not public", () => {
    for (const a of [
      "127.0.0.1",
      "10.1.2.3",
      "172.16.0.1",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "::1",
      "fe80::1",
      "fd00:ec2::254",
      "::ffff:127.0.0.1",
    ])
      expect(isPublicAddress(a), a).toBe(false);
    for (const a of ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111"])
      expect(isPublicAddress(a), a).toBe(true);
  });

  it("refuses http without WEBHOOK_ALLOW_HTTP, credentials, and names resolving to loopback", async () => {
    await expect(resolveTarget("http://8.8.8.8/hook", strict)).rejects.toThrow(/must be https/);
    await expect(resolveTarget("https://u:p@8.8.8.8/", strict)).rejects.toThrow(/credentials/);
    await expect(resolveTarget("https://localhost/hook", strict)).rejects.toThrow(/not a public/);
    await expect(resolveTarget("https://[::1]/hook", strict)).rejects.toThrow(/not a public/);
    await expect(resolveTarget("https://169.254.169.254/latest", strict)).rejects.toThrow(
      /not a public/,
    );
    await expect(resolveTarget("https://8.8.8.8/hook", strict)).resolves.toMatchObject({
      address: "8.8.8.8",
    });
  });

  it("createWebhookEndpoint refuses a private URL without the flag and writes nothing", async () => {
    const p = await project(gw, gw.demo.accountId, "ssrf");
    const r = await create(p.id, { url: `${rx.url}/private` });
    expect(r).toMatchObject({ __typename: "ValidationError", code: "VALIDATION_FAILED" });
    expect(r.message).toMatch(/127\.0\.0\.1, which is not a public address/);
    expect(await gw.app.deps.db.webhookEndpoint.count({ where: { projectId: p.id } })).toBe(0);
  });

  it("a stored URL that now points at a private address is refused at delivery, never POSTed", async () => {
    const p = await project(gw, gw.demo.accountId, "rebind");
    // As if the name resolved to a public address at creation and to 127.0.0.1 now.
    const id = newId();
    const e = await gw.app.deps.db.webhookEndpoint.create({
      data: {
        id,
        accountId: gw.demo.accountId,
        projectId: p.id,
        url: `${rx.url}/rebound`,
        eventTypes: "MESSAGE_STATUS",
        secretSealed: sealSecret(gw.app.deps, id, newSecret()),
      },
    });
    const actor: Actor = { accountId: gw.demo.accountId, keyId: "t", role: "MEMBER" };
    await sendMessage(gw.app.deps, actor, {
      projectId: p.id,
      type: "SMS",
      contentType: "COMM",
      countryCode: "82",
      from: "0212345678",
      content: "hi",
      recipients: { list: [{ to: "01012345678" }] },
      invalidRecipients: "REFUSE_ALL",
    });
    gw.app.deps.queued.notify();
    const attempt = await eventually(
      () => gw.app.deps.db.webhookAttempt.findFirst({ where: { endpointId: e.id } }),
      (a) => a !== null,
      "a refused attempt",
    );
    expect(attempt).toMatchObject({ outcome: "REFUSED", statusCode: null });
    expect(attempt!.response).toMatch(/not a public address/);
    expect(rx.received.filter((r) => r.path.startsWith("/rebound"))).toEqual([]);
  });
});

describe("bad input and limits", () => {
  it("bad URL, no event types, a long description or a bad batch size are typed and write nothing", async () => {
    const p = await project(gw, gw.demo.accountId, "bad");
    const cases: Record<string, unknown>[] = [
      { url: "not a url" },
      { url: "ftp://example.com/x" },
      { url: "https://8.8.8.8/x", eventTypes: [] },
      { url: "https://8.8.8.8/x", description: "x".repeat(501) },
      { url: "https://8.8.8.8/x", batchSize: 0 },
      { url: "https://8.8.8.8/x", batchSize: 1001 },
    ];
    for (const c of cases)
      expect(await create(p.id, c), JSON.stringify(c)).toMatchObject({
        __typename: "ValidationError",
      });
    const unknown = await create("nope", { url: "https://8.8.8.8/x" });
    expect(unknown).toMatchObject({ __typename: "NotFoundError" });
    expect(await gw.app.deps.db.webhookEndpoint.count({ where: { projectId: p.id } })).toBe(0);
  });

  it("WEBHOOK_ENDPOINTS_PER_PROJECT endpoints at most", async () => {
    const p = await project(gw, gw.demo.accountId, "limit");
    for (let i = 0; i < 2; i++)
      expect(await create(p.id, { url: `https://8.8.8.8/${i}` })).toMatchObject({
        __typename: "MutationCreateWebhookEndpointSuccess",
      });
    expect(await create(p.id, { url: "https://8.8.8.8/3" })).toMatchObject({
      __typename: "LimitExceededError",
      limit: 2,
    });
    expect(await gw.app.deps.db.webhookEndpoint.count({ where: { projectId: p.id } })).toBe(2);
  });

  it("another account's endpoint is not found for update, rotate, replay, delete", async () => {
    const p = await project(gw, gw.demo.accountId, "tenancy");
    await create(p.id, { url: "https://8.8.8.8/t" });
    const e = await gw.app.deps.db.webhookEndpoint.findFirstOrThrow({ where: { projectId: p.id } });
    const other = await gw.newTenant("Other");
    const id = globalId("WebhookEndpoint", e.id);
    const res = await gw.gql<Record<string, { __typename: string }>, unknown>(
      `mutation($id: ID!) {
        a: rotateWebhookSecret(id: $id) { __typename }
        b: deleteWebhookEndpoint(id: $id) { __typename }
        c: replayWebhookEndpoint(input: { id: $id, fromSeq: 1 }) { __typename }
        d: updateWebhookEndpoint(input: { id: $id, enabled: false }) { __typename } }`,
      { id },
      other.memberKey,
    );
    expect(Object.values(res.data).map((x) => x.__typename)).toEqual(
      Array(4).fill("NotFoundError"),
    );
    const after = await gw.app.deps.db.webhookEndpoint.findUniqueOrThrow({ where: { id: e.id } });
    expect(after).toMatchObject({ enabled: true, secretSealed: e.secretSealed });
  });

  it("replay needs exactly one of fromSeq and fromTime", async () => {
    const p = await project(gw, gw.demo.accountId, "replay-input");
    await create(p.id, { url: "https://8.8.8.8/r" });
    const e = await gw.app.deps.db.webhookEndpoint.findFirstOrThrow({ where: { projectId: p.id } });
    const id = globalId("WebhookEndpoint", e.id);
    const res = await gw.gql<Record<string, { __typename: string }>, unknown>(
      `mutation($id: ID!) {
        a: replayWebhookEndpoint(input: { id: $id }) { __typename }
        b: replayWebhookEndpoint(input: { id: $id, fromSeq: 0 }) { __typename }
        c: replayWebhookEndpoint(input: { id: $id, fromSeq: 1, fromTime: "2026-01-01T00:00:00Z" }) { __typename } }`,
      { id },
    );
    expect(Object.values(res.data).map((x) => x.__typename)).toEqual(
      Array(3).fill("ValidationError"),
    );
    const after = await gw.app.deps.db.webhookEndpoint.findUniqueOrThrow({ where: { id: e.id } });
    expect(after.epoch).toBe(0);
  });
});
