// Every environment variable is parsed in src/config.ts; bad values stop the start with a
// message naming the variable.
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.ts";

describe("configuration", () => {
  it("defaults to SQLite in ./data, port 4000, GraphiQL on", () => {
    const c = loadConfig({}, "/srv/gw");
    expect(c.port).toBe(4000);
    expect(c.database).toEqual({ provider: "sqlite", file: "/srv/gw/data/gateway.db", url: "file:/srv/gw/data/gateway.db" });
    expect(c.graphiql).toBe(true);
    expect(c.corsOrigins).toBe("*");
  });

  it("selects PostgreSQL for postgres:// and postgresql:// URLs and SQLite for file: URLs", () => {
    expect(loadConfig({ DATABASE_URL: "postgres://u@h/db" }).database.provider).toBe("postgresql");
    expect(loadConfig({ DATABASE_URL: "postgresql://u@h/db" }).database.provider).toBe("postgresql");
    expect(loadConfig({ DATABASE_URL: "file:./x.db" }, "/srv").database).toMatchObject({ provider: "sqlite", file: "/srv/x.db" });
  });

  it("refuses unsupported database URLs and invalid numbers, naming the variable", () => {
    expect(() => loadConfig({ DATABASE_URL: "mysql://h/db" })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: "70000" })).toThrow(/PORT/);
    expect(() => loadConfig({ CARRIER_FAILURE_RATE: "1.5" })).toThrow(/CARRIER_FAILURE_RATE/);
    expect(() => loadConfig({ GRAPHIQL: "maybe" })).toThrow(/GRAPHIQL/);
  });

  it("parses CORS origins as a comma-separated list", () => {
    expect(loadConfig({ CORS_ORIGINS: "https://a.example, https://b.example" }).corsOrigins).toEqual(["https://a.example", "https://b.example"]);
  });
});
