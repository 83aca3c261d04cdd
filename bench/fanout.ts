// Benchmark (c): status events fanned out to 2,000 graphql-ws subscribers — the gateway's delivered
// events/s against a bare graphql-yoga + graphql-ws server, and p99 event-to-client latency at half that rate.
import { fork, spawnSync, type ChildProcess } from "node:child_process";
import { setMaxListeners } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, type Client } from "graphql-ws";
import { useServer } from "graphql-ws/use/ws";
import { createPubSub, createSchema, createYoga } from "graphql-yoga";
import WebSocket, { WebSocketServer } from "ws";
import { buildApp } from "../src/app.ts";
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/logger.ts";
import { appendStatusEvents } from "../src/db/events.ts";
import type { Actor } from "../src/services/deps.ts";
import { sendMessage } from "../src/services/sending.ts";

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 2000);
/** Events published back to back for the throughput runs (each one goes to every client). */
const EVENTS = Number(process.env.BENCH_EVENTS ?? 200);
/** `--split`: the clients run in a child process, so the server has this process (and a core) to itself. */
const SPLIT = process.argv.includes("--split");
const CHILD_FLAG = "--clients-child";
/** V8 young-generation semi-space of the clients' process (MB). */
const CLIENT_SEMI_SPACE_MB = Number(process.env.BENCH_CLIENT_SEMI_SPACE_MB ?? 64);
/** Clients connecting at once (the listen backlog is 511). */
const WAVE = 100;
/** The paced runs last about this long, with at least PACED_MIN_EVENTS events, and never longer than PACED_MAX_MS. */
const PACED_MS = 10_000;
const PACED_MIN_EVENTS = 30;
const PACED_MAX_MS = 30_000;
const CONNECT_TIMEOUT_MS = 30_000;
const WARMUP_LIMIT_MS = 60_000;
/** A delivery wait ends when nothing arrived for this long, or after DELIVERY_LIMIT_MS in all. */
const STALL_MS = 10_000;
const DELIVERY_LIMIT_MS = 120_000;
/** Idle subscribers are watched this long for the database statements they cause. */
const IDLE_WATCH_MS = 4000;
/** Nothing below may keep a process alive past this. */
const WATCHDOG_MS = 10 * 60_000;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** Milliseconds since the epoch with sub-millisecond resolution, comparable across processes on this machine. */
const epochNow = () => performance.timeOrigin + performance.now();

/** The fields both servers send per event; the gateway's event is resolved from a StatusEvent. */
const FIELDS = "seq messageId requestId status statusCode telcoCode timestamp";

// ── the clients ────────────────────────────────────────────────────────────────────

interface Report {
  /** Clients that received at least one event outside a window (warm-up). */
  warmed: number;
  /** Events received in all. */
  received: number;
  /** Deliveries inside the open window, and when the last one arrived (epoch ms; 0 = none yet). */
  deliveries: number;
  lastAt: number;
}

interface WindowResult {
  deliveries: number;
  lastAt: number;
  /** Arrival of every delivery (seq, epoch ms), when the window was opened with `arrivals`. */
  seqs: number[];
  times: number[];
}

interface Health {
  errors: string[];
  unexpectedCloses: number;
  peakRss: number;
}

/** CLIENTS graphql-ws clients with one subscription each, counting what arrives in a window of seqs. */
interface Receivers {
  connect(url: string, field: string, connectionParams: Record<string, unknown>): Promise<number>;
  subscribe(query: string, variables: Record<string, unknown>): Promise<void>;
  open(from: number, to: number, arrivals: boolean): Promise<void>;
  report(): Promise<Report>;
  closeWindow(): Promise<WindowResult>;
  health(): Promise<Health>;
  /** Unsubscribes and disconnects every client; the receivers can connect again afterwards. */
  close(): Promise<void>;
}

