// Benchmark: memory over time. The gateway runs in a child process (--expose-gc, so its heap
// can be measured after a full GC) on a throwaway SQLite database with delivery on; this
// process drives a mixed load over loopback — GraphQL sends of 1–1,000 recipients, history
// pages, 200 graphql-ws subscribers that reconnect with afterSeq, SENS REST sends — and
// prints the gateway's RSS and post-GC heap once a minute, then after one 100k send and
// its delivery. Never asserted in tests. Run: npm run bench -- soak [--minutes 5 | --seconds 90]
//   --snapshots DIR   also write heap snapshots of the gateway: warm and at the end of the load
//                     (both under load), and at rest afterwards. Writing one inflates RSS.
//   --no-big          skip the 100k send at the end
import { fork, type ChildProcess } from "node:child_process";
import { createHmac } from "node:crypto";
import { join } from "node:path";
import { writeHeapSnapshot } from "node:v8";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { createAccessKey } from "../src/services/accessKeys.ts";
import { issueApiKey, createAccount } from "../src/services/accounts.ts";
import type { Actor } from "../src/services/deps.ts";
import { BENCH_SENDER, benchDatabase, startBenchGateway, type BenchGateway } from "./db.ts";

const CHILD_FLAG = "--soak-gateway";
const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const SOAK_MS = arg("--seconds")
  ? Number(arg("--seconds")) * 1000
  : Number(arg("--minutes") ?? 5) * 60_000;
const SNAPSHOT_DIR = arg("--snapshots");
const BIG = !process.argv.includes("--no-big");
const PROJECTS = 50;
const SUBSCRIBERS = 200;
/** Load per second: GraphQL sends, history pages, REST sends; subscribers reconnect every ~30 s. */
const SENDS_PER_SEC = 2;
const HISTORY_PER_SEC = 4;
const REST_PER_SEC = 1;
const RECONNECT_MS = 30_000;
const BIG_RECIPIENTS = 100_000;
const WARMUP_MS = Math.min(30_000, SOAK_MS / 4);
/** Nothing below may keep a process alive past this. */
const WATCHDOG_MS = SOAK_MS + 15 * 60_000;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;

// ── the gateway (child process) ──────────────────────────────────────────────────────

interface Setup {
  url: string;
  memberKey: string;
  accountId: string;
  projects: { id: string; globalId: string }[];
  rest: { serviceId: string; accessKey: string; secretKey: string };
}
interface Measure {
  rss: number;
  heapUsed: number;
  /** What V8 holds from the system for its heap (used or not). */
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  /** Highest RSS sampled (every 20 ms) since the previous measure. */
  peakRss: number;
  ready: number;
}
type Call =
  | { id: number; op: "setup" }
  | { id: number; op: "measure" }
  | { id: number; op: "snapshot"; file: string }
  | { id: number; op: "stop" };

async function gatewayChild() {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("the soak gateway needs --expose-gc");
  const db = await benchDatabase("sqlite");
  let bench: BenchGateway | null = null;
  let peakRss = 0;
  setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 20).unref();
  const handlers = {
    async setup(): Promise<Setup> {
      bench = await startBenchGateway(db, {
        CARRIER_LATENCY_MS: "20",
        MAX_REQUEST_BYTES: String(32 * 1024 * 1024),
        SENS_REST_RATE_PER_SEC: "1000",
      });
      const { app, accountId } = bench;
      const actor: Actor = { accountId, keyId: "soak", role: "MEMBER" };
      const projects = [];
      for (let i = 0; i < PROJECTS; i++) {
        const p =
          i === 0
            ? { id: bench.projectId }
            : await app.deps.db.project.create({ data: { accountId, name: `soak ${i}` } });
        projects.push({ id: p.id, globalId: Buffer.from(`Project:${p.id}`).toString("base64") });
      }
      const key = await createAccessKey(app.deps, actor, projects[0]!.id);
      // Tenants that exist but stay idle, as in a real installation.
      for (let i = 0; i < 20; i++)
        await issueApiKey(
          app.deps.db,
          (await createAccount(app.deps.db, `idle ${i}`)).id,
          "member",
          "MEMBER",
          null,
        );
      return {
        url: app.url,
        memberKey: app.demo!.member.token,
        accountId,
        projects,
        rest: {
          serviceId: projects[0]!.id,
          accessKey: key.key.accessKey,
          secretKey: key.secretKey,
        },
      };
    },
    async measure(): Promise<Measure> {
      // Twice: the first full GC runs finalizers that free more on the second.
      gc();
      await sleep(50);
      gc();
      const m = process.memoryUsage();
      const ready = bench
        ? await bench.app.deps.db.message.count({ where: { status: { not: "COMPLETED" } } })
        : 0;
      const peak = Math.max(peakRss, m.rss);
      peakRss = 0;
      return {
        rss: m.rss,
        heapUsed: m.heapUsed,
        heapTotal: m.heapTotal,
        external: m.external,
        arrayBuffers: m.arrayBuffers,
        peakRss: peak,
        ready,
      };
    },
    async snapshot(file: string) {
      gc();
      return writeHeapSnapshot(file);
    },
    async stop() {
      await bench?.app.stop();
      await db.drop();
      setImmediate(() => process.exit(0));
    },
  };
  process.on("message", (m: Call) => {
    const run = m.op === "snapshot" ? handlers.snapshot(m.file) : handlers[m.op]();
    run.then(
      (result) => process.send!({ id: m.id, result }),
      (err: unknown) => process.send!({ id: m.id, error: String((err as Error)?.stack ?? err) }),
    );
  });
  process.send!({ id: 0, result: "started" });
}

