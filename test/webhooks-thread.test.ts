// Webhook delivery in its own worker thread (WEBHOOK_THREAD=true, the default outside the
// in-process test gateways; docs/webhooks.md#where-delivery-runs): a real gateway whose
// dispatcher delivers 300 messages while the thread POSTs their events to a real receiver,
// verified with `standardwebhooks`. What crosses the thread border is checked through the
// gateway: the lag notices (on the gateway's event bus), the metrics (on its /metrics), the
// clock (moved in the test, read by the thread) and a clean stop (afterAll).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Notice } from "../src/realtime/pubsub.ts";
import type { Actor } from "../src/services/deps.ts";
import { startDispatcher } from "../src/delivery/dispatcher.ts";
import { sendMessage } from "../src/services/sending.ts";
import { startWebhookThread } from "../src/webhooks/thread.ts";
import { eventually } from "./helpers/eventually.ts";
import { approvedSender, project } from "./helpers/fixtures.ts";
import { startGateway, type TestGateway } from "./helpers/harness.ts";
import {
  createEndpoint,
  type Endpoint,
  type Ev,
  verifiedEvents,
} from "./helpers/webhookEndpoints.ts";
import { startReceiver, type Receiver } from "./helpers/webhookReceiver.ts";

const SECRET_KEY = Buffer.alloc(32, 5).toString("base64");
let gw: TestGateway;
let rx: Receiver;

beforeAll(async () => {
  rx = await startReceiver();
  gw = await startGateway({
    env: {
      SECRET_KEY,
      WEBHOOK_THREAD: "true",
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

const TYPES = ["MESSAGE_STATUS", "REQUEST_COMPLETED"];
const endpoint = (projectId: string, path: string, batchSize: number, on = gw) =>
  createEndpoint(on, rx, projectId, path, TYPES, { batchSize });

async function send(projectId: string, count: number, base: number, on = gw): Promise<void> {
  const actor: Actor = { accountId: on.demo.accountId, keyId: "test", role: "MEMBER" };
  await sendMessage(on.app.deps, actor, {
    projectId,
    type: "SMS",
    contentType: "COMM",
    countryCode: "82",
    from: "0212345678",
    content: "hello",
    recipients: {
      list: Array.from({ length: count }, (_, i) => ({ to: `010${base + i}` })),
    },
    invalidRecipients: "REFUSE_ALL",
  });
  on.app.deps.queued.notify();
}

/** The events the endpoint accepted, each request verified with its secret, deduped by id. */
function received(e: Endpoint): Ev[] {
  return [...new Map(verifiedEvents(rx, e).map((x) => [x.id, x])).values()];
}

describe("webhook delivery in a worker thread", () => {
  it("delivers every event of 300 messages in order while the dispatcher runs, and tells the gateway", async () => {
    const p = await project(gw, gw.demo.accountId, "threaded");
    const notices: Notice[] = [];
    const unsubscribe = await gw.app.deps.pubsub.subscribeNotices(p.id, (n) => notices.push(...n));
    try {
      const single = await endpoint(p.id, "/thread-single", 1);
      const batched = await endpoint(p.id, "/thread-batched", 50);
      await send(p.id, 300, 41_000_000);
      const total = 2 * 300 + 1; // two status events per message, and request.completed
      for (const e of [single, batched])
        await eventually(
          () => received(e).length,
          (n) => n >= total,
          `all ${total} events on ${e.path}`,
        );
      for (const e of [single, batched]) {
        const events = received(e);
        expect(events).toHaveLength(total);
        expect(events.map((x) => x.seq)).toEqual(
          [...events.map((x) => x.seq)].sort((a, b) => a - b),
        );
        expect(events.at(-1)).toMatchObject({ type: "request.completed", data: { total: 300 } });
      }
      // Cursor moves reached the gateway's bus as webhook notices, for lag subscribers.
      await eventually(
        () => notices.filter((n) => n.kind === "webhook").length,
        (n) => n > 0,
        "webhook notices from the thread",
      );
      const text = await (await fetch(`${gw.app.url}/metrics`)).text();
      const success = /^smsgw_webhook_deliveries_total\{outcome="SUCCESS"\} (\S+)$/m.exec(text);
      expect(Number(success?.[1])).toBeGreaterThanOrEqual(300);
    } finally {
      unsubscribe();
    }
  });

  it("reads the gateway's clock, moved by the test, through shared memory", async () => {
    const p = await project(gw, gw.demo.accountId, "threaded-clock");
    const e = await endpoint(p.id, "/thread-clock", 1);
    const ahead = 10 * 24 * 3_600_000;
    gw.clock.advance(ahead); // the harness puts it back after the test
    await send(p.id, 1, 42_000_000);
    const attempts = await eventually(
      () => gw.app.deps.db.webhookAttempt.findMany({ where: { endpointId: e.dbId } }),
      (list) => list.length >= 3,
      "the three deliveries",
    );
    // The thread stamps each attempt with its clock: the gateway's, ten days ahead.
    for (const a of attempts)
      expect(a.createdAt.getTime()).toBeGreaterThan(Date.now() + ahead - 3_600_000);
  });
});

describe("a webhook thread that dies", () => {
  it("is started again under the same lease owner and delivers everything", async () => {
    // No background workers: this test's own dispatcher and thread are the only ones.
    const quiet = await startGateway({
      env: {
        SECRET_KEY,
        DISPATCHER: "false",
        WEBHOOK_ALLOW_HTTP: "true",
        WEBHOOK_ALLOW_PRIVATE_URLS: "true",
      },
    });
    const config = { ...quiet.app.config, webhooks: { ...quiet.app.config.webhooks, pollMs: 10 } };
    const thread = startWebhookThread(config, quiet.app.deps);
    const dispatcher = startDispatcher(quiet.app.deps, {
      ...config.dispatch,
      database: config.database,
    });
    try {
      await approvedSender(quiet, quiet.demo.accountId);
      const p = await project(quiet, quiet.demo.accountId, "threaded-restart");
      const e = await endpoint(p.id, "/thread-restart", 1, quiet);
      await send(p.id, 50, 43_000_000, quiet);
      await eventually(
        () => received(e).length,
        (n) => n > 0,
        "the first events",
      );
      const first = thread.current()!;
      const gone = new Promise<number>((r) => first.once("exit", r));
      await first.terminate(); // as a crash would end it, mid-delivery
      expect(await gone).toBe(1);
      await eventually(
        () => received(e).length,
        (n) => n >= 101,
        "every event after the restart",
      );
      expect(thread.current()).not.toBe(first);
      const events = received(e);
      expect(events).toHaveLength(101);
      expect(events.map((x) => x.seq)).toEqual([...events.map((x) => x.seq)].sort((a, b) => a - b));
    } finally {
      await dispatcher.stop();
      await thread.stop();
      await quiet.stop();
    }
  });
});
