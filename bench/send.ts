// Benchmark (a): one sendMessage with 100,000 recipients over HTTP — validated, byte-counted,
// opt-out-filtered and persisted — against a raw better-sqlite3 insert of the same rows in
// the same run. Prints a table; never asserted in tests. Run: npm run bench
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import Database from "better-sqlite3";
import { newId } from "../src/ids.ts";
import { BENCH_SENDER, benchDatabase, startBenchGateway } from "./db.ts";

const N = Number(process.env.BENCH_RECIPIENTS ?? 100_000);
const provider = process.argv.includes("--postgres") ? "postgresql" : "sqlite";
/** `--text` sends the numbers as one newline-separated block instead of a list of objects. */
const inputKind = process.argv.includes("--text") ? "text" : "list";
/** `--us` sends to country 1 (US numbers, checked by libphonenumber-js) instead of Korean mobiles. */
const country = process.argv.includes("--us") ? "1" : "82";

const recipients = Array.from({ length: N }, (_, i) => ({
  to: country === "1" ? String(2_122_000_000 + i) : `010${String(10_000_000 + i)}`,
}));

async function main() {
  const db = await benchDatabase(provider);
  const {
    app,
    accountId: account,
    projectId,
  } = await startBenchGateway(db, {
    DISPATCHER: "false",
    MAX_REQUEST_BYTES: String(64 * 1024 * 1024),
  });
  const { db: prisma } = app.deps;
  const service = await prisma.optOutService.create({
    data: {
      accountId: account,
      projectId: projectId,
      companyName: "Bench",
      status: "COMPLETE",
      number080: "0801234567",
    },
  });
  await prisma.optOutNumber.createMany({
    data: recipients.slice(0, 1000).map((r) => ({
      accountId: account,
      projectId: projectId,
      serviceId: service.id,
      number: r.to,
      source: "MANUAL" as const,
    })),
  });

  const body = JSON.stringify({
    query: `mutation($input: SendMessageInput!) { sendMessage(input: $input) { __typename ... on MutationSendMessageSuccess { data { totals { recipients blocked sendable } } } ... on Error { message } } }`,
    variables: {
      input: {
        projectId: Buffer.from(`Project:${projectId}`).toString("base64"),
        from: BENCH_SENDER,
        type: "SMS",
        countryCode: country,
        content: "[주문] 배송이 시작되었습니다. 감사합니다.",
        recipients:
          inputKind === "text"
            ? { text: recipients.map((r) => r.to).join("\n") }
            : { list: recipients },
      },
    },
  });
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 5);
  // The longest stretch the event loop could not run a timer: what every other request of
  // every tenant waits at worst while this send is handled (client and gateway share the loop).
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  // The same in CPU time: on a shared machine the process also waits for a core, which
  // wall-clock delay counts as blocking. CPU consumed between two 1 ms timer ticks is what
  // the stretch would take on a core of its own (GC helper threads included, so an upper bound).
  let maxBlockCpuUs = 0;
  let lastCpu = process.cpuUsage();
  let ticking = true;
  const tick = () => {
    const cpu = process.cpuUsage();
    maxBlockCpuUs = Math.max(maxBlockCpuUs, cpu.user + cpu.system - lastCpu.user - lastCpu.system);
    lastCpu = cpu;
    if (ticking) setTimeout(tick, 1);
  };
  setTimeout(tick, 1);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const res = await fetch(`${app.url}/graphql`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: `Bearer ${app.demo!.member.token}`,
    },
    body,
  });
  const json = (await res.json()) as {
    data?: { sendMessage: { __typename: string; message?: string } };
  };
  const sendMs = performance.now() - t0;
  const sendCpu = process.cpuUsage(cpu0);
  loopDelay.disable();
  ticking = false;
  clearInterval(sampler);
  if (json.data?.sendMessage.__typename !== "MutationSendMessageSuccess")
    throw new Error(JSON.stringify(json).slice(0, 500));
  const stored = await prisma.message.count();
  await app.stop();

  // Baseline: the same rows straight into SQLite with one prepared statement in one transaction.
  let rawMs = NaN;
  if (provider === "sqlite") {
    const conn = new Database(join(db.dir, "baseline.db"));
    conn.pragma("journal_mode = WAL");
    conn.exec(
      `CREATE TABLE m (id TEXT PRIMARY KEY, accountId TEXT, projectId TEXT, requestId TEXT, "to" TEXT, countryCode TEXT, subject TEXT, content TEXT, status TEXT, requestTime INTEGER, attempt INTEGER)`,
    );
    const st = conn.prepare(`INSERT INTO m VALUES (?,?,?,?,?,?,?,?,?,?,?)`);
    const t1 = performance.now();
    conn.transaction(() => {
      const now = Date.now();
      for (const r of recipients)
        st.run(
          newId(),
          account,
          projectId,
          "req",
          r.to,
          "82",
          null,
          "[주문] 배송이 시작되었습니다. 감사합니다.",
          "READY",
          now,
          0,
        );
    })();
    rawMs = performance.now() - t1;
    conn.close();
  }
  await db.drop();

  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
  const loopMs = (ns: number) => Math.round(ns / 1e6);
  console.log(
    `\nsendMessage with ${N.toLocaleString("en")} ${country === "1" ? "US" : "Korean"} recipients (${inputKind === "text" ? "text block" : "list of objects"}) on ${provider} (1,000 of them opted out)\n`,
  );
  console.table({
    "sendMessage over HTTP": {
      ms: Math.round(sendMs),
      "CPU ms": Math.round((sendCpu.user + sendCpu.system) / 1000),
      "rows stored": stored,
      "peak RSS": mb(peakRss),
      "loop block max ms": loopMs(loopDelay.max),
      "loop block p99 ms": loopMs(loopDelay.percentile(99)),
      "longest block, CPU ms": Math.round(maxBlockCpuUs / 1000),
      target: provider === "sqlite" ? "≤ 1000 ms, ≤ 400 MB, block ≤ 100 ms" : "≤ 3000 ms",
    },
    ...(provider === "sqlite"
      ? {
          "raw better-sqlite3 insert (baseline)": {
            ms: Math.round(rawMs),
            "rows stored": N,
            "peak RSS": "-",
            target: "-",
          },
        }
      : {}),
  });
  if (provider === "sqlite")
    console.log(`ratio sendMessage / raw insert: ${(sendMs / rawMs).toFixed(2)}×`);
}

await main();
