// Starts the real gateway (HTTP + WebSocket) on a free port and a fresh database, and
// talks to it the way clients do: JSON and multipart POSTs with Bearer keys.
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print, type DocumentNode } from "graphql";
import { buildApp, type App } from "../../src/app.ts";
import { OffsetClock, type Clock } from "../../src/clock.ts";
import { loadConfig } from "../../src/config.ts";
import type { Carrier } from "../../src/delivery/carrier.ts";
import { createLogger } from "../../src/logger.ts";
import { createAccount, issueApiKey } from "../../src/services/accounts.ts";
import { resetAfterEachTest } from "./clocks.ts";
import { createTestDatabase, type TestDatabase } from "./db.ts";

export interface GraphQLResponse<T> {
  status: number;
  data: T;
  errors?: { message: string; extensions?: Record<string, unknown>; path?: (string | number)[] }[];
}

export interface Tenant {
  accountId: string;
  memberKey: string;
  operatorKey: string;
}

export interface TestGateway {
  app: App;
  url: string;
  clock: OffsetClock;
  db: TestDatabase;
  /** The demo account's keys (created on first start). */
  demo: Tenant;
  /** A fresh account with a member and an operator key. */
  newTenant(name?: string): Promise<Tenant>;
  gql<R, V>(
    doc: TypedDocumentNode<R, V> | DocumentNode | string,
    variables?: V,
    key?: string | null,
  ): Promise<GraphQLResponse<R>>;
  /** GraphQL multipart request: `files` maps variable paths (e.g. "input.proof") to files. */
  upload<R, V>(
    doc: TypedDocumentNode<R, V> | string,
    variables: unknown,
    files: Record<string, File>,
    key?: string | null,
  ): Promise<GraphQLResponse<R>>;
  stop(): Promise<void>;
}

export interface StartOptions {
  env?: Record<string, string>;
  /** Receives every log line as a parsed JSON object. */
  onLog?: (line: Record<string, unknown>) => void;
  /** Receives every SQL statement Prisma sends. */
  onSql?: (sql: string) => void;
  clock?: Clock;
  carrier?: Carrier;
  /**
   * Start on an existing database (e.g. a second gateway next to the first) instead of a
   * fresh one; the caller owns it, so stop() leaves it alone. Pass that gateway's `demo`
   * too: the demo account is only created on a fresh database.
   */
  database?: TestDatabase;
  demo?: Tenant;
}

const source = (doc: TypedDocumentNode<unknown, unknown> | DocumentNode | string) => {
  if (typeof doc === "string") return doc;
  if (!doc || !("kind" in doc))
    throw new Error("GraphQL document not generated: run `npm run codegen`");
  return print(doc);
};

export async function startGateway(options: StartOptions = {}): Promise<TestGateway> {
  const db = options.database ?? (await createTestDatabase());
  const clock = (options.clock as OffsetClock | undefined) ?? new OffsetClock();
  if (clock instanceof OffsetClock) resetAfterEachTest(clock);
  const config = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: db.dataDir,
    DATABASE_URL: db.url,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    CARRIER_LATENCY_MS: "0",
    // In-process gateways deliver webhooks on their own event loop, where the test's clock,
    // carrier and log capture reach them; test/webhooks-thread.test.ts runs the thread.
    WEBHOOK_THREAD: "false",
    ...options.env,
  });
  const app = buildApp(config, {
    clock,
    logger: options.onLog
      ? createLogger(config.logLevel === "silent" ? "info" : config.logLevel, {
          write: (s: string) => options.onLog!(JSON.parse(s)),
        })
      : createLogger(config.logLevel),
    ...(options.carrier ? { carrier: options.carrier } : {}),
    ...(options.onSql ? { onSql: options.onSql } : {}),
    jobs: false,
  });
  await app.start();
  const demo: Tenant = options.demo ?? demoTenant(app);
  const url = `${app.url}/graphql`;

  async function gql<R, V>(
    doc: TypedDocumentNode<R, V> | DocumentNode | string,
    variables?: V,
    key: string | null = demo.memberKey,
  ) {
    const res = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(key ? { authorization: `Bearer ${key}` } : {}),
      },
      body: JSON.stringify({
        query: source(doc as TypedDocumentNode<unknown, unknown>),
        variables,
      }),
    });
    const body = (await res.json()) as GraphQLResponse<R>;
    return { ...body, status: res.status };
  }

  async function upload<R, V>(
    doc: TypedDocumentNode<R, V> | string,
    variables: unknown,
    files: Record<string, File>,
    key: string | null = demo.memberKey,
  ) {
    const form = new FormData();
    const entries = Object.entries(files);
    form.append(
      "operations",
      JSON.stringify({ query: source(doc as TypedDocumentNode<unknown, unknown>), variables }),
    );
    form.append(
      "map",
      JSON.stringify(
        Object.fromEntries(entries.map(([path], i) => [String(i), [`variables.${path}`]])),
      ),
    );
    entries.forEach(([, file], i) => {
      form.append(String(i), file, file.name);
    });
    const res = await fetch(url, {
      method: "POST",
      headers: key ? { authorization: `Bearer ${key}` } : {},
      body: form,
    });
    const body = (await res.json()) as GraphQLResponse<R>;
    return { ...body, status: res.status };
  }

  return {
    app,
    url,
    clock,
    db,
    demo,
    async newTenant(name = "Tenant") {
      const account = await createAccount(app.deps.db, name);
      const member = await issueApiKey(app.deps.db, account.id, "member", "MEMBER", null);
      const operator = await issueApiKey(app.deps.db, account.id, "operator", "OPERATOR", null);
      return { accountId: account.id, memberKey: member.token, operatorKey: operator.token };
    },
    gql,
    upload,
    async stop() {
      await app.stop();
      if (!options.database) await db.drop();
    },
  };
}

function demoTenant(app: App): Tenant {
  if (!app.demo) throw new Error("startGateway on an existing database needs `demo`");
  return {
    accountId: app.demo.accountId,
    memberKey: app.demo.member.token,
    operatorKey: app.demo.operator.token,
  };
}

/** Unwraps a typed-errors union: asserts the Success variant and returns its `data`. */
export function ok<T extends { __typename?: string }>(
  result: T | null | undefined,
): Extract<T, { data: unknown }>["data"] {
  if (!result || !("data" in result))
    throw new Error(`expected success, got ${JSON.stringify(result)}`);
  return (result as { data: unknown }).data as never;
}
