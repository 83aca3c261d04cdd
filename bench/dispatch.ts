// Benchmark (b): messages/s the dispatcher moves READY → PROCESSING → COMPLETED through the
// simulated carrier at zero latency, with every status change persisted as an event and published.
import { startDispatcher } from "../src/delivery/dispatcher.ts";
import { sendMessage } from "../src/services/sending.ts";
import { BENCH_SENDER, benchDatabase, startBenchGateway } from "./db.ts";

const provider = process.argv.includes("--postgres") ? "postgresql" : "sqlite";
const N = Number(process.env.BENCH_MESSAGES ?? (provider === "sqlite" ? 100_000 : 50_000));
/** Messages per sendMessage call (each one request); the brief caps a send at 100k. */
const PER_SEND = 25_000;
const POLL_MS = 50;
/** Give up waiting for completion after this long: the table then shows how far it got. */
const DEADLINE_MS = 10 * 60_000;
/** Dispatch knobs that may be tuned from the environment (defaults are the gateway's). */
const TUNABLE = [
  "DISPATCH_BATCH_SIZE",
  "DISPATCH_CONCURRENCY",
  "DISPATCH_IDLE_MS",
  "LEASE_MS",
  "CARRIER_TIMEOUT_MS",
] as const;

async function main() {
  const db = await benchDatabase(provider);
  const tuned = Object.fromEntries(
    TUNABLE.filter((k) => process.env[k]).map((k) => [k, process.env[k]]),
  );
  const { app, config, projectId, actor } = await startBenchGateway(db, {
    DISPATCHER: "false",
    CARRIER_LATENCY_MS: "0",
    ...tuned,
  });
  let stopDispatcher: (() => Promise<void>) | null = null;
  try {
    const { db: prisma } = app.deps;

    // Queue N READY messages without a dispatcher running.
    const tQueue = performance.now();
    for (let sent = 0; sent < N; sent += PER_SEND) {
      const count = Math.min(PER_SEND, N - sent);
      const list = Array.from({ length: count }, (_, i) => ({
        to: `010${String(10_000_000 + sent + i)}`,
      }));
      await sendMessage(app.deps, actor, {
        projectId: projectId,
        type: "SMS",
        contentType: "COMM",
        countryCode: "82",
        from: BENCH_SENDER,
        content: "[배송] 주문하신 상품이 출발했습니다.",
        recipients: { list },
        invalidRecipients: "REFUSE_ALL",
      });
    }
    const queueMs = performance.now() - tQueue;
    const ready = await prisma.message.count({ where: { status: "READY" } });
    if (ready !== N) throw new Error(`expected ${N} READY messages, found ${ready}`);

    // Count what is published, the way a subscriber of the project hears it.
    let published = 0;
    const unsubscribe = await app.deps.pubsub.subscribe(
      projectId,
      (events) => (published += events.length),
    );

    global.gc?.();
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
    const t0 = performance.now();
    const dispatcher = startDispatcher(app.deps, { ...config.dispatch, database: config.database });
    stopDispatcher = () => dispatcher.stop();
    let completed = 0;
    let firstCompletedMs = NaN;
    while (completed < N && performance.now() - t0 < DEADLINE_MS) {
      await new Promise((r) => setTimeout(r, POLL_MS));
      completed = await prisma.message.count({ where: { status: "COMPLETED" } });
      if (completed > 0 && Number.isNaN(firstCompletedMs))
        firstCompletedMs = performance.now() - t0;
    }
    const elapsedMs = performance.now() - t0;
    clearInterval(sampler);
    stopDispatcher = null;
    await dispatcher.stop();
    // Publishing happens right after each commit; give the last one a moment to arrive.
    for (let i = 0; i < 20 && published < 2 * completed; i++)
      await new Promise((r) => setTimeout(r, 25));
    unsubscribe();

    const stored = await prisma.messageStatusEvent.count({ where: { projectId: projectId } });
    const byStatus = await prisma.messageStatusEvent.groupBy({
      by: ["status"],
      where: { projectId: projectId },
      _count: { _all: true },
    });
    const success = await prisma.message.count({
      where: { status: "COMPLETED", result: "SUCCESS" },
    });
    const seq = (
      await prisma.project.findUniqueOrThrow({
        where: { id: projectId },
        select: { eventSeq: true },
      })
    ).eventSeq;

    const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
    const d = config.dispatch;
    console.log(
      `\ndispatch of ${N.toLocaleString("en")} READY messages (${Math.ceil(N / PER_SEND)} requests, one project) on ${provider}, simulated carrier at 0 ms; ` +
        `batch ${d.batchSize}, concurrency ${d.concurrency}, idle ${d.idleMs} ms; completion polled every ${POLL_MS} ms\n`,
    );
    console.table({
      dispatcher: {
        messages: N,
        completed: completed,
        success: success,
        s: (elapsedMs / 1000).toFixed(2),
        "messages/s": Math.round((completed / elapsedMs) * 1000),
        "first COMPLETED ms": Math.round(firstCompletedMs),
        "events stored": stored,
        "events published": published,
        "peak RSS": mb(peakRss),
        target: "≥ 10,000/s",
      },
    });
    console.log(
      `events by status: ${byStatus.map((g) => `${g.status} ${g._count._all}`).join(", ")}; project eventSeq ${seq} (expected ${2 * N}); ` +
        `dispatcher stats ${JSON.stringify(dispatcher.stats)}; queueing the ${N.toLocaleString("en")} messages took ${Math.round(queueMs)} ms`,
    );
    if (completed < N)
      console.log(
        `NOTE: gave up after ${DEADLINE_MS / 1000} s with ${N - completed} messages not COMPLETED`,
      );
    if (stored !== 2 * completed || published !== stored)
      console.log(
        `NOTE: expected ${2 * completed} events stored and published, got ${stored} stored / ${published} published`,
      );
  } finally {
    await stopDispatcher?.();
    await app.stop();
    await db.drop();
  }
}

await main();
