// The SENS REST authentication surface (issue 10, item 11), over real HTTP with signed
// requests: failed authentications (unknown keys, forged signatures…) cost the client
// address tokens, so guessing is throttled — per address, shared through Redis — and a
// signature counts only in canonical standard base64 (base64url, unpadded, trailing
// garbage and non-canonical spellings of the right bytes are refused).
import { randomBytes } from "node:crypto";
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientAddress } from "../src/rest/authGuard.ts";
import { graphql } from "./generated/index.ts";
import { globalId, project as createProjectRow } from "./helpers/fixtures.ts";
import { startGateway, type TestGateway } from "./helpers/harness.ts";
import { sensSignature, type SensCredentials } from "./helpers/sensClient.ts";

const CreateKey = graphql(`
  mutation RagCreateKey($projectId: ID!) {
    createProjectAccessKey(projectId: $projectId) {
      __typename
      ... on MutationCreateProjectAccessKeySuccess { data { secretKey accessKey { accessKey } } }
    }
  }
`);

const SECRET_KEY = randomBytes(32).toString("base64");
const BURST = 4;
/** One token back every 100 s: nothing refills while a test runs, however slow the machine. */
const RATE = 0.01;

interface Signed {
  /** The serviceId (raw project id). */
  serviceId: string;
  credentials: SensCredentials;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

/** GET /messages signed with `credentials` (or a given signature), from a chosen local address. */
function call(
  gw: TestGateway,
  target: Signed,
  options: {
    from?: string;
    signature?: (valid: string) => string;
    timestamp?: string;
    credentials?: SensCredentials;
  } = {},
): Promise<Answer> {
  const url = `/sms/v2/services/${target.serviceId}/messages?requestId=nope`;
  const creds = options.credentials ?? target.credentials;
  const timestamp = options.timestamp ?? String(gw.clock.now().getTime());
  const valid = sensSignature(creds.secretKey, "GET", url, timestamp, creds.accessKey);
  const { port } = new URL(gw.app.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port,
        path: url,
        method: "GET",
        localAddress: options.from ?? "127.0.0.1",
        headers: {
          "x-ncp-apigw-timestamp": timestamp,
          "x-ncp-iam-access-key": creds.accessKey,
          "x-ncp-apigw-signature-v2": options.signature ? options.signature(valid) : valid,
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (text += c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: text ? JSON.parse(text) : null,
          }),
        );
      },
    );
    req.on("error", reject);
    req.end();
  });
}

async function newTarget(gw: TestGateway, name: string): Promise<Signed> {
  const project = await createProjectRow(gw, gw.demo.accountId, name);
  const r = (await gw.gql(CreateKey, { projectId: globalId("Project", project.id) })).data
    .createProjectAccessKey;
  if (r.__typename !== "MutationCreateProjectAccessKeySuccess") throw new Error(JSON.stringify(r));
  return {
    serviceId: project.id,
    credentials: { accessKey: r.data.accessKey.accessKey, secretKey: r.data.secretKey },
  };
}

const unknownKey: SensCredentials = { accessKey: "A".repeat(20), secretKey: "B".repeat(40) };

describe("failed authentications are rate-limited per client address", () => {
  let gw: TestGateway;
  let target: Signed;
  beforeAll(async () => {
    gw = await startGateway({
      env: {
        SECRET_KEY,
        DISPATCHER: "false",
        SENS_REST_FAILED_AUTH_BURST: String(BURST),
        SENS_REST_FAILED_AUTH_RATE_PER_SEC: String(RATE),
      },
    });
    target = await newTarget(gw, "Guarded");
  });
  afterAll(async () => gw?.stop());

  it("unknown keys get 401 until the address's burst is used, then 429 for everything from it — a right signature included", async () => {
    const from = "127.0.0.11";
    for (let i = 0; i < BURST; i++) {
      const r = await call(gw, target, { from, credentials: unknownKey });
      expect(r.status).toBe(401);
      expect(r.body.error).toMatchObject({ errorCode: "200", message: "Authentication Failed" });
    }
    const guessed = await call(gw, target, { from, credentials: unknownKey });
    expect(guessed.status).toBe(429);
    expect(guessed.body.error).toMatchObject({
      errorCode: "410",
      message: "Throttle Limited",
      details: "Too many failed authentications from this address",
    });
    expect(Number(guessed.headers["retry-after"])).toBeGreaterThanOrEqual(99);
    // Throttled guessing learns nothing: the right key and signature get the same 429.
    expect((await call(gw, target, { from })).status).toBe(429);
    // Another address is not affected.
    expect((await call(gw, target, { from: "127.0.0.12" })).status).toBe(404);
  });

  it("forged signatures of a real key cost the address too; tokens come back with time", async () => {
    const from = "127.0.0.13";
    for (let i = 0; i < BURST; i++)
      expect(
        (
          await call(gw, target, {
            from,
            signature: () => sensSignature("wrong", "GET", "/", "1", "x"),
          })
        ).status,
      ).toBe(401);
    expect((await call(gw, target, { from })).status).toBe(429);
    const advanced = 1000 / RATE;
    gw.clock.advance(advanced);
    try {
      // One token is back: the right signature passes (and success costs nothing)…
      expect((await call(gw, target, { from })).status).toBe(404);
      expect((await call(gw, target, { from })).status).toBe(404);
      // …and one more failure empties the bucket again.
      expect((await call(gw, target, { from, credentials: unknownKey })).status).toBe(401);
      expect((await call(gw, target, { from, credentials: unknownKey })).status).toBe(429);
    } finally {
      gw.clock.advance(-advanced);
    }
  });

  it("authenticated requests never spend the address's tokens", async () => {
    const from = "127.0.0.14";
    for (let i = 0; i < BURST * 5; i++) expect((await call(gw, target, { from })).status).toBe(404);
    // The whole burst of failures is still there.
    for (let i = 0; i < BURST; i++)
      expect((await call(gw, target, { from, credentials: unknownKey })).status).toBe(401);
    expect((await call(gw, target, { from, credentials: unknownKey })).status).toBe(429);
  });
});