class Gateway {
  private readonly child: ChildProcess;
  private next = 1;
  private readonly waiting = new Map<
    number,
    { resolve(v: unknown): void; reject(e: Error): void }
  >();
  readonly started: Promise<unknown>;

  constructor() {
    this.child = fork(import.meta.filename, [CHILD_FLAG], {
      execArgv: [...process.execArgv, "--expose-gc"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    this.started = new Promise((resolve, reject) => this.waiting.set(0, { resolve, reject }));
    this.child.on("message", (m: { id: number; result?: unknown; error?: string }) => {
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (m.error) w?.reject(new Error(m.error));
      else w?.resolve(m.result);
    });
    this.child.on("exit", (code) => {
      for (const w of this.waiting.values()) w.reject(new Error(`gateway exited (${code})`));
      this.waiting.clear();
    });
  }

  call<T>(
    call: { op: "setup" } | { op: "measure" } | { op: "snapshot"; file: string } | { op: "stop" },
  ): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ ...call, id });
    });
  }

  kill() {
    this.child.kill("SIGKILL");
  }
}

// ── the load (this process) ──────────────────────────────────────────────────────────

const SEND = `mutation($input: SendMessageInput!) { sendMessage(input: $input) { __typename ... on MutationSendMessageSuccess { data { totals { recipients } } } ... on Error { message } } }`;
const HISTORY = `query($after: String) { messages(first: 50, after: $after) { pageInfo { endCursor } edges { node { id to status content result { statusCode telcoCode } request { id type from progress { total completed } project { name } } } } } }`;
const STATUS = `subscription($projectId: ID, $afterSeq: Int) { messageStatusChanged(projectId: $projectId, afterSeq: $afterSeq) { seq messageId status statusCode } }`;

class Load {
  private stopped = false;
  private numberSeq = 0;
  readonly counts = {
    sends: 0,
    messages: 0,
    history: 0,
    rest: 0,
    events: 0,
    reconnects: 0,
    errors: 0,
  };
  private readonly subscribers: { client: Client; dispose: () => void }[] = [];
  private lastError = "";

  constructor(private readonly s: Setup) {}

  private numbers(n: number): string[] {
    return Array.from(
      { length: n },
      () => `010${String(10_000_000 + (this.numberSeq++ % 89_999_999))}`,
    );
  }

