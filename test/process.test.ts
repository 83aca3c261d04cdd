// Issue "Two commands": the real entry point (what `npm start` runs) on a fresh data
// directory prints demo keys once, serves GraphQL, and shuts down cleanly on SIGTERM/SIGINT;
// the CLI creates accounts and keys and revokes keys against the same database.
import { spawn, execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./helpers/db.ts";

const root = join(import.meta.dirname, "..");
const tsx = join(root, "node_modules", ".bin", "tsx");
let db: TestDatabase;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  db = await createTestDatabase();
  env = { ...process.env, DATA_DIR: join(db.dataDir, "data"), DATABASE_URL: db.url, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info" };
});
afterAll(async () => db?.drop());

interface Running {
  url: string;
  output: () => string;
  exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
}

function startGatewayProcess(): Promise<Running> {
  const child = spawn(tsx, ["src/main.ts"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /"url":"(http:\/\/[^"]+)\/graphql"[^\n]*"gateway listening"/.exec(out);
      if (m) resolve({ url: m[1]!, output: () => out, exited, kill: (s) => child.kill(s) });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    void exited.then((code) => reject(new Error(`gateway exited early (${code}):\n${out}`)));
  });
}

const viewer = async (url: string, key: string) => {
  const res = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify({ query: "{ viewer { role } }" }),
  });
  return { status: res.status, body: (await res.json()) as { data?: { viewer: { role: string } } } };
};

const cli = async (...args: string[]) => (await promisify(execFile)(tsx, ["src/cli.ts", ...args], { cwd: root, env })).stdout;

describe("the gateway process", () => {
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
    gw.kill("SIGINT");
    expect(await gw.exited).toBe(0);
  });
});

describe("the CLI", () => {
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
    await expect(cli("keys:create", "no-such-account", "x")).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("no account no-such-account") });
    await expect(cli("keys:create", "a", "b", "--role", "admin")).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("--role must be member or operator") });
  });
});