describe("with REDIS_URL the failed-authentication buckets are shared by every instance", () => {
  const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
  let a: TestGateway;
  let b: TestGateway;
  let target: Signed;
  beforeAll(async () => {
    const env = {
      SECRET_KEY,
      DISPATCHER: "false",
      SENS_REST_FAILED_AUTH_BURST: String(BURST),
      SENS_REST_FAILED_AUTH_RATE_PER_SEC: String(RATE),
      REDIS_URL,
      REDIS_CHANNEL_PREFIX: `smsgw-test-${randomBytes(6).toString("hex")}`,
    };
    a = await startGateway({ env });
    b = await startGateway({ env, database: a.db, demo: a.demo });
    target = await newTarget(a, "Shared guard");
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  });

  it("failures on one instance throttle the address on the other", async () => {
    const from = "127.0.0.21";
    for (let i = 0; i < BURST; i++)
      expect((await call(i % 2 ? a : b, target, { from, credentials: unknownKey })).status).toBe(
        401,
      );
    expect((await call(a, target, { from })).status).toBe(429);
    expect((await call(b, target, { from })).status).toBe(429);
    expect((await call(b, target, { from: "127.0.0.22" })).status).toBe(404);
  });
});

describe("signatures count only in canonical standard base64", () => {
  let gw: TestGateway;
  let target: Signed;
  beforeAll(async () => {
    gw = await startGateway({ env: { SECRET_KEY, DISPATCHER: "false" } });
    target = await newTarget(gw, "Canonical");
  });
  afterAll(async () => gw?.stop());

  const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

  /** A timestamp (within the allowed skew) whose valid signature contains `+` or `/`, so base64url differs. */
  function timestampWithUrlUnsafeSignature(): string {
    for (let back = 0; back < 100_000; back++) {
      const ts = String(gw.clock.now().getTime() - back);
      const url = `/sms/v2/services/${target.serviceId}/messages?requestId=nope`;
      if (
        /[+/]/.test(
          sensSignature(target.credentials.secretKey, "GET", url, ts, target.credentials.accessKey),
        )
      )
        return ts;
    }
    throw new Error("no signature with + or / found");
  }

  it("the canonical signature is accepted", async () => {
    expect((await call(gw, target)).status).toBe(404);
  });

  it.each([
    ["the base64url alphabet", (s: string) => s.replace(/\+/g, "-").replace(/\//g, "_")],
    ["no padding", (s: string) => s.replace(/=+$/, "")],
    ["garbage after the padding", (s: string) => `${s}AAAA`],
    ["garbage instead of the padding", (s: string) => `${s.slice(0, -1)}!`],
    ["extra padding", (s: string) => `${s}=`],
    // The last character carries 2 unused bits: setting one decodes to the same 32 bytes.
    [
      "a non-canonical last character",
      (s: string) => `${s.slice(0, -2)}${ALPHABET[ALPHABET.indexOf(s.at(-2)!) | 1]}=`,
    ],
  ])("the right signature spelled with %s is refused with 401", async (_name, spell) => {
    const timestamp = timestampWithUrlUnsafeSignature();
    const respell = (valid: string) => {
      const spelled = spell(valid);
      expect(spelled).not.toBe(valid);
      // Node's lenient decoder reads the same bytes: only the spelling differs.
      if (!spelled.includes("!"))
        expect(Buffer.from(spelled, "base64")).toEqual(Buffer.from(valid, "base64"));
      return spelled;
    };
    const r = await call(gw, target, { timestamp, from: "127.0.0.31", signature: respell });
    expect(r.status).toBe(401);
    expect(r.body.error).toMatchObject({ errorCode: "200", message: "Authentication Failed" });
    // The same request with the canonical spelling passes.
    expect((await call(gw, target, { timestamp, from: "127.0.0.32" })).status).toBe(404);
  });
});

describe("clientAddress: the bucket key of a peer", () => {
  it("keeps IPv4, unwraps IPv4-mapped IPv6 and groups IPv6 by its /64", () => {
    expect(clientAddress("203.0.113.7")).toBe("203.0.113.7");
    expect(clientAddress("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(clientAddress("2001:db8:0:12::1")).toBe("2001:db8:0:12::/64");
    expect(clientAddress("2001:0db8:0000:0012:abcd:1:2:3")).toBe("2001:db8:0:12::/64");
    expect(clientAddress("2001:db8::")).toBe("2001:db8:0:0::/64");
    expect(clientAddress("::1")).toBe("0:0:0:0::/64");
    expect(clientAddress(undefined)).toBe("unknown");
  });
});
