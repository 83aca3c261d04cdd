// Issue 11 item 6: `Error.code` is the ErrorCode enum, and every code the gateway emits is
// in it — typed results and extensions.code alike. The source scan fails when new code
// emits a code the table (src/domain/errorCodes.ts) does not list; the live probes check
// that what clients really receive matches.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { isEnumType } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ERROR_CODES } from "../src/domain/errorCodes.ts";
import { buildSchema } from "../src/graphql/schema.ts";
import { startGateway, type TestGateway } from "./helpers/harness.ts";

const known = new Set(Object.keys(ERROR_CODES));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    // Generated code, and the console (a client: it reads codes, it does not emit them).
    if (name === "generated" || path.endsWith("src/console")) return [];
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

/** Codes written in the source: DomainError classes, GraphQL error extensions, stream failures. */
function emittedCodes(): Map<string, string> {
  const found = new Map<string, string>();
  const patterns = [
    /readonly code = "([A-Z_]+)"/g,
    /extensions:\s*\{[^}]*?\bcode:\s*"([A-Z_]+)"/g,
    /new StreamFailure\(\s*"([A-Z_]+)"/g,
    /type VerificationFailure =([^;]+);/g,
  ];
  for (const file of sources(join(import.meta.dirname, "..", "src"))) {
    const text = readFileSync(file, "utf8");
    for (const pattern of patterns) {
      for (const m of text.matchAll(pattern)) {
        for (const code of m[1]!.match(/[A-Z_]{3,}/g) ?? []) found.set(code, file);
      }
    }
  }
  return found;
}

describe("ErrorCode", () => {
  it("the schema's ErrorCode enum is exactly the table, every value described, and Error.code uses it", () => {
    const schema = buildSchema();
    const type = schema.getType("ErrorCode");
    if (!isEnumType(type)) throw new Error("ErrorCode is not an enum");
    expect(
      type
        .getValues()
        .map((v) => v.name)
        .sort(),
    ).toEqual([...known].sort());
    for (const v of type.getValues()) expect(v.description, v.name).toBeTruthy();
    const error = schema.getType("Error") as { getFields(): Record<string, { type: unknown }> };
    expect(String(error.getFields().code!.type)).toBe("ErrorCode!");
  });

  it("every code written in src/ is in the table", () => {
    const emitted = emittedCodes();
    // The scan itself must see the codes it is meant to police.
    for (const code of [
      "NOT_FOUND",
      "UNAUTHENTICATED",
      "INVALID_API_KEY",
      "SUBSCRIPTION_OVERFLOW",
      "WRONG_CODE",
    ])
      expect(emitted.has(code), code).toBe(true);
    const missing = [...emitted]
      .filter(([code]) => !known.has(code))
      .map(([code, file]) => `${code} (${file})`);
    expect(missing).toEqual([]);
  });
});

describe("codes clients receive are in ErrorCode", () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(async () => gw?.stop());

  const post = async (body: string, headers: Record<string, string> = {}) => {
    const res = await fetch(gw.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
    });
    return (await res.json()) as { errors?: { extensions?: { code?: string } }[]; data?: unknown };
  };

  it.each([
    ["anonymous", JSON.stringify({ query: "{ viewer { role } }" }), {}, "UNAUTHENTICATED"],
    [
      "a forged key",
      JSON.stringify({ query: "{ viewer { role } }" }),
      { authorization: "Bearer sgw_nope_nope" },
      "INVALID_API_KEY",
    ],
    ["broken JSON", "{", {}, "BAD_REQUEST"],
  ])("%s → %s", async (_name, body, headers, code) => {
    const r = await post(body, headers as Record<string, string>);
    const codes = (r.errors ?? []).map((e) => e.extensions?.code);
    expect(codes).toContain(code);
    for (const c of codes) expect(known.has(c!), String(c)).toBe(true);
  });

  it("a typed result's code is an ErrorCode value", async () => {
    const r = await gw.gql<{ deleteProject: { __typename: string; code: string } }, { id: string }>(
      `mutation($id: ID!) { deleteProject(id: $id) { __typename ... on Error { code } } }`,
      { id: Buffer.from("Project:cmissing000000000000000").toString("base64") },
    );
    expect(r.data.deleteProject).toEqual({ __typename: "NotFoundError", code: "NOT_FOUND" });
  });
});
