// CORS_ORIGINS (issue 10, item 10): `*` answers the literal `*` and never credentials; a
// list echoes only a listed origin; no answer carries Access-Control-Allow-Credentials
// (keys are Bearer headers, which need no credentials mode). Headers are compared exactly,
// so a regression to reflecting any origin fails.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway, type TestGateway } from "./helpers/harness.ts";

const PREFLIGHT_HEADERS = {
  "access-control-allow-methods": "GET, POST, OPTIONS",
  "access-control-allow-headers": "Authorization, Content-Type, Accept, X-Request-Id",
  "access-control-max-age": "600",
};

/** Every CORS-related header of a response (and Vary), lower-cased. */
function corsHeaders(res: Response): Record<string, string> {
  const out: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    if (name.startsWith("access-control-") || name === "vary") out[name] = value;
  });
  return out;
}

const preflight = (gw: TestGateway, origin: string) =>
  fetch(gw.url, {
    method: "OPTIONS",
    headers: {
      origin,
      "access-control-request-method": "POST",
      "access-control-request-headers": "authorization,content-type",
    },
  });

const simple = (gw: TestGateway, origin: string) =>
  fetch(gw.url, {
    method: "POST",
    headers: {
      origin,
      "content-type": "application/json",
      authorization: `Bearer ${gw.demo.memberKey}`,
    },
    body: JSON.stringify({ query: "{ viewer { role } }" }),
  });

describe("CORS_ORIGINS=* (the default)", () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(async () => gw?.stop());

  it("answers a preflight from any origin with `*` and no credentials", async () => {
    const res = await preflight(gw, "https://evil.example.net");
    expect(res.status).toBe(204);
    expect(corsHeaders(res)).toEqual({ "access-control-allow-origin": "*", ...PREFLIGHT_HEADERS });
  });

  it("answers a request from any origin with `*`, never echoing the origin", async () => {
    const res = await simple(gw, "https://evil.example.net");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { viewer: { role: "MEMBER" } } });
    expect(corsHeaders(res)).toEqual({
      "access-control-allow-origin": "*",
      "access-control-expose-headers": "X-Request-Id",
    });
  });

  it("adds nothing to a request without Origin (not a cross-origin browser call)", async () => {
    const res = await fetch(gw.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ __typename }" }),
    });
    expect(corsHeaders(res)).toEqual({});
  });
});

describe("CORS_ORIGINS with a list of origins", () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({
      env: { CORS_ORIGINS: "https://app.example.com, https://admin.example.com" },
    });
  });
  afterAll(async () => gw?.stop());

  it("echoes a listed origin in a preflight, with Vary: Origin and no credentials", async () => {
    for (const origin of ["https://app.example.com", "https://admin.example.com"]) {
      const res = await preflight(gw, origin);
      expect(res.status).toBe(204);
      expect(corsHeaders(res)).toEqual({
        "access-control-allow-origin": origin,
        vary: "Origin",
        ...PREFLIGHT_HEADERS,
      });
    }
  });

  it("echoes a listed origin on a request", async () => {
    const res = await simple(gw, "https://admin.example.com");
    expect(await res.json()).toEqual({ data: { viewer: { role: "MEMBER" } } });
    expect(corsHeaders(res)).toEqual({
      "access-control-allow-origin": "https://admin.example.com",
      "access-control-expose-headers": "X-Request-Id",
      vary: "Origin",
    });
  });

  it("gives an unlisted origin no CORS headers at all, in a preflight or a request", async () => {
    for (const origin of [
      "https://evil.example.net",
      "https://app.example.com.evil.example.net",
      "null",
    ]) {
      const pre = await preflight(gw, origin);
      expect(pre.status).toBe(204);
      expect(corsHeaders(pre)).toEqual({ vary: "Origin" });
      const res = await simple(gw, origin);
      expect(corsHeaders(res)).toEqual({ vary: "Origin" });
    }
  });
});
