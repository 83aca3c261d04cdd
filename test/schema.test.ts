// schema/schema.graphql and schema/possible-types.json are generated from the Pothos schema
// (`npm run schema:print`) and committed; this fails when someone changed the schema
// without regenerating them.
import { readFileSync } from "node:fs";
import { isAbstractType, printSchema } from "graphql";
import { describe, expect, it } from "vitest";
import { buildSchema } from "../src/graphql/schema.ts";

describe("printed schema", () => {
  it("schema/schema.graphql matches the code-first schema (run `npm run schema:print`)", () => {
    const committed = readFileSync(new URL("../schema/schema.graphql", import.meta.url), "utf8");
    expect(committed.trim()).toBe(printSchema(buildSchema()).trim());
  });
});

describe("possible types for Apollo Client", () => {
  it("schema/possible-types.json lists every member of every union and interface (run `npm run schema:print`)", () => {
    const schema = buildSchema();
    const expected = Object.values(schema.getTypeMap())
      .filter(isAbstractType)
      .filter((t) => !t.name.startsWith("__"))
      .map(
        (t) =>
          [
            t.name,
            schema
              .getPossibleTypes(t)
              .map((m) => m.name)
              .sort(),
          ] as const,
      );
    const committed = JSON.parse(
      readFileSync(new URL("../schema/possible-types.json", import.meta.url), "utf8"),
    ) as { possibleTypes: Record<string, string[]> };
    const actual = Object.entries(committed.possibleTypes).map(
      ([name, members]) => [name, [...members].sort()] as const,
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(Object.fromEntries(actual)).toEqual(Object.fromEntries(expected));
  });
});