/**
 * (seq, time) pairs in preallocated typed arrays: the instrument must not add garbage (and
 * so GC pauses, which would show as latency) while it measures.
 */
class Recorder {
  private readonly seqs: Float64Array;
  private readonly times: Float64Array;
  private n = 0;

  constructor(capacity: number) {
    this.seqs = new Float64Array(capacity);
    this.times = new Float64Array(capacity);
  }

  add(seq: number, time: number): void {
    if (this.n === this.seqs.length) return;
    this.seqs[this.n] = seq;
    this.times[this.n++] = time;
  }

  get size(): number {
    return this.n;
  }

  /** Plain arrays, for the report (and IPC, which cannot carry typed arrays). */
  export(): { seqs: number[]; times: number[] } {
    return {
      seqs: Array.from(this.seqs.subarray(0, this.n)),
      times: Array.from(this.times.subarray(0, this.n)),
    };
  }
}

interface OpenWindow {
  from: number;
  to: number;
  deliveries: number;
  lastAt: number;
  arrivals: Recorder | null;
}

class Clients implements Receivers {
  private clients: Client[] = [];
  private unsubscribers: (() => void)[] = [];
  private field = "";
  private warmedFlags = new Uint8Array(CLIENTS);
  private warmed = 0;
  private received = 0;
  private closing = false;
  private window: OpenWindow | null = null;
  private readonly errors: string[] = [];
  private unexpectedCloses = 0;
  /** Clients connected and not yet closed. */
  private connectedCount = 0;
  private peakRss = process.memoryUsage().rss;
  private readonly sampler = setInterval(
    () => (this.peakRss = Math.max(this.peakRss, process.memoryUsage().rss)),
    50,
  ).unref();

  async connect(
    url: string,
    field: string,
    connectionParams: Record<string, unknown>,
  ): Promise<number> {
    this.field = field;
    this.closing = false;
    const t0 = performance.now();
    for (let first = 0; first < CLIENTS; first += WAVE) {
      await Promise.all(
        Array.from({ length: Math.min(WAVE, CLIENTS - first) }, () =>
          this.connectOne(url, connectionParams),
        ),
      );
    }
    return performance.now() - t0;
  }

  private connectOne(url: string, connectionParams: Record<string, unknown>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let connected = false;
      const timer = setTimeout(
        () => reject(new Error(`a client did not connect within ${CONNECT_TIMEOUT_MS} ms`)),
        CONNECT_TIMEOUT_MS,
      );
      this.clients.push(
        createClient({
          url,
          webSocketImpl: WebSocket,
          retryAttempts: 0,
          lazy: false,
          connectionParams,
          onNonLazyError: (err) => this.note(err),
          on: {
            connected: () => {
              connected = true;
              this.connectedCount++;
              clearTimeout(timer);
              resolve();
            },
            closed: (event) => {
              if (!connected) {
                clearTimeout(timer);
                reject(
                  new Error(
                    `a client was closed before connecting (code ${(event as { code?: number }).code})`,
                  ),
                );
              } else {
                this.connectedCount--;
                if (!this.closing) this.unexpectedCloses++;
              }
            },
          },
        }),
      );
    });
  }

  async subscribe(query: string, variables: Record<string, unknown>): Promise<void> {
    this.clients.forEach((client, i) => {
      this.unsubscribers.push(
        client.subscribe<Record<string, { seq: number }>>(
          { query, variables },
          {
            next: (result) => {
              const event = result.data?.[this.field];
              if (event) this.onEvent(i, event.seq);
              else this.note(result.errors);
            },
            error: (err) => this.note(err),
            complete: () => undefined,
          },
        ),
      );
    });
  }

  private onEvent(client: number, seq: number): void {
    this.received++;
    const w = this.window;
    if (w && seq >= w.from && seq <= w.to) {
      const now = epochNow();
      w.deliveries++;
      w.lastAt = now;
      w.arrivals?.add(seq, now);
    } else if (!this.warmedFlags[client]) {
      this.warmedFlags[client] = 1;
      this.warmed++;
    }
  }

  private note(err: unknown): void {
    if (this.errors.length < 20) this.errors.push(describe(err));
  }

  async open(from: number, to: number, arrivals: boolean): Promise<void> {
    this.window = {
      from,
      to,
      deliveries: 0,
      lastAt: 0,
      arrivals: arrivals ? new Recorder((to - from + 1) * CLIENTS) : null,
    };
  }

  async report(): Promise<Report> {
    return {
      warmed: this.warmed,
      received: this.received,
      deliveries: this.window?.deliveries ?? 0,
      lastAt: this.window?.lastAt ?? 0,
    };
  }

  async closeWindow(): Promise<WindowResult> {
    const w = this.window;
    this.window = null;
    return {
      deliveries: w?.deliveries ?? 0,
      lastAt: w?.lastAt ?? 0,
      ...(w?.arrivals?.export() ?? { seqs: [], times: [] }),
    };
  }

  async health(): Promise<Health> {
    return {
      errors: [...this.errors],
      unexpectedCloses: this.unexpectedCloses,
      peakRss: this.peakRss,
    };
  }

  async close(): Promise<void> {
    this.closing = true;
    this.window = null;
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
    await Promise.all(this.clients.splice(0).map((c) => Promise.resolve(c.dispose())));
    // dispose() does not wait for the sockets to close; their close events must not count against the next connect.
    for (let i = 0; i < 400 && this.connectedCount > 0; i++) await sleep(25);
    this.warmedFlags = new Uint8Array(CLIENTS);
    this.warmed = 0;
    this.received = 0;
  }

  stop(): void {
    clearInterval(this.sampler);
  }
}

