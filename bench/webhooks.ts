// Webhooks (issue 14): N messages sent and delivered while two endpoints on a local receiver
// take the project's events — one batched (500 per POST), one unbatched — and the same
// dispatch without endpoints, for the dispatcher's throughput with webhooks on vs off.
// Prints events/s per endpoint and the lag behind the event log when dispatch ends and at
// the end. The receiver runs in this process (it competes for the same event loop), or with
// --child-receiver in a child process, as a real receiver runs elsewhere.
import { fork } from "node:child_process";
import { startDispatcher } from "../src/delivery/dispatcher.ts";
import { sendMessage } from "../src/services/sending.ts";
import { createEndpoint } from "../src/webhooks/endpoints.ts";
import { WebhookWorker } from "../src/webhooks/worker.ts";
import { BENCH_SENDER, benchDatabase, startBenchGateway } from "./db.ts";
import { startReceiver } from "./webhookReceiver.ts";

const provider = process.argv.includes("--postgres") ? "postgresql" : "sqlite";
const N = Number(process.env.BENCH_MESSAGES ?? 100_000);
const PER_SEND = 25_000;
/** Delivery after dispatch ends is watched this long at most (the unbatched endpoint rarely drains). */
const DRAIN_MS = Number(process.env.BENCH_DRAIN_MS ?? 60_000);
const CHILD = process.argv.includes("--child-receiver");

/** The receiver's event counts per path: read in this process, or asked of the child. */
async function receiver() {
  if (!CHILD) {
    const counts = new Map<string, number>();
    const r = startReceiver(counts);
    return { base: await r.listening, counts: async () => new Map(counts), close: r.close };
  }
  const child = fork(new URL("./webhookReceiver.ts", import.meta.url).pathname, [], {
    execArgv: ["--import", "tsx"],
  });
  const next = <T>(key: string) =>
    new Promise<T>((r) => {
      const on = (m: Record<string, unknown>) => {
        if (key in m) {
          child.off("message", on);
          r(m[key] as T);
        }
      };
      child.on("message", on);
    });
  const base = await next<string>("base");
  return {
    base,
    counts: async () => {
      const got = next<Record<string, number>>("counts");
      child.send("counts");
      return new Map(Object.entries(await got));
    },
    close: () => child.send("stop"),
  };
}

async function main() {
  const db = await benchDatabase(provider);
  const gw = await startBenchGateway(db, {
    DISPATCHER: "false",
    CARRIER_LATENCY_MS: "0",
    WEBHOOK_ALLOW_HTTP: "true",
    WEBHOOK_ALLOW_PRIVATE_URLS: "true",
    WEBHOOK_POLL_MS: "20",
  });
  const { app, config, actor } = gw;
  const rx = await receiver();
  const base = rx.base;
  try {
    const off = await dispatch(gw.projectId, false);
    const project = await app.deps.db.project.create({
      data: { accountId: gw.accountId, name: "webhooks" },
    });
    for (const [path, batchSize] of [
      ["/batched", 500],
      ["/single", 1],
    ] as const)
      await createEndpoint(app.deps, actor, {
        projectId: project.id,
        url: `${base}${path}`,
        eventTypes: ["MESSAGE_STATUS", "REQUEST_COMPLETED"],
        batchSize,
      });
    const on = await dispatch(project.id, true);
    console.log(
      `\n${N.toLocaleString("en")} messages on ${provider}, simulated carrier at 0 ms; webhooks: one batched (500/POST) and one unbatched endpoint on a local receiver ${CHILD ? "in a child process" : "in this process"}\n`,
    );
    console.table({
      "dispatch, no endpoints": { "messages/s": off.rate, s: off.s },
      "dispatch, 2 endpoints": {
        "messages/s": on.rate,
        s: on.s,
        "vs off": `${Math.round((on.rate / off.rate - 1) * 100)} %`,
      },
    });
    console.table(on.hooks);
  } finally {
    rx.close();
    await app.stop();
    await db.drop();
  }

  async function dispatch(projectId: string, webhooks: boolean) {
    for (let sent = 0; sent < N; sent += PER_SEND) {
      const count = Math.min(PER_SEND, N - sent);
      await sendMessage(app.deps, actor, {
        projectId,
        type: "SMS",
        contentType: "COMM",
        countryCode: "82",
        from: BENCH_SENDER,
        content: "webhook bench",
        recipients: {
          list: Array.from({ length: count }, (_, i) => ({ to: `010${20_000_000 + sent + i}` })),
        },
        invalidRecipients: "REFUSE_ALL",
      });
    }
    const worker = webhooks ? new WebhookWorker(app.deps, config.webhooks).start() : null;
    const t0 = performance.now();
    const d = startDispatcher(app.deps, { ...config.dispatch, database: config.database });
    const done = () =>
      app.deps.db.message.count({ where: { projectId, status: { not: "COMPLETED" } } });
    while ((await done()) > 0) await new Promise((r) => setTimeout(r, 50));
    const dispatchMs = performance.now() - t0;
    await d.stop();
    const total = 2 * N + Math.ceil(N / PER_SEND); // status events + request.completed
    const atDispatchEnd = await rx.counts();
    const t1 = performance.now();
    let counts = atDispatchEnd;
    while (worker && performance.now() - t1 < DRAIN_MS) {
      counts = await rx.counts();
      if ((counts.get("/batched") ?? 0) >= total && (counts.get("/single") ?? 0) >= total) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const endMs = performance.now() - t0;
    await worker?.stop();
    counts = await rx.counts();
    const endpoints = await app.deps.db.webhookEndpoint.findMany({ where: { projectId } });
    const head = (await app.deps.db.project.findUniqueOrThrow({ where: { id: projectId } }))
      .eventSeq;
    const hooks = Object.fromEntries(
      endpoints.map((e) => {
        const path = new URL(e.url).pathname;
        const got = counts.get(path) ?? 0;
        return [
          path,
          {
            "events received": got,
            "events/s": Math.round((got / endMs) * 1000),
            "received when dispatch ended": atDispatchEnd.get(path) ?? 0,
            "lag at end (events)": head - e.cursorSeq,
            "watched s": (endMs / 1000).toFixed(1),
          },
        ];
      }),
    );
    return {
      rate: Math.round((N / dispatchMs) * 1000),
      s: (dispatchMs / 1000).toFixed(2),
      hooks,
    };
  }
}

await main();
