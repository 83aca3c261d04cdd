// Runs inside the webhook delivery thread (webhooks/thread.ts starts it): the same
// WebhookWorker the gateway can run on its own event loop, on connections of its own —
// a RawDb and a program runner, no Prisma client — so its reads, JSON, signing and HTTP
// never take turns from the dispatcher. It talks to the gateway only by messages: what
// moved (for lag subscribers and metrics) going out, "stop" coming in.
import { parentPort, workerData } from "node:worker_threads";
import { OffsetClock } from "../clock.ts";
import type { Config } from "../config.ts";
import { connectionErrorLogger } from "../db/pgPool.ts";
import { openProgramRunner } from "../db/program.ts";
import { openRawDb } from "../db/raw.ts";
import { createLogger } from "../logger.ts";
import { secretBoxFor } from "../secretKey.ts";
import type { ThreadMessage, ThreadStart } from "./thread.ts";
import { WebhookWorker } from "./worker.ts";

const port = parentPort;
if (!port) throw new Error("webhooks/threadMain.ts runs as a worker thread (webhooks/thread.ts)");
const send = (m: ThreadMessage) => port.postMessage(m);

const start = workerData as ThreadStart;
// Structured cloning turns the Buffer into a plain Uint8Array.
const config: Config = {
  ...start.config,
  secretKey: start.config.secretKey ? Buffer.from(start.config.secretKey) : null,
};
const logger = createLogger(config.logLevel).child({ role: "webhooks", thread: true });
const raw = openRawDb(config.database, connectionErrorLogger(logger));
const programs = openProgramRunner(config.database, raw);
const worker = new WebhookWorker(
  {
    programs,
    clock: new OffsetClock(start.clock),
    logger,
    secrets: secretBoxFor(config),
    changed: (endpoint) => send({ kind: "changed", endpoint }),
  },
  {
    ...config.webhooks,
    owner: start.owner,
    onAttempt: (outcome, latencyMs) => send({ kind: "attempt", outcome, latencyMs }),
  },
).start();
send({ kind: "started" });

port.on("message", (m: unknown) => {
  if (m !== "stop") return;
  void (async () => {
    await worker.stop();
    await programs.close();
    await raw.close();
    // Ends this thread only; idle keep-alive sockets would otherwise keep its loop alive.
    process.exit(0);
  })();
});