type Call = { id: number; method: keyof Receivers; args: unknown[] };
type Answer = { id: number; result?: unknown; error?: string };

/** The same clients in a child process (`--split`), driven over IPC. */
class RemoteClients implements Receivers {
  private readonly child: ChildProcess;
  private nextId = 0;
  private readonly pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void }
  >();
  private readonly exited: Promise<void>;

  constructor() {
    // The clients are the instrument, and their garbage collection (2,000 graphql-ws
    // clients parsing every frame) must not show up as gateway latency: a larger young
    // generation (fewer scavenges, nothing promoted), and collection on the main thread
    // only — on 2 cores, parallel GC threads compete with the gateway process and a
    // scavenge then waits for a descheduled helper (15-20 ms pauses instead of 2-5).
    this.child = fork(import.meta.filename, [CHILD_FLAG], {
      stdio: ["ignore", "inherit", "inherit", "ipc"],
      env: process.env,
      execArgv: [
        ...process.execArgv,
        `--max-semi-space-size=${CLIENT_SEMI_SPACE_MB}`,
        "--single-threaded-gc",
      ],
    });
    this.child.on("message", (m: Answer) => {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.error !== undefined) p?.reject(new Error(`clients process: ${m.error}`));
      else p?.resolve(m.result);
    });
    this.exited = new Promise((resolve) =>
      this.child.once("exit", (code) => {
        for (const p of this.pending.values())
          p.reject(new Error(`clients process exited (${code})`));
        this.pending.clear();
        resolve();
      }),
    );
  }

  private call<T>(method: keyof Receivers, ...args: unknown[]): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ id, method, args } satisfies Call);
    });
  }

  connect = (url: string, field: string, connectionParams: Record<string, unknown>) =>
    this.call<number>("connect", url, field, connectionParams);
  subscribe = (query: string, variables: Record<string, unknown>) =>
    this.call<void>("subscribe", query, variables);
  open = (from: number, to: number, arrivals: boolean) =>
    this.call<void>("open", from, to, arrivals);
  report = () => this.call<Report>("report");
  closeWindow = () => this.call<WindowResult>("closeWindow");
  health = () => this.call<Health>("health");
  close = () => this.call<void>("close");

  async exit(): Promise<void> {
    if (this.child.connected) this.child.disconnect();
    const killer = setTimeout(() => this.child.kill("SIGKILL"), 10_000);
    await this.exited;
    clearTimeout(killer);
  }
}

