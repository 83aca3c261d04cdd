// Benchmark (issue "Reservations"): 10,000 reservations falling due at the same minute, one
// recipient each, simulated carrier at zero latency — time from their minute until every
// one is DONE, with the scheduler and dispatcher running inside the gateway as by default.
import { DateTime } from "luxon";
import { OffsetClock } from "../src/clock.ts";
import { sendMessage } from "../src/services/sending.ts";
import { BENCH_SENDER, benchDatabase, startBenchGateway } from "./db.ts";

const provider = process.argv.includes("--postgres") ? "postgresql" : "sqlite";
const N = Number(process.env.BENCH_RESERVATIONS ?? 10_000);
const POLL_MS = 50;
const DEADLINE_MS = 5 * 60_000;
const SETUP_CONCURRENCY = 16;

async function main() {
  const db = await benchDatabase(provider);
  const clock = new OffsetClock();
  const { app, config, projectId, actor } = await startBenchGateway(
    db,
    {
      CARRIER_LATENCY_MS: "0",
      ...(process.env.SCHEDULER_POLL_MS
        ? { SCHEDULER_POLL_MS: process.env.SCHEDULER_POLL_MS }
        : {}),
    },
    clock,
  );
  try {
    const { db: prisma } = app.deps;

    // N reservations through the real sendMessage, all for the same local minute.
    const due = DateTime.fromJSDate(clock.now(), { zone: "Asia/Seoul" })
      .plus({ minutes: 30 })
      .startOf("minute");
    const tSetup = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: SETUP_CONCURRENCY }, async () => {
        for (let i = next++; i < N; i = next++) {
          await sendMessage(app.deps, actor, {
            projectId: projectId,
            type: "SMS",
            contentType: "COMM",
            countryCode: "82",
            from: BENCH_SENDER,
            content: "[예약] 내일 방문 예정입니다.",
            recipients: { list: [{ to: `010${String(20_000_000 + i)}` }] },
            invalidRecipients: "REFUSE_ALL",
            mode: "RESERVATION",
            reservation: { localTime: due.toFormat("yyyy-MM-dd HH:mm"), timeZone: "Asia/Seoul" },
          });
        }
      }),
    );
    const setupMs = performance.now() - tSetup;
    const ready = await prisma.reservation.count({ where: { status: "READY" } });
    if (ready !== N) throw new Error(`expected ${N} READY reservations, found ${ready}`);

    global.gc?.();
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
    // Their minute arrives.
    clock.set(due.toJSDate());
    const t0 = performance.now();
    let processing = NaN;
    let done = 0;
    while (done < N && performance.now() - t0 < DEADLINE_MS) {
      await new Promise((r) => setTimeout(r, POLL_MS));
      if (
        Number.isNaN(processing) &&
        (await prisma.reservation.count({ where: { status: "READY" } })) === 0
      )
        processing = performance.now() - t0;
      done = await prisma.reservation.count({ where: { status: "DONE" } });
    }
    const elapsedMs = performance.now() - t0;
    clearInterval(sampler);
    const messages = await prisma.message.count({
      where: { status: "COMPLETED", result: "SUCCESS" },
    });
    const other = await prisma.reservation.groupBy({ by: ["status"], _count: { _all: true } });

    const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
    console.log(
      `\n${N.toLocaleString("en")} reservations due at the same minute, 1 recipient each, on ${provider}; scheduler poll ${config.scheduler.pollMs} ms, batch ${config.scheduler.batchSize}; ` +
        `dispatcher batch ${config.dispatch.batchSize}; simulated carrier at 0 ms; DONE polled every ${POLL_MS} ms\n`,
    );
    console.table({
      reservations: {
        reservations: N,
        "all PROCESSING s": (processing / 1000).toFixed(2),
        "all DONE s": (elapsedMs / 1000).toFixed(2),
        done,
        "messages delivered": messages,
        "peak RSS": mb(peakRss),
        target: provider === "sqlite" ? "≤ 5 s" : "(reported)",
      },
    });
    console.log(
      `statuses: ${other.map((g) => `${g.status} ${g._count._all}`).join(", ")}; creating the ${N.toLocaleString("en")} reservations through sendMessage took ${(setupMs / 1000).toFixed(1)} s`,
    );
    if (done < N)
      console.log(
        `NOTE: gave up after ${DEADLINE_MS / 1000} s with ${N - done} reservations not DONE`,
      );
  } finally {
    await app.stop();
    await db.drop();
  }
}

await main();
