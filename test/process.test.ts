// Issue "Two commands": the real entry point (what `npm start` runs) on a fresh data
// directory prints demo keys once, serves GraphQL, and shuts down cleanly on SIGTERM/SIGINT;
// the CLI creates accounts and keys and revokes keys against the same database.
import { spawn, execFile, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./helpers/db.ts";
import { eventually } from "./helpers/eventually.ts";

const root = join(import.meta.dirname, "..");
const tsx = join(root, "node_modules", ".bin", "tsx");
let db: TestDatabase;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  db = await createTestDatabase();
  env = {
    ...process.env,
    DATA_DIR: join(db.dataDir, "data"),
    DATABASE_URL: db.url,
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "info",
  };
});
afterAll(async () => db?.drop());

interface Running {
  url: string;
  output: () => string;
  exited: Promise<number | null>;
  npmPid: number;
  /** Signals npm, as a process manager (systemd, Docker, Kubernetes) does. */
  kill(signal: NodeJS.Signals): void;
  /** Signals the whole process group, as Ctrl-C in a terminal does. */
  killGroup(signal: NodeJS.Signals): void;
}

/**
 * Runs `npm start` exactly as a user or a process manager does (npm, its shell, the
 * gateway), in a process group of its own so that SIGINT can go to the whole group like
 * Ctrl-C in a terminal.
 */
function startGatewayProcess(extraEnv: NodeJS.ProcessEnv = {}): Promise<Running> {
  const child = spawn("npm", ["start", "--silent"], {
    cwd: root,
    env: { ...env, ...extraEnv },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let out = "";
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /"url":"(http:\/\/[^"]+)\/graphql"[^\n]*"gateway listening"/.exec(out);
      if (m)
        resolve({
          url: m[1]!,
          npmPid: child.pid!,
          output: () => out,
          exited,
          kill: (s) => child.kill(s),
          killGroup: (s) => process.kill(-child.pid!, s),
        });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    void exited.then((code) => reject(new Error(`gateway exited early (${code}):\n${out}`)));
  });
}

/** The command lines of a process's direct children (Linux /proc). */
function childrenOf(pid: number): { pid: number; cmdline: string[] }[] {
  const ids = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map(Number);
  return ids.map((id) => ({
    pid: id,
    cmdline: readFileSync(`/proc/${id}/cmdline`, "utf8").split("\0").filter(Boolean),
  }));
}

const viewer = async (url: string, key: string) => {
  const res = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify({ query: "{ viewer { role } }" }),
  });
  return {
    status: res.status,
    body: (await res.json()) as { data?: { viewer: { role: string } } },
  };
};

const cli = async (...args: string[]) =>
  (await promisify(execFile)(tsx, ["src/cli.ts", ...args], { cwd: root, env })).stdout;

// Every test here starts Node processes (tsx compiles on start): seconds each on a loaded
// machine, so the time limits are generous; they only catch a hang.
const PROCESSES = { timeout: 120_000 };

describe("the gateway process", PROCESSES, () => {
  it("on a fresh data directory prints an operator and a member key once; they work", async () => {
    const gw = await startGatewayProcess();
    const operator = /operator key:\s+(sgw_\S+)/.exec(gw.output())?.[1];
    const member = /member key:\s+(sgw_\S+)/.exec(gw.output())?.[1];
    expect(operator).toBeDefined();
    expect(member).toBeDefined();
    expect((await viewer(gw.url, operator!)).body.data?.viewer.role).toBe("OPERATOR");
    expect((await viewer(gw.url, member!)).body.data?.viewer.role).toBe("MEMBER");
    gw.kill("SIGTERM");
    expect(await gw.exited).toBe(0);
    expect(gw.output()).toContain("gateway stopped");
  });

  it("a second start on the same data prints no keys, and SIGINT also stops it cleanly", async () => {
    const gw = await startGatewayProcess();
    expect(gw.output()).not.toContain("Demo account created");
    const health = await fetch(`${gw.url}/healthz`);
    expect(health.status).toBe(200);
    gw.killGroup("SIGINT");
    expect(await gw.exited).toBe(0);
  });
});