/** Child side of `--split`: serves Receivers calls until the parent disconnects. */
function serveClients(): void {
  const clients = new Clients();
  const watchdog = setTimeout(() => process.exit(1), WATCHDOG_MS);
  watchdog.unref();
  process.on("message", (m: Call) => {
    const method = clients[m.method] as (...args: unknown[]) => Promise<unknown>;
    method.apply(clients, m.args).then(
      (result) => process.send!({ id: m.id, result } satisfies Answer),
      (err: unknown) => process.send!({ id: m.id, error: describe(err) } satisfies Answer),
    );
  });
  process.once("disconnect", () => {
    void clients.close().finally(() => {
      clients.stop();
      process.exit(0);
    });
    setTimeout(() => process.exit(0), 5000).unref();
  });
}

function describe(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (err && typeof err === "object" && "code" in err)
    return `close ${String((err as { code: unknown }).code)} ${String((err as { reason?: unknown }).reason ?? "")}`;
  return JSON.stringify(err)?.slice(0, 300) ?? String(err);
}

// ── the publishing side ─────────────────────────────────────────────────────────────

/** Publishes one event and returns its seq. */
type Producer = () => Promise<number>;

interface Throughput {
  deliveries: number;
  expected: number;
  ms: number;
  perSecond: number;
}

interface Latency {
  events: number;
  eventsPerSecond: number;
  deliveries: number;
  expected: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** From the start of an event's production to the server handing its frame to each socket. */
  serverP50: number;
  serverP99: number;
}

/**
 * Server-side instrument for the paced runs: when each event's frame is handed to each
 * socket (ws's send, in this process). With the clients in the same process or one child
 * process, client-side latency includes the clients' own queue; this shows the server's part.
 */
let sendLog: Recorder | null = null;
const wsSend = WebSocket.prototype.send;
WebSocket.prototype.send = function (this: WebSocket, data: unknown, ...rest: unknown[]) {
  if (sendLog && typeof data === "string") {
    const at = data.indexOf('"seq":');
    if (at >= 0) sendLog.add(parseInt(data.slice(at + 6, at + 18), 10), epochNow());
  }
  return (wsSend as (...args: unknown[]) => void).call(this, data, ...rest);
} as typeof WebSocket.prototype.send;

class Driver {
  private lastSeq = 0;

  constructor(
    private readonly rx: Receivers,
    private readonly produce: Producer,
  ) {}

  private async publish(sentAt: Map<number, number> | null): Promise<void> {
    const expected = this.lastSeq + 1;
    sentAt?.set(expected, epochNow());
    const seq = await this.produce();
    if (seq !== expected) throw new Error(`producer returned seq ${seq}, expected ${expected}`);
    this.lastSeq = seq;
  }

  /** Publishes until every client has received an event (so every subscription is live), then waits for quiet. */
  async warmUp(): Promise<number> {
    const t0 = performance.now();
    for (;;) {
      await this.publish(null);
      await sleep(50);
      const { warmed } = await this.rx.report();
      if (warmed >= CLIENTS) break;
      if (performance.now() - t0 > WARMUP_LIMIT_MS) {
        const { errors } = await this.rx.health();
        throw new Error(
          `only ${warmed} of ${CLIENTS} subscriptions were live after ${WARMUP_LIMIT_MS} ms (errors: ${errors.join("; ")})`,
        );
      }
    }
    const ms = performance.now() - t0;
    await this.quiet();
    return ms;
  }

