// Runs the gateway entry point (`src/main.ts`, what `npm start` runs) as a real child process
// against a test database — started with `node --import tsx` so its pid is the gateway
// itself. Its URL comes from the "gateway listening" log line (PORT=0 picks a free port),
// and on a fresh database the demo keys from the box it prints once.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { stopAfterEachTestIfMoved } from "./clocks.ts";
import type { TestDatabase } from "./db.ts";
import type { GraphQLResponse, Tenant } from "./harness.ts";

const root = join(import.meta.dirname, "..", "..");

export interface GatewayProcess {
  pid: number;
  /** http://127.0.0.1:<port> (no path). */
  url: string;
  /** `${url}/graphql` */
  graphqlUrl: string;
  /** The demo account's keys, when this process created it (a fresh database). */
  demo: Tenant | null;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
  kill(signal: NodeJS.Signals): void;
  gql<R>(
    query: string,
    variables: Record<string, unknown> | undefined,
    key: string | null,
  ): Promise<GraphQLResponse<R>>;
}

/** Resolves once the gateway listens; rejects (with its output) if it exits first. */
export function spawnGateway(
  db: TestDatabase,
  env: Record<string, string> = {},
): Promise<GatewayProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: root,
    env: {
      ...process.env,
      PORT: "0",
      HOST: "127.0.0.1",
      DATABASE_URL: db.url,
      DATA_DIR: db.dataDir,
      LOG_LEVEL: "info",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  stopAfterEachTestIfMoved(env, { kill: (signal) => child.kill(signal), exited });
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const url = /"url":"(http:\/\/[^"]+)\/graphql"[^\n]*"gateway listening"/.exec(out)?.[1];
      if (!url) return;
      child.stdout.off("data", onData);
      child.stderr.off("data", onData);
      child.stdout.on("data", (c: Buffer) => (out += c.toString()));
      child.stderr.on("data", (c: Buffer) => (out += c.toString()));
      resolve(
        gatewayProcess(
          child.pid!,
          url,
          demoKeys(out),
          exited,
          () => out,
          (signal) => child.kill(signal),
        ),
      );
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    void exited.then(({ code, signal }) =>
      reject(
        new Error(`gateway exited before it listened (code ${code}, signal ${signal}):\n${out}`),
      ),
    );
  });
}

function gatewayProcess(
  pid: number,
  url: string,
  demo: Tenant | null,
  exited: GatewayProcess["exited"],
  output: () => string,
  kill: (signal: NodeJS.Signals) => void,
): GatewayProcess {
  const graphqlUrl = `${url}/graphql`;
  return {
    pid,
    url,
    graphqlUrl,
    demo,
    exited,
    output,
    kill,
    async gql<R>(
      query: string,
      variables: Record<string, unknown> | undefined,
      key: string | null,
    ) {
      const res = await fetch(graphqlUrl, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(key ? { authorization: `Bearer ${key}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      return { ...((await res.json()) as GraphQLResponse<R>), status: res.status };
    },
  };
}

/** The keys main.ts prints once in its "Demo account created" box. */
function demoKeys(out: string): Tenant | null {
  const accountId = /account:\s+(\S+)/.exec(out)?.[1];
  const operatorKey = /operator key:\s+(sgw_\S+)/.exec(out)?.[1];
  const memberKey = /member key:\s+(sgw_\S+)/.exec(out)?.[1];
  return accountId && operatorKey && memberKey ? { accountId, operatorKey, memberKey } : null;
}

/** A TCP port nobody listens on right now (for settings such as METRICS_PORT where 0 means "off"). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

// ── reading /metrics (Prometheus text) of a gateway or worker ────────────────────────

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
      labels[l[1]!] = l[2]!;
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return samples;
}

export interface Scrape {
  /** Sum of the samples named `name` whose labels include `labels`; undefined when there is none. */
  get(name: string, labels?: Record<string, string>): number | undefined;
  samples: Sample[];
}

/** GET `${baseUrl}/metrics`; fails unless it is a 200 in Prometheus text format 0.0.4. */
export async function scrape(baseUrl: string): Promise<Scrape> {
  const res = await fetch(`${baseUrl}/metrics`);
  const type = res.headers.get("content-type") ?? "";
  if (res.status !== 200 || !type.startsWith("text/plain; version=0.0.4"))
    throw new Error(`GET /metrics answered ${res.status} (${type})`);
  const samples = parseMetrics(await res.text());
  return {
    samples,
    get(name, labels = {}) {
      const matching = samples.filter(
        (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
      );
      return matching.length ? matching.reduce((sum, s) => sum + s.value, 0) : undefined;
    },
  };
}
