// Every element of the public schema carries a description, so GraphiQL's docs explorer and
// generated client types explain themselves. Pothos-generated types count too.
import {
  buildSchema as buildSdl,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isSpecifiedScalarType,
  type GraphQLArgument,
  type GraphQLSchema,
} from "graphql";
import { describe, expect, it } from "vitest";
import { buildSchema } from "../src/graphql/schema.ts";

const described = (d: string | null | undefined) => typeof d === "string" && d.trim().length > 0;

/** Coordinates (Type, Type.field, Type.field(arg:), Enum.VALUE) that have no description. */
function undescribed(schema: GraphQLSchema): { missing: string[]; checked: number } {
  const missing: string[] = [];
  let checked = 0;
  const check = (coordinate: string, description: string | null | undefined) => {
    checked++;
    if (!described(description)) missing.push(coordinate);
  };
  const checkArgs = (owner: string, args: readonly GraphQLArgument[]) => {
    for (const arg of args) check(`${owner}(${arg.name}:)`, arg.description);
  };

  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith("__") || isSpecifiedScalarType(type)) continue;
    check(type.name, type.description);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        check(`${type.name}.${field.name}`, field.description);
        checkArgs(`${type.name}.${field.name}`, field.args);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields()))
        check(`${type.name}.${field.name}`, field.description);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) check(`${type.name}.${value.name}`, value.description);
    }
  }
  for (const directive of schema.getDirectives()) {
    if (["include", "skip", "deprecated", "specifiedBy", "oneOf"].includes(directive.name))
      continue;
    check(`@${directive.name}`, directive.description);
    checkArgs(`@${directive.name}`, directive.args);
  }
  return { missing: missing.sort(), checked };
}

describe("schema descriptions", () => {
  it("every type, field, argument, input field and enum value has a description", () => {
    const { missing, checked } = undescribed(buildSchema());
    expect(checked).toBeGreaterThan(700);
    expect(missing).toEqual([]);
  });

  it("the walk names each undescribed element by its coordinate", () => {
    const sdl = `
      """Described."""
      type Query { ok(a: Int): Int, bare: Bare }
      type Bare { f: String }
      """Input."""
      input In { x: Int }
      """E."""
      enum E { """V.""" V, W }
      type Mutation { """Done.""" m(i: In, """Arg.""" j: E): Int }
    `;
    expect(undescribed(buildSdl(sdl)).missing).toEqual(
      [
        "Bare",
        "Bare.f",
        "In.x",
        "Mutation",
        "Mutation.m(i:)",
        "E.W",
        "Query.bare",
        "Query.ok",
        "Query.ok(a:)",
      ].sort(),
    );
  });

  it("the walk sees Pothos-generated types (result wrappers, connections, PageInfo, Node)", () => {
    const types = buildSchema().getTypeMap();
    for (const name of ["PageInfo", "Node", "Query", "Mutation", "Subscription"])
      expect(types[name], name).toBeDefined();
    expect(Object.keys(types).some((n) => /Success$/.test(n))).toBe(true);
    expect(Object.keys(types).some((n) => /Connection$/.test(n))).toBe(true);
    expect(Object.keys(types).some((n) => /Edge$/.test(n))).toBe(true);
  });
});
