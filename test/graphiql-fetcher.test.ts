// The fetcher GraphiQL's page uses (src/http/graphiql-fetcher.js), run in Node against the
// real gateway with graphql-ws and ws: the Headers tab's Authorization reaches
// connection_init in any capitalisation, and every way a subscription cannot start ends
// with a readable error result instead of a result that never comes.
import { readFile } from "node:fs/promises";
import { encodeGlobalID } from "@pothos/plugin-relay";
import { parse, type FormattedExecutionResult } from "graphql";
import { createClient } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import {
  createGatewayFetcher,
  operationType,
  operationTypeOfText,
  wsFailure,
  type ResultObservable,
} from "../src/http/graphiql-fetcher.js";
import { approvedSender, project } from "./helpers/fixtures.ts";
import { startGateway, type TestGateway } from "./helpers/harness.ts";

const SEND = `
  mutation Send($input: SendMessageInput!) {
    sendMessage(input: $input) { __typename ... on MutationSendMessageSuccess { data { request { id } } } }
  }
`;

/** Collects results until `enough` holds (then unsubscribes) or the stream completes; errors reject. */
function collect(
  obs: ResultObservable,
  enough: (results: FormattedExecutionResult[]) => boolean = () => false,
) {
  return new Promise<{ results: FormattedExecutionResult[]; completed: boolean }>(
    (resolve, reject) => {
      const results: FormattedExecutionResult[] = [];
      let sub: { unsubscribe(): void } | undefined;
      let settled = false;
      const settle = (completed: boolean) => {
        if (settled) return;
        settled = true;
        sub?.unsubscribe();
        resolve({ results, completed });
      };
      sub = obs.subscribe({
        next: (r) => {
          results.push(r);
          if (enough(results)) settle(false);
        },
        error: reject,
        complete: () => settle(true),
      });
      if (settled) sub.unsubscribe();
    },
  );
}

