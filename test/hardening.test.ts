// Issue "Hardened from day one": depth / cost / alias / token limits, request size limit,
// masked unexpected errors with logged context, CORS, health and request ids.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway, type TestGateway } from "./helpers/harness.ts";

let gw: TestGateway;
const logs: Record<string, unknown>[] = [];
beforeAll(async () => {
  gw = await startGateway({
    env: {
      GRAPHQL_MAX_DEPTH: "3",
      GRAPHQL_MAX_COMPLEXITY: "60",
      GRAPHQL_MAX_ALIASES: "5",
      GRAPHQL_MAX_TOKENS: "400",
      MAX_REQUEST_BYTES: "20000",
      CORS_ORIGINS: "https://app.example.com,https://admin.example.com",
    },
    onLog: (l) => logs.push(l),
  });
});
afterAll(async () => gw?.stop());

const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(gw.url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: `Bearer ${gw.demo.memberKey}`,
      ...headers,
    },
    body,
  });

describe("query limits", () => {
  it("refuses queries deeper than GRAPHQL_MAX_DEPTH", async () => {
    const r = await gw.gql(`{ projects(first: 1) { edges { node { id } } } }`);
    expect(r.errors?.[0]?.extensions?.code).toBe("QUERY_TOO_COMPLEX");
    expect(r.errors?.[0]?.message).toMatch(/depth 4 exceeds the limit of 3/);
    const shallow = await gw.gql(`{ projects(first: 1) { totalCount } }`);
    expect(shallow.errors).toBeUndefined();
  });

  it("refuses queries whose estimated cost exceeds GRAPHQL_MAX_COMPLEXITY", async () => {
    const r = await gw.gql(`{ apiKeys { id name role prefix createdAt lastUsedAt revokedAt } }`);
    expect(r.errors?.[0]?.extensions?.code).toBe("QUERY_TOO_COMPLEX");
    expect(r.errors?.[0]?.message).toMatch(/complexity \d+ exceeds the limit of 60/);
  });

  it("refuses more aliases than GRAPHQL_MAX_ALIASES", async () => {
    const aliases = Array.from({ length: 6 }, (_, i) => `a${i}: viewer { role }`).join(" ");
    const r = await gw.gql(`{ ${aliases} }`);
    expect(r.errors?.[0]?.message).toMatch(/aliases/i);
    const ok = await gw.gql(
      `{ ${Array.from({ length: 5 }, (_, i) => `a${i}: viewer { role }`).join(" ")} }`,
    );
    expect(ok.errors).toBeUndefined();
  });

  it("refuses documents with more tokens than GRAPHQL_MAX_TOKENS before parsing them fully", async () => {
    const r = await gw.gql(`{ viewer { ${"role ".repeat(500)} } }`);
    expect(r.errors?.[0]?.message).toMatch(/token/i);
  });
});

describe("request size", () => {
  it("answers 413 to bodies over MAX_REQUEST_BYTES without reading them", async () => {
    const res = await post(
      JSON.stringify({ query: "{ viewer { role } }", variables: { pad: "x".repeat(25_000) } }),
    );
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({
      errors: [{ extensions: { code: "PAYLOAD_TOO_LARGE" } }],
    });
  });

  it("refuses multipart uploads over the limit", async () => {
    const form = new FormData();
    form.append("operations", JSON.stringify({ query: "{ viewer { role } }" }));
    form.append("map", "{}");
    form.append("0", new File([new Uint8Array(30_000)], "big.jpg", { type: "image/jpeg" }));
    const res = await fetch(gw.url, {
      method: "POST",
      headers: { authorization: `Bearer ${gw.demo.memberKey}` },
      body: form,
    });
    expect(res.status).toBe(413);
  });
});

describe("unexpected errors", () => {
  it("are masked for the client and logged with an error id and the cause", async () => {
    // Break the database under the gateway: any project read now fails unexpectedly.
    await gw.app.deps.db.$executeRawUnsafe(`ALTER TABLE "Project" RENAME TO "ProjectGone"`);
    try {
      const r = await gw.gql(`{ projects(first: 1) { totalCount } }`);
      const err = r.errors?.[0];
      expect(err?.message).toBe("Unexpected error.");
      expect(err?.extensions?.code).toBe("INTERNAL_SERVER_ERROR");
      expect(JSON.stringify(r)).not.toMatch(/Project(Gone)?|table|relation/i);
      const logged = logs.find((l) => l.errorId === err?.extensions?.errorId);
      expect(logged).toBeDefined();
      expect(logged?.level).toBe(50);
      expect(JSON.stringify(logged?.err)).toMatch(/Project/);
    } finally {
      await gw.app.deps.db.$executeRawUnsafe(`ALTER TABLE "ProjectGone" RENAME TO "Project"`);
    }
  });
});

describe("HTTP surface", () => {
  it("allows only the configured CORS origins", async () => {
    const preflight = (origin: string) =>
      fetch(gw.url, {
        method: "OPTIONS",
        headers: {
          origin,
          "access-control-request-method": "POST",
          "access-control-request-headers": "authorization,content-type",
        },
      });
    const allowed = await preflight("https://app.example.com");
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
    const other = await preflight("https://evil.example.net");
    expect(other.headers.get("access-control-allow-origin")).not.toBe("https://evil.example.net");
  });

  it("serves /healthz with the database state and tags responses with a request id", async () => {
    const res = await fetch(gw.url.replace("/graphql", "/healthz"));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", database: "up" });
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const echoed = await post(JSON.stringify({ query: "{ viewer { role } }" }), {
      "x-request-id": "trace-123",
    });
    expect(echoed.headers.get("x-request-id")).toBe("trace-123");
  });

  it("answers 404 for unknown paths", async () => {
    const res = await fetch(gw.url.replace("/graphql", "/nope"));
    expect(res.status).toBe(404);
  });
});
