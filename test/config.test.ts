// Every environment variable is parsed in src/config.ts; bad values stop the start with a
// message naming the variable.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CONFIG_VARIABLES, ConfigError, loadConfig } from "../src/config.ts";
import { RESERVATION_TRANSITIONS } from "../src/domain/reservations.ts";

describe("configuration", () => {
  it("defaults to SQLite in ./data, port 4000, GraphiQL on", () => {
    const c = loadConfig({}, "/srv/gw");
    expect(c.port).toBe(4000);
    expect(c.database).toEqual({
      provider: "sqlite",
      file: "/srv/gw/data/gateway.db",
      url: "file:/srv/gw/data/gateway.db",
    });
    expect(c.graphiql).toBe(true);
    expect(c.corsOrigins).toBe("*");
  });

  it("selects PostgreSQL for postgres:// and postgresql:// URLs and SQLite for file: URLs", () => {
    expect(loadConfig({ DATABASE_URL: "postgres://u@h/db" }).database.provider).toBe("postgresql");
    expect(loadConfig({ DATABASE_URL: "postgresql://u@h/db" }).database.provider).toBe(
      "postgresql",
    );
    expect(loadConfig({ DATABASE_URL: "file:./x.db" }, "/srv").database).toMatchObject({
      provider: "sqlite",
      file: "/srv/x.db",
    });
  });

  it("refuses unsupported database URLs and invalid numbers, naming the variable", () => {
    expect(() => loadConfig({ DATABASE_URL: "mysql://h/db" })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: "70000" })).toThrow(/PORT/);
    expect(() => loadConfig({ CARRIER_FAILURE_RATE: "1.5" })).toThrow(/CARRIER_FAILURE_RATE/);
    expect(() => loadConfig({ GRAPHIQL: "maybe" })).toThrow(/GRAPHIQL/);
  });

  it("parses CORS origins as a comma-separated list", () => {
    expect(
      loadConfig({ CORS_ORIGINS: "https://a.example, https://b.example" }).corsOrigins,
    ).toEqual(["https://a.example", "https://b.example"]);
  });
});