  /** Waits until nothing has arrived for 200 ms (at most 10 s). */
  private async quiet(): Promise<void> {
    const t0 = performance.now();
    let seen = -1;
    for (;;) {
      const { received } = await this.rx.report();
      if (received === seen || performance.now() - t0 > 10_000) return;
      seen = received;
      await sleep(200);
    }
  }

  private async waitForDeliveries(expected: number): Promise<void> {
    const t0 = performance.now();
    let seen = -1;
    let progressAt = t0;
    // A busy event loop can starve this poll for a while: a stall needs quiet polls too, not just time.
    let quietPolls = 0;
    for (;;) {
      const { deliveries } = await this.rx.report();
      if (deliveries >= expected) return;
      const now = performance.now();
      if (deliveries !== seen) {
        seen = deliveries;
        progressAt = now;
        quietPolls = 0;
      } else quietPolls++;
      if ((now - progressAt > STALL_MS && quietPolls > 100) || now - t0 > DELIVERY_LIMIT_MS) return;
      await sleep(5);
    }
  }

  /**
   * `count` events back to back; delivered events/s from the first publish to the last delivery.
   * One event-loop turn (setImmediate) between publishes lets sockets flush: publishing in one
   * microtask run would buffer all count × CLIENTS frames in memory before any client reads.
   */
  async throughput(count: number): Promise<Throughput> {
    await this.rx.open(this.lastSeq + 1, this.lastSeq + count, false);
    const t0 = epochNow();
    for (let k = 0; k < count; k++) {
      await this.publish(null);
      await new Promise((r) => setImmediate(r));
    }
    const expected = count * CLIENTS;
    await this.waitForDeliveries(expected);
    const w = await this.rx.closeWindow();
    const ms = w.lastAt > 0 ? w.lastAt - t0 : NaN;
    await this.quiet();
    return { deliveries: w.deliveries, expected, ms, perSecond: (w.deliveries / ms) * 1000 };
  }

  /** Events published on a fixed schedule so that `deliveriesPerSecond` reach the clients; latency from the start of an event's production to its arrival. */
  async paced(deliveriesPerSecond: number): Promise<Latency> {
    const eventsPerSecond = deliveriesPerSecond / CLIENTS;
    const interval = 1000 / eventsPerSecond;
    const count = Math.max(
      1,
      Math.min(
        Math.max(PACED_MIN_EVENTS, Math.round((eventsPerSecond * PACED_MS) / 1000)),
        Math.floor(PACED_MAX_MS / interval),
      ),
    );
    await this.rx.open(this.lastSeq + 1, this.lastSeq + count, true);
    const sentAt = new Map<number, number>();
    const recorder = (sendLog = new Recorder(count * CLIENTS));
    const t0 = performance.now();
    for (let k = 0; k < count; k++) {
      const wait = t0 + k * interval - performance.now();
      if (wait > 0) await sleep(wait);
      await this.publish(sentAt);
    }
    const expected = count * CLIENTS;
    await this.waitForDeliveries(expected);
    const w = await this.rx.closeWindow();
    sendLog = null;
    const sends = recorder.export();
    const percentiles = (values: Float64Array) => {
      const sorted = values.sort();
      return (p: number) =>
        sorted.length
          ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
          : NaN;
    };
    const pct = percentiles(Float64Array.from(w.seqs, (seq, i) => w.times[i]! - sentAt.get(seq)!));
    const known = sends.seqs
      .map((seq, i) => [seq, sends.times[i]!] as const)
      .filter(([seq]) => sentAt.has(seq));
    const server = percentiles(Float64Array.from(known, ([seq, at]) => at - sentAt.get(seq)!));
    await this.quiet();
    return {
      events: count,
      eventsPerSecond,
      deliveries: w.deliveries,
      expected,
      p50: pct(50),
      p95: pct(95),
      p99: pct(99),
      max: pct(100),
      serverP50: server(50),
      serverP99: server(99),
    };
  }
}

// ── A: bare graphql-yoga + graphql-ws with Yoga's in-memory pub/sub ─────────────────

