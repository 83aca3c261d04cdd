// docs/webhooks.md#guarantees with real processes: a worker SIGKILLed in the middle of
// delivering webhooks loses nothing. Another worker (its clock ahead, so the dead worker's
// lease has expired — no waiting) resumes from the durable cursor; the receiver ends with
// every event at least once and, deduplicated by webhook-id, exactly once and in seq order.
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../src/services/deps.ts";
import { sendMessage } from "../src/services/sending.ts";
import { createEndpoint } from "../src/webhooks/endpoints.ts";
import { eventually } from "./helpers/eventually.ts";
import { approvedSender, project } from "./helpers/fixtures.ts";
import { startGateway, type TestGateway } from "./helpers/harness.ts";
import { accepted, startReceiver, type Receiver } from "./helpers/webhookReceiver.ts";
import { spawnWorker, type WorkerProcess } from "./helpers/worker.ts";

const SECRET_KEY = Buffer.alloc(32, 3).toString("base64");
const FLAGS = {
  SECRET_KEY,
  WEBHOOK_ALLOW_HTTP: "true",
  WEBHOOK_ALLOW_PRIVATE_URLS: "true",
  WEBHOOK_POLL_MS: "10",
  CARRIER_LATENCY_MS: "0",
};
let gw: TestGateway;
let rx: Receiver;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  rx = await startReceiver();
  gw = await startGateway({ env: { ...FLAGS, DISPATCHER: "false" } });
  await approvedSender(gw, gw.demo.accountId);
});
afterAll(async () => {
  for (const w of workers) w.kill("SIGKILL");
  await Promise.all(workers.map((w) => w.exited));
  await gw?.stop();
  await rx?.close();
});

describe("a SIGKILLed webhook worker", () => {
  it("is resumed from the cursor by another: every event at least once, exactly once after dedupe, in order", {
    timeout: 120_000,
  }, async () => {
    const p = await project(gw, gw.demo.accountId, "crash");
    const actor: Actor = { accountId: gw.demo.accountId, keyId: "t", role: "MEMBER" };
    const { secret } = await createEndpoint(gw.app.deps, actor, {
      projectId: p.id,
      url: `${rx.url}/crash`,
      eventTypes: ["MESSAGE_STATUS", "REQUEST_COMPLETED"],
    });
    const total = 150;
    await sendMessage(gw.app.deps, actor, {
      projectId: p.id,
      type: "SMS",
      contentType: "COMM",
      countryCode: "82",
      from: "0212345678",
      content: "hi",
      recipients: {
        list: Array.from({ length: total }, (_, i) => ({ to: `010${70_000_000 + i}` })),
      },
      invalidRecipients: "REFUSE_ALL",
    });
    const doomed = spawnWorker(gw.db, FLAGS);
    workers.push(doomed);
    // The 40th request kills the worker that sent it, before it hears the answer.
    let seen = 0;
    const previous = rx.respond;
    rx.respond = (r) => {
      if (r.path === "/crash" && ++seen === 40) doomed.kill("SIGKILL");
      return previous(r);
    };
    await doomed.ready;
    expect((await doomed.exited).signal).toBe("SIGKILL");
    const cursor = (
      await gw.app.deps.db.webhookEndpoint.findFirstOrThrow({ where: { projectId: p.id } })
    ).cursorSeq;
    expect(cursor).toBeLessThan(2 * total);

    const heir = spawnWorker(gw.db, { ...FLAGS, CLOCK_OFFSET_MS: String(10 * 60_000) });
    workers.push(heir);
    await heir.ready;
    const expected = 2 * total + 1;
    await eventually(
      () => new Set(accepted(rx, "/crash").map((r) => r.headers["webhook-id"])).size,
      (n) => n >= expected,
      "every event after the crash",
      90_000,
    );
    const wh = new Webhook(secret);
    const all = accepted(rx, "/crash").map(
      (r) =>
        wh.verify(r.body, r.headers as Record<string, string>) as {
          id: string;
          seq: number;
          type: string;
        },
    );
    const firsts = [...new Map(all.map((e) => [e.id, e])).values()];
    expect(firsts).toHaveLength(expected);
    expect(firsts.map((e) => e.seq)).toEqual([
      ...Array.from({ length: 2 * total }, (_, i) => i + 1),
      2 * total,
    ]);
    expect(firsts.at(-1)!.type).toBe("request.completed");
    // The dead worker's last request may have arrived without its answer being recorded.
    expect(all.length).toBeGreaterThanOrEqual(expected);
  });
});