describe("GraphiQL's fetcher against the gateway", () => {
  let gw: TestGateway;
  let requestGid: string;
  let fetcher: ReturnType<typeof createGatewayFetcher>;
  // requestProgress answers at once with the current counts: a result proves the socket was accepted.
  const progress = () => {
    const query = `subscription { requestProgress(requestId: "${requestGid}") { total ready } }`;
    return { params: { query }, documentAST: parse(query) };
  };
  const subscribe = (headers: Record<string, unknown>) => {
    const { params, documentAST } = progress();
    return fetcher(params, { headers, documentAST }) as ResultObservable;
  };

  beforeAll(async () => {
    // No delivery: the request stays READY, so its progress is known.
    gw = await startGateway({ env: { DISPATCHER: "false" } });
    await approvedSender(gw, gw.demo.accountId);
    const projectId = (await project(gw, gw.demo.accountId)).id;
    const sent = await gw.gql<{ sendMessage: { data?: { request: { id: string } } } }, unknown>(
      SEND,
      {
        input: {
          projectId: encodeGlobalID("Project", projectId),
          type: "SMS",
          from: "0212345678",
          content: "fetcher",
          recipients: { list: [{ to: "01011112222" }] },
        },
      },
    );
    requestGid = sent.data.sendMessage.data!.request.id;
    fetcher = createGatewayFetcher({ url: gw.url, createClient, webSocketImpl: WebSocket });
  });
  afterAll(() => gw?.stop());

  it("subscribes over graphql-ws when GraphiQL passes a stale document (the previous query) or none", async () => {
    const { params } = progress();
    for (const documentAST of [parse("{ viewer { role } }"), undefined]) {
      const observable = fetcher(params, {
        headers: { authorization: `Bearer ${gw.demo.memberKey}` },
        documentAST,
      }) as ResultObservable;
      const { results } = await collect(observable, (r) => r.length >= 1);
      expect(results[0]).toEqual({ data: { requestProgress: { total: 1, ready: 1 } } });
    }
  });

  it.each(["Authorization", "authorization", "AUTHORIZATION", "aUtHoRiZaTiOn"])(
    "sends the %s header as connection_init's authorization",
    async (name) => {
      const { results } = await collect(
        subscribe({ [name]: `Bearer ${gw.demo.memberKey}` }),
        (r) => r.length >= 1,
      );
      expect(results[0]).toEqual({ data: { requestProgress: { total: 1, ready: 1 } } });
    },
  );

  it("ends a subscription without a key with UNAUTHENTICATED, from the gateway's 4403 close", async () => {
    const { results, completed } = await collect(subscribe({ "x-other": "1" }));
    expect(completed).toBe(true);
    expect(results).toHaveLength(1);
    expect(results[0]!.errors).toEqual([
      {
        message: expect.stringContaining("Subscriptions need an API key"),
        extensions: { code: "UNAUTHENTICATED", closeCode: 4403 },
      },
    ]);
  });

  it("ends a subscription with an unknown, malformed or revoked key with INVALID_API_KEY, from the gateway's 4403 close", async () => {
    const revoked = await gw.newTenant("Revoked");
    await gw.app.deps.db.apiKey.updateMany({
      where: { accountId: revoked.accountId },
      data: { revokedAt: new Date() },
    });
    for (const value of ["Bearer sgw_unknown", "Token abc", `Bearer ${revoked.memberKey}`]) {
      const { results, completed } = await collect(subscribe({ Authorization: value }));
      expect(completed).toBe(true);
      expect(results[0]!.errors).toEqual([
        {
          message: expect.stringContaining("The gateway refused the API key"),
          extensions: { code: "INVALID_API_KEY", closeCode: 4403 },
        },
      ]);
    }
  });

  it("refuses an ambiguous or non-string Authorization in the Headers tab before opening a socket", async () => {
    const twice = await collect(
      subscribe({ Authorization: `Bearer ${gw.demo.memberKey}`, authorization: "Bearer other" }),
    );
    expect(twice.completed).toBe(true);
    expect(twice.results[0]!.errors?.[0]).toMatchObject({
      message:
        "The Headers tab has 2 Authorization headers (Authorization, authorization); keep one.",
      extensions: { code: "INVALID_API_KEY" },
    });
    const number = await collect(subscribe({ Authorization: 42 }));
    expect(number.results[0]!.errors?.[0]?.message).toBe(
      "The Authorization header must be the string Bearer <key>, not 42.",
    );
  });

  it("runs queries over HTTP with the Headers tab's headers, any capitalisation", async () => {
    const query = "{ viewer { role accountId } }";
    const result = await fetcher(
      { query },
      { headers: { AUTHORIZATION: `Bearer ${gw.demo.memberKey}` }, documentAST: parse(query) },
    );
    expect(result).toEqual({ data: { viewer: { role: "MEMBER", accountId: gw.demo.accountId } } });
    const anonymous = (await fetcher(
      { query },
      { headers: {}, documentAST: parse(query) },
    )) as FormattedExecutionResult;
    expect(anonymous.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("serves the fetcher and graphql-ws's browser build as GraphiQL assets, and nothing that is not one", async () => {
    const asset = (name: string) => fetch(`${gw.app.url}/graphiql-assets/${name}`);
    const fetcherJs = await asset("gateway-fetcher.js");
    expect(fetcherJs.status).toBe(200);
    expect(fetcherJs.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(await fetcherJs.text()).toBe(
      await readFile(new URL("../src/http/graphiql-fetcher.js", import.meta.url), "utf8"),
    );
    const ws = await asset("graphql-ws.min.js");
    expect(ws.status).toBe(200);
    expect(await ws.text()).toContain("graphqlWs");
    // The page links every asset with the same content version, so a day-long cache never serves an old one.
    const page = await (await fetch(gw.url, { headers: { accept: "text/html" } })).text();
    const links = [...page.matchAll(/\/graphiql-assets\/([^"?]+)(\?v=[0-9a-f]{12})?"/g)];
    expect(links.map((l) => l[1]).sort()).toEqual([
      "gateway-fetcher.js",
      "graphiql.css",
      "graphql-ws.min.js",
      "monacoeditorwork/editor.worker.bundle.js",
      "monacoeditorwork/graphql.worker..bundle.js",
      "monacoeditorwork/json.worker.bundle.js",
      "yoga-graphiql.umd.js",
    ]);
    expect(new Set(links.map((l) => l[2])).size).toBe(1);
    expect(links[0]![2]).toBeDefined();
    // Names of Object.prototype's members are not assets (they used to reach readFile and a 500).
    for (const name of [
      "constructor",
      "toString",
      "__proto__",
      "graphiql-fetcher.d.ts",
      "..%2Fpackage.json",
    ]) {
      expect((await asset(name)).status, name).toBe(404);
    }
  });

  it("picks the transport by the operation GraphiQL runs, and explains other close codes", () => {
    const doc = parse(
      'query A { viewer { role } } subscription B { requestProgress(requestId: "x") { total } }',
    );
    expect(operationType(doc, "A")).toBe("query");
    expect(operationType(doc, "B")).toBe("subscription");
    // Ambiguous or unparsed: HTTP, where the gateway says what is wrong.
    expect(operationType(doc, undefined)).toBeUndefined();
    expect(operationType(null, undefined)).toBeUndefined();
    // Without GraphiQL's parsed document (run right after typing), the text decides.
    expect(
      operationTypeOfText(`subscription { messageStatusChanged(requestId: "x") { seq } }`),
    ).toBe("subscription");
    expect(operationTypeOfText(`# subscription in a comment\n{ viewer { role } }`)).toBe("query");
    expect(
      operationTypeOfText(
        `query A($s: String = "subscription {") { viewer { role } } subscription B($id: ID!) { requestProgress(requestId: $id) { total } }`,
        "B",
      ),
    ).toBe("subscription");
    expect(
      operationTypeOfText(
        `query A($s: String = "subscription {") { viewer { role } } subscription B($id: ID!) { requestProgress(requestId: $id) { total } }`,
        "A",
      ),
    ).toBe("query");
    expect(
      operationTypeOfText(
        `fragment F on Query { viewer { role } } mutation M { createProject(input: { name: "query" }) { __typename } }`,
      ),
    ).toBe("mutation");
    expect(operationTypeOfText(`query A { a } query B { b }`)).toBeUndefined();
    expect(wsFailure({ code: 1001, reason: "server shutting down" }, "ws://x", true)).toEqual({
      errors: [
        {
          message:
            "The gateway closed the WebSocket (1001: server shutting down) — the gateway is shutting down or restarting; run the subscription again.",
          extensions: { closeCode: 1001 },
        },
      ],
    });
    expect(
      wsFailure([{ message: "limit", extensions: { code: "LIMIT_EXCEEDED" } }], "ws://x", true),
    ).toEqual({ errors: [{ message: "limit", extensions: { code: "LIMIT_EXCEEDED" } }] });
  });
});