interface Tick {
  seq: number;
  messageId: string;
  requestId: string;
  status: string;
  statusCode: string | null;
  telcoCode: string | null;
  timestamp: string;
}

async function closeServer(server: Server, wss: WebSocketServer): Promise<void> {
  for (let i = 0; i < 200 && wss.clients.size > 0; i++) await sleep(25);
  for (const socket of wss.clients) socket.terminate();
  await new Promise<void>((resolve) => wss.close(() => resolve()));
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

async function withBaseline<T>(
  rx: Receivers,
  run: (driver: Driver, setup: () => Promise<Setup>) => Promise<T>,
): Promise<T> {
  const pubSub = createPubSub<{ tick: [Tick] }>();
  const yoga = createYoga({
    logging: false,
    graphqlEndpoint: "/graphql",
    schema: createSchema({
      typeDefs: /* GraphQL */ `
        type Query { ok: Boolean! }
        type Tick { seq: Int! messageId: ID! requestId: ID! status: String! statusCode: String telcoCode: String timestamp: String! }
        type Subscription { tick: Tick! }
      `,
      resolvers: {
        Query: { ok: () => true },
        Subscription: {
          tick: { subscribe: () => pubSub.subscribe("tick"), resolve: (t: Tick) => t },
        },
      },
    }),
  });
  const server = createServer(yoga);
  const wss = new WebSocketServer({ server, path: "/graphql" });
  // Wired the way the gateway wires Yoga to graphql-ws (src/app.ts), minus authentication.
  useServer(
    {
      execute: (args) =>
        (args.rootValue as { execute: typeof import("graphql").execute }).execute(args),
      subscribe: (args) =>
        (args.rootValue as { subscribe: typeof import("graphql").subscribe }).subscribe(args),
      onSubscribe: async (ctx, _id, params) => {
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params,
        });
        const document = parse(params.query);
        const errors = validate(schema, document);
        if (errors.length) return errors;
        return {
          schema,
          operationName: params.operationName,
          document,
          variableValues: params.variables,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe },
        };
      },
    },
    wss,
  );
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  let seq = 0;
  const produce: Producer = async () => {
    seq++;
    const done = seq % 2 === 0;
    pubSub.publish("tick", {
      seq,
      messageId: `TWVzc2FnZTpt${seq}`,
      requestId: "TWVzc2FnZVJlcXVlc3Q6cg==",
      status: done ? "COMPLETED" : "PROCESSING",
      statusCode: done ? "0" : null,
      telcoCode: done ? "SKT" : null,
      timestamp: new Date().toISOString(),
    });
    return seq;
  };
  const driver = new Driver(rx, produce);
  try {
    return await run(driver, async () => {
      const connectMs = await rx.connect(url, "tick", {});
      await rx.subscribe(`subscription { tick { ${FIELDS} } }`, {});
      return {
        "connect ms": Math.round(connectMs),
        "all subscriptions live ms": Math.round(await driver.warmUp()),
      };
    });
  } finally {
    await rx.close();
    await closeServer(server, wss);
  }
}

// ── B: the gateway, events appended to the log and published as the dispatcher does ──

interface Setup {
  "connect ms": number;
  "all subscriptions live ms": number;
}

