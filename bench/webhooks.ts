// Webhooks (issue 14): N messages sent and delivered while two endpoints on a local receiver
// take the project's events — one batched (500 per POST), one unbatched — and the same
// dispatch without endpoints, for the dispatcher's throughput with webhooks on vs off.
// Prints events/s per endpoint and the lag behind the event log when dispatch ends and at
// the end. Each phase runs on a fresh database, BENCH_ROUNDS times, alternating. Delivery runs
// where production runs it, in a thread of its own (--in-process: on the gateway's event
// loop). The receiver runs in this process (it competes for the same event loop), or with
// --child-receiver in a child process, as a real receiver runs elsewhere.
import { fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { startDispatcher } from "../src/delivery/dispatcher.ts";
import { sendMessage } from "../src/services/sending.ts";
import { createEndpoint } from "../src/webhooks/endpoints.ts";
import { startWebhooks } from "../src/webhooks/thread.ts";
import { BENCH_SENDER, benchDatabase, startBenchGateway } from "./db.ts";
import { startReceiver } from "./webhookReceiver.ts";

const provider = process.argv.includes("--postgres") ? "postgresql" : "sqlite";
const N = Number(process.env.BENCH_MESSAGES ?? 100_000);
const PER_SEND = 25_000;
/** Delivery after dispatch ends is watched this long at most (the unbatched endpoint rarely drains). */
const DRAIN_MS = Number(process.env.BENCH_DRAIN_MS ?? 60_000);
const CHILD = process.argv.includes("--child-receiver");
/** Delivery on the gateway's event loop (WEBHOOK_THREAD=false) instead of its own thread. */
const IN_PROCESS = process.argv.includes("--in-process");

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

/** Rounds of (off, on), each phase on a fresh database, so neither runs on the other's rows. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);

async function main() {
  const rx = await receiver();
  const rows: Record<string, Record<string, string | number>> = {};
  const rates = { off: [] as number[], on: [] as number[] };
  let hooks: Record<string, Record<string, string | number>> = {};
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      for (const webhooks of [false, true]) {
        const r = await run(rx, webhooks);
        rates[webhooks ? "on" : "off"].push(r.rate);
        rows[`round ${round}, ${webhooks ? "2 endpoints" : "no endpoints"}`] = {
          "messages/s": r.rate,
          s: r.s,
        };
        if (webhooks) hooks = r.hooks;
      }
    }
  } finally {
    rx.close();
  }
  const mean = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) / xs.length);
  rows["mean, no endpoints"] = { "messages/s": mean(rates.off) };
  rows["mean, 2 endpoints"] = {
    "messages/s": mean(rates.on),
    "vs off": `${Math.round((mean(rates.on) / mean(rates.off) - 1) * 100)} %`,
  };
  console.log(
    `\n${N.toLocaleString("en")} messages on ${provider}, simulated carrier at 0 ms, ${ROUNDS} rounds (each phase on a fresh database); webhooks: one batched (500/POST) and one unbatched endpoint on a local receiver ${CHILD ? "in a child process" : "in this process"}; delivery ${IN_PROCESS ? "on the gateway's event loop (--in-process)" : "in its own thread (WEBHOOK_THREAD)"}\n`,
  );
  console.table(rows);
  console.log("webhook delivery in the last round with endpoints:");
  console.table(hooks);
}

/** One phase on its own database: send N messages, then dispatch them (with two endpoints when `webhooks`). */
let runs = 0;

async function run(rx: Awaited<ReturnType<typeof receiver>>, webhooks: boolean) {
  runs++; // each run's endpoints get their own receiver paths, so counts never mix
  const db = await benchDatabase(provider);
  const gw = await startBenchGateway(db, {
    DISPATCHER: "false",
    CARRIER_LATENCY_MS: "0",
    WEBHOOK_ALLOW_HTTP: "true",
    WEBHOOK_ALLOW_PRIVATE_URLS: "true",
    WEBHOOK_POLL_MS: "20",
    WEBHOOK_THREAD: String(!IN_PROCESS),
    // Signing secrets are sealed with it (PostgreSQL has no key file to fall back on).
    SECRET_KEY: randomBytes(32).toString("base64"),
  });
  const { app, config, actor, projectId } = gw;
  try {
    if (webhooks)
      for (const [path, batchSize] of [
        ["/batched", 500],
        ["/single", 1],
      ] as const)
        await createEndpoint(app.deps, actor, {
          projectId,
          url: `${rx.base}/run${runs}${path}`,
          eventTypes: ["MESSAGE_STATUS", "REQUEST_COMPLETED"],
          batchSize,
        });
    return await dispatch(gw, webhooks);
  } finally {
    await app.stop();
    await db.drop();
  }

  async function dispatch({ projectId }: typeof gw, webhooks: boolean) {
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
    // Where production runs it: a thread of its own, or with --in-process the gateway's loop.
    const worker = webhooks ? startWebhooks(config, app.deps) : null;
    const t0 = performance.now();
    const d = startDispatcher(app.deps, { ...config.dispatch, database: config.database });
    // Every message ends with two status events (PROCESSING, COMPLETED), each committed with
    // its change, so the project's event head says when all are COMPLETED: a primary-key read.
    // (Counting the messages not yet COMPLETED scanned the table every 50 ms, which took up to
    // a quarter of the main thread from the dispatcher being measured.)
    const head = async () =>
      (await app.deps.db.project.findUniqueOrThrow({ where: { id: projectId } })).eventSeq;
    while ((await head()) < 2 * N) await new Promise((r) => setTimeout(r, 50));
    const dispatchMs = performance.now() - t0;
    await d.stop();
    const total = 2 * N + Math.ceil(N / PER_SEND); // status events + request.completed
    const atDispatchEnd = await rx.counts();
    const t1 = performance.now();
    let counts = atDispatchEnd;
    while (worker && performance.now() - t1 < DRAIN_MS) {
      counts = await rx.counts();
      if (
        (counts.get(`/run${runs}/batched`) ?? 0) >= total &&
        (counts.get(`/run${runs}/single`) ?? 0) >= total
      )
        break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const endMs = performance.now() - t0;
    await worker?.stop();
    counts = await rx.counts();
    const endpoints = await app.deps.db.webhookEndpoint.findMany({ where: { projectId } });
    const last = await head();
    const hooks = Object.fromEntries(
      endpoints.map((e) => {
        const path = new URL(e.url).pathname;
        const name = path.slice(path.lastIndexOf("/"));
        const got = counts.get(path) ?? 0;
        return [
          name,
          {
            "events received": got,
            "events/s": Math.round((got / endMs) * 1000),
            "received when dispatch ended": atDispatchEnd.get(path) ?? 0,
            "lag at end (events)": last - e.cursorSeq,
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