const gql = async <T>(
  url: string,
  key: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> => {
  const res = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data: T; errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
};

const PROGRESS = `query($id: ID!) { node(id: $id) { ... on MessageRequest { progress { total ready completed success } } } }`;
type Progress = {
  node: { progress: { total: number; ready: number; completed: number; success: number } };
};

/** A project and an APPROVED sender number, made through the API (SMS verification read from the simulated inbox). */
async function readyToSend(url: string, member: string, operator: string): Promise<string> {
  const number = "0212345678";
  const p = await gql<{ createProject: { data: { id: string } } }>(
    url,
    member,
    `mutation { createProject(input: { name: "Stop test" }) { ... on MutationCreateProjectSuccess { data { id } } } }`,
  );
  const reg = await gql<{ registerSenderNumber: { data: { id: string } } }>(
    url,
    member,
    `mutation { registerSenderNumber(input: { number: "${number}", method: SMS }) { ... on MutationRegisterSenderNumberSuccess { data { id } } } }`,
  );
  const inbox = await gql<{ simulatedInbox: { content: string }[] }>(
    url,
    operator,
    `query { simulatedInbox(to: "${number}") { content } }`,
  );
  const code = /(\d{6})/.exec(inbox.simulatedInbox[0]!.content)![1]!;
  await gql(
    url,
    member,
    `mutation($id: ID!, $code: String!) { confirmSenderNumber(id: $id, code: $code) { __typename } }`,
    { id: reg.registerSenderNumber.data.id, code },
  );
  return p.createProject.data.id;
}

describe("stopping under CPU load", () => {
  it("npm start is one Node process (no wrapper relaying signals); SIGTERM with both cores busy finishes in-flight deliveries and exits 0", async () => {
    // Two busy loops: the gateway competes for both cores while it starts, delivers and stops.
    const burners: ChildProcess[] = [0, 1].map(() =>
      spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" }),
    );
    // A database of its own, so the demo keys are printed again.
    const fresh = await createTestDatabase();
    const own = { DATA_DIR: join(fresh.dataDir, "data"), DATABASE_URL: fresh.url };
    try {
      const gw = await startGatewayProcess({ ...own, CARRIER_LATENCY_MS: "1500" });
      const [only, ...others] = childrenOf(gw.npmPid);
      expect(others).toEqual([]);
      // npm runs the gateway itself (the script execs node): no shell, no tsx CLI in between.
      expect(only!.cmdline.slice(1)).toEqual(["--import", "tsx", "src/main.ts"]);
      expect(
        childrenOf(only!.pid).filter((c) => c.cmdline.some((a) => a.includes("main.ts"))),
      ).toEqual([]);

      const operator = /operator key:\s+(sgw_\S+)/.exec(gw.output())![1]!;
      const member = /member key:\s+(sgw_\S+)/.exec(gw.output())![1]!;
      const projectId = await readyToSend(gw.url, member, operator);
      const list = Array.from({ length: 20 }, (_, i) => ({ to: `010${String(30_000_000 + i)}` }));
      const sent = await gql<{ sendMessage: { data: { request: { id: string } } } }>(
        gw.url,
        member,
        `mutation($input: SendMessageInput!) { sendMessage(input: $input) { ... on MutationSendMessageSuccess { data { request { id } } } ... on Error { code message } } }`,
        { input: { projectId, from: "0212345678", content: "stop test", recipients: { list } } },
      );
      const requestId = sent.sendMessage.data.request.id;
      // Wait until the dispatcher holds every message (claimed, carrier answer pending), then stop.
      await eventually(
        async () =>
          (await gql<Progress>(gw.url, member, PROGRESS, { id: requestId })).node.progress,
        (progress) => progress.ready === 0,
        "the dispatcher to hold every message",
      );
      gw.kill("SIGTERM");
      expect(await gw.exited).toBe(0);
      expect(gw.output()).toContain("gateway stopped");

      // Nothing was left PROCESSING for a lease to expire: the stop waited for the carrier.
      const again = await startGatewayProcess(own);
      try {
        expect(
          (await gql<Progress>(again.url, member, PROGRESS, { id: requestId })).node.progress,
        ).toEqual({ total: 20, ready: 0, completed: 20, success: 20 });
      } finally {
        again.kill("SIGTERM");
        expect(await again.exited).toBe(0);
      }
    } finally {
      for (const b of burners) b.kill("SIGKILL");
      await fresh.drop();
    }
  }, 60_000);
});

describe("the CLI", PROCESSES, () => {
  it("creates an account with a key, issues more keys, and revokes them for a running gateway", async () => {
    const created = await cli("accounts:create", "Acme Corp");
    const accountId = /account (\S+)/.exec(created)?.[1];
    const memberKey = /member key \S+: (sgw_\S+)/.exec(created)?.[1];
    expect(accountId).toBeDefined();
    const opOut = await cli("keys:create", accountId!, "night shift", "--role", "operator");
    const operatorKey = /operator key \S+: (sgw_\S+)/.exec(opOut)?.[1];
    expect(operatorKey).toBeDefined();

    const gw = await startGatewayProcess();
    try {
      expect((await viewer(gw.url, memberKey!)).body.data?.viewer.role).toBe("MEMBER");
      expect((await viewer(gw.url, operatorKey!)).body.data?.viewer.role).toBe("OPERATOR");
      const listed = await cli("keys:list", accountId!);
      expect(listed).toContain("night shift");
      expect(listed).not.toContain(operatorKey!);
      expect(await cli("keys:revoke", operatorKey!)).toMatch(/^revoked /);
      expect((await viewer(gw.url, operatorKey!)).status).toBe(401);
      expect((await viewer(gw.url, memberKey!)).status).toBe(200);
    } finally {
      gw.kill("SIGTERM");
      await gw.exited;
    }
  });

  it("reports bad usage with a clear message and a non-zero exit", async () => {
    await expect(cli("keys:create", "no-such-account", "x")).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining("no account no-such-account"),
    });
    await expect(cli("keys:create", "a", "b", "--role", "admin")).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining("--role must be member or operator"),
    });
  });
});