async function withGateway<T>(
  rx: Receivers,
  run: (driver: Driver, setup: () => Promise<Setup>, statements: () => number) => Promise<T>,
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "smsgw-bench-"));
  let statements = 0;
  const app = buildApp(
    loadConfig({
      PORT: "0",
      HOST: "127.0.0.1",
      DATA_DIR: dir,
      LOG_LEVEL: "warn",
      DISPATCHER: "false",
    }),
    {
      logger: createLogger("warn"),
      jobs: false,
      onSql: () => statements++,
    },
  );
  try {
    await app.start();
    const { db } = app.deps;
    const accountId = app.demo!.accountId;
    const project = await db.project.create({ data: { accountId, name: "bench" } });
    await db.senderNumber.create({
      data: {
        accountId,
        number: "0212345678",
        method: "SMS",
        status: "APPROVED",
        approvedAt: new Date(),
      },
    });
    const actor: Actor = { accountId, keyId: "bench", role: "MEMBER" };
    const list = Array.from({ length: 1000 }, (_, i) => ({ to: `010${String(10_000_000 + i)}` }));
    const { requestId } = await sendMessage(app.deps, actor, {
      projectId: project.id,
      type: "SMS",
      contentType: "COMM",
      countryCode: "82",
      from: "0212345678",
      content: "bench",
      recipients: { list },
      invalidRecipients: "REFUSE_ALL",
    });
    const messages = await db.message.findMany({
      where: { requestId },
      select: { id: true },
      orderBy: { id: "asc" },
    });

    let k = 0;
    const produce: Producer = async () => {
      // Each message goes PROCESSING then COMPLETED: one event per transaction and per publish.
      const m = messages[Math.floor(k / 2) % messages.length]!;
      const completed = k++ % 2 === 1;
      const now = app.deps.clock.now();
      const events = await app.deps.programs.transaction(() =>
        appendStatusEvents(
          [
            {
              accountId,
              projectId: project.id,
              requestId,
              messageId: m.id,
              status: completed ? "COMPLETED" : "PROCESSING",
              result: completed ? "SUCCESS" : null,
              resultCode: completed ? "0" : null,
              resultMessage: completed ? "success" : null,
              telcoCode: completed ? "SKT" : null,
              completeTime: completed ? now : null,
            },
          ],
          now,
        ),
      );
      app.deps.pubsub.publish(events);
      return events[0]!.seq;
    };
    const driver = new Driver(rx, produce);
    const url = `${app.url.replace(/^http/, "ws")}/graphql`;
    const projectId = Buffer.from(`Project:${project.id}`).toString("base64");
    return await run(
      driver,
      async () => {
        const connectMs = await rx.connect(url, "messageStatusChanged", {
          authorization: `Bearer ${app.demo!.member.token}`,
        });
        await rx.subscribe(
          `subscription($projectId: ID!) { messageStatusChanged(projectId: $projectId) { ${FIELDS} } }`,
          { projectId },
        );
        return {
          "connect ms": Math.round(connectMs),
          "all subscriptions live ms": Math.round(await driver.warmUp()),
        };
      },
      () => statements,
    );
  } finally {
    await rx.close();
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

// ── run ────────────────────────────────────────────────────────────────────────────

async function main(): Promise<void> {
  // 2,000 listeners on one EventTarget type (Yoga's pub/sub, the gateway's in-memory bus) are
  // intended here; without this Node prints a MaxListenersExceededWarning for each.
  setMaxListeners(0);
  const watchdog = setTimeout(() => {
    console.error(`fan-out benchmark: still running after ${WATCHDOG_MS / 1000} s, giving up`);
    process.exit(1);
  }, WATCHDOG_MS);
  watchdog.unref();

  const fdLimit = spawnSync("sh", ["-c", "ulimit -n"], { encoding: "utf8" }).stdout.trim();
  const needed = (SPLIT ? 1 : 2) * CLIENTS + 500;
  if (Number(fdLimit) < needed)
    console.log(
      `WARNING: ulimit -n is ${fdLimit}; about ${needed} file descriptors are needed in one process`,
    );

  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  sampler.unref();

  const local = SPLIT ? null : new Clients();
  const remote = SPLIT ? new RemoteClients() : null;
  const rx: Receivers = (local ?? remote)!;
  const setup: Record<string, Setup> = {};
  try {
    const a = await withBaseline(rx, async (driver, connect) => {
      setup["A bare yoga + graphql-ws"] = await connect();
      return driver.throughput(EVENTS);
    });

    // "Half that rate" read both ways: half of the gateway's own rate, and half of the baseline's.
    const { b, c, cA, sql } = await withGateway(rx, async (driver, connect, statements) => {
      setup["B gateway messageStatusChanged"] = await connect();
      const s0 = statements();
      const b = await driver.throughput(EVENTS);
      const s1 = statements();
      const c = b.perSecond > 0 ? await driver.paced(b.perSecond / 2) : null;
      const cA = a.perSecond > 0 ? await driver.paced(a.perSecond / 2) : null;
      const s2 = statements();
      await sleep(IDLE_WATCH_MS);
      const idle = statements() - s2;
      return { b, c, cA, sql: { throughput: s1 - s0, paced: s2 - s1, idle } };
    });

    // The bare stack at the same paced rate, to tell the gateway's latency from the stack's.
    const c0 = c
      ? await withBaseline(rx, async (driver, connect) => {
          await connect();
          return driver.paced(c.eventsPerSecond * CLIENTS);
        })
      : null;
    const clientHealth = await rx.health();
    clearInterval(sampler);

    const row = (t: Throughput, target: string) => ({
      events: EVENTS,
      deliveries: `${t.deliveries}/${t.expected}`,
      "first publish → last delivery ms": Math.round(t.ms),
      "delivered events/s": Math.round(t.perSecond),
      target,
    });
    const latencyRow = (l: Latency, target: string) => ({
      events: l.events,
      "events/s": Number(l.eventsPerSecond.toFixed(1)),
      "deliveries/s": Math.round(l.eventsPerSecond * CLIENTS),
      deliveries: `${l.deliveries}/${l.expected}`,
      "p50 ms": l.p50.toFixed(1),
      "p95 ms": l.p95.toFixed(1),
      "p99 ms": l.p99.toFixed(1),
      "max ms": l.max.toFixed(1),
      "server send p50/p99 ms": `${l.serverP50.toFixed(1)} / ${l.serverP99.toFixed(1)}`,
      target,
    });
    const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
    console.log(
      `\nfan-out of status events to ${CLIENTS.toLocaleString("en")} graphql-ws subscribers, ` +
        (SPLIT ? "clients in a child process" : "clients and server in this one process") +
        `; ulimit -n ${fdLimit}\n`,
    );
    console.table(setup);
    console.table({
      "A bare yoga + graphql-ws (baseline)": row(a, "-"),
      "B gateway, one project": row(b, "≥ 80 % of A"),
    });
    console.log(`ratio B / A: ${((b.perSecond / a.perSecond) * 100).toFixed(0)} % (target ≥ 80 %)`);
    if (c && c0) {
      console.table({
        "C gateway at half of B's rate": latencyRow(c, "p99 ≤ 50 ms"),
        "C′ bare yoga + graphql-ws, same rate": latencyRow(c0, "-"),
        ...(cA
          ? { "C″ gateway at half of A's (baseline) rate": latencyRow(cA, "p99 ≤ 50 ms") }
          : {}),
      });
    } else console.log("C skipped: B delivered nothing");
    console.log(
      `gateway Prisma statements: ${sql.throughput} during B, ${sql.paced} during C, ${sql.idle} in ${IDLE_WATCH_MS / 1000} s with ${CLIENTS.toLocaleString("en")} idle subscriptions`,
    );
    console.log(
      `peak RSS: ${mb(peakRss)}${SPLIT ? ` (server process), ${mb(clientHealth.peakRss)} (clients process)` : ""}`,
    );
    if (clientHealth.errors.length || clientHealth.unexpectedCloses) {
      console.log(
        `clients: ${clientHealth.unexpectedCloses} sockets closed unexpectedly; errors (first 20): ${clientHealth.errors.join("; ")}`,
      );
    }
  } finally {
    clearInterval(sampler);
    local?.stop();
    await remote?.exit();
  }
}

if (process.argv.includes(CHILD_FLAG)) serveClients();
else await main();