describe("CARRIER=sens", () => {
  const keys = {
    CARRIER: "sens",
    SENS_ACCESS_KEY: "ak",
    SENS_SECRET_KEY: "sk",
    SENS_SERVICE_ID: "ncp:sms:kr:1234:svc",
  };

  it("needs the access key, secret key and service id, naming each missing one", () => {
    expect(() => loadConfig({ CARRIER: "sens" })).toThrow(ConfigError);
    expect(() => loadConfig({ CARRIER: "sens" })).toThrow(
      /SENS_ACCESS_KEY[\s\S]*SENS_SECRET_KEY[\s\S]*SENS_SERVICE_ID/,
    );
    expect(() => loadConfig({ ...keys, SENS_SECRET_KEY: "" })).toThrow(
      /SENS_SECRET_KEY: required when CARRIER=sens/,
    );
    expect(loadConfig({}).carrier).toMatchObject({ kind: "simulated", sens: null });
  });

  it("defaults to the public SENS endpoint, 1 s polls for up to 10 minutes and 4 retries", () => {
    expect(loadConfig(keys).carrier).toMatchObject({
      kind: "sens",
      sens: {
        baseUrl: "https://sens.apigw.ntruss.com",
        accessKey: "ak",
        secretKey: "sk",
        serviceId: "ncp:sms:kr:1234:svc",
        pollIntervalMs: 1000,
        pollTimeoutMs: 600_000,
        maxRetries: 4,
      },
    });
    expect(
      loadConfig({ ...keys, SENS_BASE_URL: "http://127.0.0.1:9999/", SENS_MAX_RETRIES: "0" })
        .carrier.sens,
    ).toMatchObject({ baseUrl: "http://127.0.0.1:9999", maxRetries: 0 });
  });

  it("refuses a base URL that is not http(s), a service id with other characters, and polls longer than their timeout", () => {
    expect(() => loadConfig({ ...keys, SENS_BASE_URL: "ftp://sens" })).toThrow(/SENS_BASE_URL/);
    expect(() => loadConfig({ ...keys, SENS_SERVICE_ID: "a/b" })).toThrow(/SENS_SERVICE_ID/);
    expect(() => loadConfig({ ...keys, SENS_MAX_RETRIES: "11" })).toThrow(/SENS_MAX_RETRIES/);
    expect(() =>
      loadConfig({ ...keys, SENS_POLL_INTERVAL_MS: "5000", SENS_POLL_TIMEOUT_MS: "5000" }),
    ).toThrow(/SENS_POLL_TIMEOUT_MS/);
  });

  it("SECRET_KEY takes 32 bytes as 64 hex digits or base64, and the SENS REST rate limit has generous defaults", () => {
    const bytes = Buffer.alloc(32, 0xab);
    expect(loadConfig({}).secretKey).toBeNull();
    expect(loadConfig({ SECRET_KEY: bytes.toString("hex") }).secretKey).toEqual(bytes);
    expect(loadConfig({ SECRET_KEY: bytes.toString("base64") }).secretKey).toEqual(bytes);
    expect(() => loadConfig({ SECRET_KEY: "too-short" })).toThrow(/SECRET_KEY/);
    expect(() => loadConfig({ SECRET_KEY: Buffer.alloc(16).toString("base64") })).toThrow(
      /SECRET_KEY/,
    );
    expect(loadConfig({}).sensRest).toEqual({
      ratePerSec: 100,
      burst: 200,
      failedAuth: { ratePerSec: 0.5, burst: 20 },
    });
    expect(
      loadConfig({
        SENS_REST_RATE_PER_SEC: "0.5",
        SENS_REST_RATE_BURST: "3",
        SENS_REST_FAILED_AUTH_RATE_PER_SEC: "0.1",
        SENS_REST_FAILED_AUTH_BURST: "5",
      }).sensRest,
    ).toEqual({
      ratePerSec: 0.5,
      burst: 3,
      failedAuth: { ratePerSec: 0.1, burst: 5 },
    });
    expect(() => loadConfig({ SENS_REST_RATE_PER_SEC: "0" })).toThrow(/SENS_REST_RATE_PER_SEC/);
    expect(() => loadConfig({ SENS_REST_FAILED_AUTH_BURST: "0" })).toThrow(
      /SENS_REST_FAILED_AUTH_BURST/,
    );
  });

  it("METRICS_PORT (a worker's /metrics server) is off by default and when 0, and must be a port number", () => {
    expect(loadConfig({}).metricsPort).toBeNull();
    expect(loadConfig({ METRICS_PORT: "0" }).metricsPort).toBeNull();
    expect(loadConfig({ METRICS_PORT: "9464" }).metricsPort).toBe(9464);
    expect(() => loadConfig({ METRICS_PORT: "70000" })).toThrow(/METRICS_PORT/);
    expect(() => loadConfig({ METRICS_PORT: "metrics" })).toThrow(/METRICS_PORT/);
  });
});

describe("README", () => {
  it("documents every configuration variable in its table", () => {
    const readme = readFileSync(join(import.meta.dirname, "..", "README.md"), "utf8");
    const table = readme.slice(
      readme.indexOf("## Configuration"),
      readme.indexOf("\n## ", readme.indexOf("## Configuration") + 5),
    );
    const missing = CONFIG_VARIABLES.filter((name) => !table.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });

  it("prints exactly the reservation transitions the code allows", () => {
    const readme = readFileSync(join(import.meta.dirname, "..", "README.md"), "utf8");
    const rows = [...readme.matchAll(/^\| (READY|PROCESSING) \| (\w+) \|/gm)].map(
      (m) => `${m[1]}→${m[2]}`,
    );
    expect(rows).toEqual(RESERVATION_TRANSITIONS.map((t) => `${t.from}→${t.to}`));
  });
});