  private async gql(
    query: string,
    variables: unknown,
  ): Promise<{
    data?: Record<string, { __typename?: string; message?: string }>;
    errors?: unknown[];
  }> {
    const res = await fetch(`${this.s.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${this.s.memberKey}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as never;
  }

  private failed(err: unknown) {
    this.counts.errors++;
    this.lastError = String((err as Error)?.message ?? err).slice(0, 200);
  }

  /** Calls `fn` about `perSec` times a second until stopped, never more than 4 at once. */
  private async paced(perSec: number, fn: () => Promise<void>) {
    const inFlight = new Set<Promise<void>>();
    while (!this.stopped) {
      if (inFlight.size < 4) {
        const p: Promise<void> = fn()
          .catch((err: unknown) => this.failed(err))
          .finally(() => inFlight.delete(p));
        inFlight.add(p);
      }
      await sleep((1000 / perSec) * (0.5 + Math.random()));
    }
    await Promise.all(inFlight);
  }

  private async send() {
    // Log-uniform 1–1,000: mostly small sends, now and then a big one.
    const n = Math.max(1, Math.floor(Math.exp(Math.random() * Math.log(1000))));
    const project = this.s.projects[Math.floor(Math.random() * this.s.projects.length)]!;
    const r = await this.gql(SEND, {
      input: {
        projectId: project.globalId,
        from: BENCH_SENDER,
        content: "[soak] 배송이 시작되었습니다.",
        recipients: { list: this.numbers(n).map((to) => ({ to })) },
      },
    });
    if (r.data?.sendMessage?.__typename !== "MutationSendMessageSuccess")
      throw new Error(`send: ${JSON.stringify(r).slice(0, 200)}`);
    this.counts.sends++;
    this.counts.messages += n;
  }

  private async history() {
    const r = await this.gql(HISTORY, {});
    if (!r.data) throw new Error(`history: ${JSON.stringify(r).slice(0, 200)}`);
    this.counts.history++;
  }

  private async rest() {
    const { serviceId, accessKey, secretKey } = this.s.rest;
    const url = `/sms/v2/services/${serviceId}/messages`;
    const timestamp = String(Date.now());
    const signature = createHmac("sha256", secretKey)
      .update(`POST ${url}\n${timestamp}\n${accessKey}`)
      .digest("base64");
    const n = 1 + Math.floor(Math.random() * 10);
    const res = await fetch(`${this.s.url}${url}`, {
      method: "POST",
      headers: {
        "content-type": "application/json; charset=utf-8",
        "x-ncp-apigw-timestamp": timestamp,
        "x-ncp-iam-access-key": accessKey,
        "x-ncp-apigw-signature-v2": signature,
      },
      body: JSON.stringify({
        type: "SMS",
        from: BENCH_SENDER,
        content: "[soak] REST",
        messages: this.numbers(n).map((to) => ({ to })),
      }),
    });
    if (res.status !== 202)
      throw new Error(`REST send: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
    this.counts.rest++;
    this.counts.messages += n;
  }

  /** One subscriber: a socket and a project-scoped subscription, reopened with afterSeq every ~30 s. */
  private async subscriber(i: number) {
    const project = this.s.projects[i % this.s.projects.length]!;
    let afterSeq: number | undefined;
    while (!this.stopped) {
      const client = createClient({
        url: `${this.s.url.replace(/^http/, "ws")}/graphql`,
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        lazy: true,
        connectionParams: { authorization: `Bearer ${this.s.memberKey}` },
      });
      const done = new Promise<void>((resolve) => {
        const dispose = client.subscribe<{ messageStatusChanged: { seq: number } }>(
          {
            query: STATUS,
            variables: {
              projectId: project.globalId,
              ...(afterSeq !== undefined ? { afterSeq } : {}),
            },
          },
          {
            next: (p) => {
              if (p.data) {
                afterSeq = p.data.messageStatusChanged.seq;
                this.counts.events++;
              }
            },
            error: (err) => {
              this.failed(err);
              resolve();
            },
            complete: resolve,
          },
        );
        this.subscribers[i] = { client, dispose };
      });
      await Promise.race([done, sleep(RECONNECT_MS * (0.5 + Math.random()))]);
      this.subscribers[i]?.dispose();
      await client.dispose();
      if (!this.stopped) this.counts.reconnects++;
    }
  }

  run(): Promise<unknown> {
    return Promise.all([
      this.paced(SENDS_PER_SEC, () => this.send()),
      this.paced(HISTORY_PER_SEC, () => this.history()),
      this.paced(REST_PER_SEC, () => this.rest()),
      ...Array.from({ length: SUBSCRIBERS }, (_, i) =>
        sleep(i * 20).then(() => this.subscriber(i)),
      ),
    ]);
  }

  stop() {
    this.stopped = true;
    for (const s of this.subscribers) s?.dispose();
  }

  summary() {
    const c = this.counts;
    return `${c.sends} GraphQL sends, ${c.rest} REST sends (${c.messages.toLocaleString("en")} messages), ${c.history} history pages, ${c.events.toLocaleString("en")} events to subscribers, ${c.reconnects} reconnects, ${c.errors} errors${c.errors ? ` (last: ${this.lastError})` : ""}`;
  }

  bigSend() {
    const text = this.numbers(BIG_RECIPIENTS).join("\n");
    return this.gql(SEND, {
      input: {
        projectId: this.s.projects[0]!.globalId,
        from: BENCH_SENDER,
        content: "[soak] 100k",
        recipients: { text },
      },
    });
  }
}

async function main() {
  const watchdog = setTimeout(() => {
    console.error("soak: watchdog fired");
    gateway.kill();
    process.exit(2);
  }, WATCHDOG_MS);
  const gateway = new Gateway();
  try {
    await gateway.started;
    const setup = await gateway.call<Setup>({ op: "setup" });
    const rows: Record<string, Record<string, string | number>> = {};
    const row = (label: string, m: Measure, extra = "") => {
      rows[label] = {
        RSS: mb(m.rss),
        "peak RSS": mb(m.peakRss),
        "heap after GC": mb(m.heapUsed),
        "V8 heap held": mb(m.heapTotal),
        external: mb(m.external),
        "not completed": m.ready,
        ...(extra ? { note: extra } : {}),
      };
      console.log(
        `${label.padEnd(22)} RSS ${mb(m.rss).padStart(7)}  peak ${mb(m.peakRss).padStart(7)}  heap after GC ${mb(m.heapUsed).padStart(7)}  V8 heap held ${mb(m.heapTotal).padStart(7)}  external ${mb(m.external).padStart(6)}  not completed ${m.ready}`,
      );
    };
    row("idle, before load", await gateway.call<Measure>({ op: "measure" }));

    const load = new Load(setup);
    const started = Date.now();
    const running = load.run();
    await sleep(WARMUP_MS);
    const before = await gateway.call<Measure>({ op: "measure" });
    row(`warm (${Math.round(WARMUP_MS / 1000)} s)`, before);
    if (SNAPSHOT_DIR)
      await gateway.call({ op: "snapshot", file: join(SNAPSHOT_DIR, "soak-before.heapsnapshot") });
    for (let minute = 1; Date.now() - started < SOAK_MS; minute++) {
      await sleep(Math.max(0, Math.min(started + minute * 60_000, started + SOAK_MS) - Date.now()));
      row(
        `after ${Math.round((Date.now() - started) / 1000)} s`,
        await gateway.call<Measure>({ op: "measure" }),
      );
    }
    // Under the same load as the first one, so object counts compare like with like.
    if (SNAPSHOT_DIR)
      await gateway.call({
        op: "snapshot",
        file: join(SNAPSHOT_DIR, "soak-end-of-load.heapsnapshot"),
      });
    load.stop();
    await running;
    console.log(`load: ${load.summary()}`);
    // Let delivery finish, then measure at rest.
    let rest = await gateway.call<Measure>({ op: "measure" });
    for (let i = 0; rest.ready > 0 && i < 120; i++) {
      await sleep(1000);
      rest = await gateway.call<Measure>({ op: "measure" });
    }
    row("soak done, delivered", rest);
    if (SNAPSHOT_DIR)
      await gateway.call({ op: "snapshot", file: join(SNAPSHOT_DIR, "soak-after.heapsnapshot") });
    const growth = (rest.heapUsed / before.heapUsed - 1) * 100;
    console.log(
      `post-GC heap after the soak vs. warm: ${growth >= 0 ? "+" : ""}${growth.toFixed(1)} % (target within 10 %)`,
    );

    if (BIG) {
      const t0 = performance.now();
      const r = await load.bigSend();
      if (r.data?.sendMessage?.__typename !== "MutationSendMessageSuccess")
        throw new Error(`100k send: ${JSON.stringify(r).slice(0, 300)}`);
      let m = await gateway.call<Measure>({ op: "measure" });
      let peak = m.peakRss;
      for (let i = 0; m.ready > 0 && i < 300; i++) {
        await sleep(1000);
        m = await gateway.call<Measure>({ op: "measure" });
        peak = Math.max(peak, m.peakRss);
      }
      row(
        "100k sent + delivered",
        { ...m, peakRss: peak },
        `${((performance.now() - t0) / 1000).toFixed(0)} s`,
      );
      await sleep(5000);
      row(
        "100k, at rest (+5 s)",
        await gateway.call<Measure>({ op: "measure" }),
        "target RSS ≤ 300 MB",
      );
    }
    console.log(
      `\nsoak: ${Math.round(SOAK_MS / 1000)} s of mixed load on SQLite (${PROJECTS} projects, ${SUBSCRIBERS} subscribers)\n`,
    );
    console.table(rows);
    await gateway.call({ op: "stop" });
  } catch (err) {
    gateway.kill();
    throw err;
  } finally {
    clearTimeout(watchdog);
  }
}

if (process.argv.includes(CHILD_FLAG)) await gatewayChild();
else await main();
