// Issue 11 item 4: a graphql-sse client can read why authentication failed. Errors found
// before execution arrive through an accepted stream as `next` events, with the same
// extensions.code as over plain HTTP — like unknown ids and invalid documents already did.
import { createClient, type Client, type ExecutionResult } from "graphql-sse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { globalId, project } from "./helpers/fixtures.ts";
import { startGateway, type TestGateway } from "./helpers/harness.ts";

let gw: TestGateway;
let projectId: string;
const QUERY = `subscription($id: ID!) { messageStatusChanged(projectId: $id) { seq } }`;

beforeAll(async () => {
  gw = await startGateway();
  projectId = globalId("Project", (await project(gw, gw.demo.accountId, "SSE errors")).id);
});
afterAll(async () => gw?.stop());

/** Runs one subscription with graphql-sse's own client (distinct connections mode) until it ends. */
async function run(
  headers: Record<string, string>,
  variables: Record<string, unknown> = { id: projectId },
) {
  const client: Client = createClient({ url: gw.url, headers, retryAttempts: 0 });
  const results: ExecutionResult[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      client.subscribe(
        { query: QUERY, variables },
        { next: (r) => void results.push(r as ExecutionResult), error: reject, complete: resolve },
      );
    });
  } finally {
    client.dispose();
  }
  return results;
}

const codesOf = (results: ExecutionResult[]) =>
  results.flatMap((r) =>
    (r.errors ?? []).map((e) => (e as { extensions?: { code?: string } }).extensions?.code),
  );

async function overHttp(headers: Record<string, string>) {
  const res = await fetch(gw.url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query: QUERY, variables: { id: projectId } }),
  });
  const body = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
  return { status: res.status, codes: (body.errors ?? []).map((e) => e.extensions?.code) };
}

describe("graphql-sse client: errors before execution are readable events", () => {
  it("no key: the stream carries UNAUTHENTICATED and completes; plain HTTP still answers 401 with the same code", async () => {
    const results = await run({});
    expect(codesOf(results)).toEqual(["UNAUTHENTICATED"]);
    expect(results[0]!.errors![0]!.message).toMatch(/API key/);
    expect(await overHttp({})).toEqual({ status: 401, codes: ["UNAUTHENTICATED"] });
  });

  it("a forged or malformed key: INVALID_API_KEY, as over HTTP", async () => {
    for (const authorization of ["Bearer sgw_forged_forged", "Basic abc"]) {
      expect(codesOf(await run({ authorization }))).toEqual(["INVALID_API_KEY"]);
      expect(await overHttp({ authorization })).toEqual({
        status: 401,
        codes: ["INVALID_API_KEY"],
      });
    }
  });

  it("a valid key with another account's id: NOT_FOUND as before, and a valid subscription streams", async () => {
    const stranger = await gw.newTenant("SSE stranger");
    expect(codesOf(await run({ authorization: `Bearer ${stranger.memberKey}` }))).toEqual([
      "NOT_FOUND",
    ]);
  });
});
