// schema/schema.graphql is generated from the Pothos schema (`npm run schema:print`) and
// committed; this fails when someone changed the schema without regenerating it.
import { readFileSync } from "node:fs";
import { printSchema } from "graphql";
import { describe, expect, it } from "vitest";
import { buildSchema } from "../src/graphql/schema.ts";

describe("printed schema", () => {
  it("schema/schema.graphql matches the code-first schema (run `npm run schema:print`)", () => {
    const committed = readFileSync(new URL("../schema/schema.graphql", import.meta.url), "utf8");
    expect(committed.trim()).toBe(printSchema(buildSchema()).trim());
  });
});
