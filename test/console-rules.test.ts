// The console checks the project rules before submitting and places the gateway's typed
// errors on its fields. Its copies of the limits must be the gateway's, and its placement
// must follow the issue paths the gateway really answers.
import { describe, expect, it } from "vitest";
import { placeErrors } from "../src/console/errors.ts";
import * as rules from "../src/console/projects/rules.ts";
import { ACCESS_KEYS_PER_PROJECT } from "../src/services/accessKeys.ts";
import { PROJECT_DESCRIPTION_MAX, PROJECT_NAME_MAX } from "../src/services/projects.ts";
import { startGateway } from "./helpers/harness.ts";

describe("the console's project rules", () => {
  it("are the gateway's limits", () => {
    expect(rules.PROJECT_NAME_MAX).toBe(PROJECT_NAME_MAX);
    expect(rules.PROJECT_DESCRIPTION_MAX).toBe(PROJECT_DESCRIPTION_MAX);
    expect(rules.ACCESS_KEYS_PER_PROJECT).toBe(ACCESS_KEYS_PER_PROJECT);
  });

  it("count the name after trimming, the description as typed", () => {
    expect(rules.checkProject({ name: "   ", description: "" })).toEqual([
      { field: "name", rule: "nameEmpty" },
    ]);
    expect(rules.checkProject({ name: ` ${"a".repeat(100)} `, description: "" })).toEqual([]);
    expect(rules.checkProject({ name: "a".repeat(101), description: " ".repeat(1001) })).toEqual([
      { field: "name", rule: "nameTooLong", count: 101 },
      { field: "description", rule: "descriptionTooLong", count: 1001 },
    ]);
  });
});

describe("placing typed errors on fields", () => {
  it("puts each ValidationError issue on the field its path names, the rest on the form", () => {
    const placed = placeErrors(
      {
        __typename: "ValidationError",
        code: "VALIDATION_FAILED",
        message: "invalid",
        issues: [
          { path: ["input", "name"], message: "too long" },
          { path: ["name"], message: "second issue on name" },
          { path: ["other"], message: "elsewhere" },
        ],
      },
      rules.PROJECT_FIELDS,
    );
    expect(placed.fields).toEqual({ name: { path: ["input", "name"], message: "too long" } });
    expect(placed.form).toEqual([{ path: ["other"], message: "elsewhere" }]);
  });

  it("keeps a non-validation error whole, for the form", () => {
    const error = {
      __typename: "NotFoundError",
      code: "NOT_FOUND",
      message: "Project x not found",
    };
    expect(placeErrors(error, rules.PROJECT_FIELDS)).toEqual({ fields: {}, form: [error] });
  });

  it("places every issue the gateway answers for a bad project on the field the console flags", async () => {
    const gw = await startGateway();
    const bad = [
      { name: " ", description: "" },
      { name: "n".repeat(101), description: "" },
      { name: "ok", description: "d".repeat(1001) },
    ];
    try {
      for (const input of bad) {
        const r = await gw.gql<
          {
            createProject: {
              __typename: string;
              code: string;
              message: string;
              issues: { path: string[]; message: string }[];
            };
          },
          unknown
        >(
          `mutation ($input: CreateProjectInput!) { createProject(input: $input) { __typename ... on ValidationError { code message issues { path message } } } }`,
          { input },
        );
        expect(r.data.createProject.__typename).toBe("ValidationError");
        const placed = placeErrors(r.data.createProject, rules.PROJECT_FIELDS);
        expect(Object.keys(placed.fields)).toEqual(rules.checkProject(input).map((b) => b.field));
        expect(placed.form).toEqual([]);
      }
    } finally {
      await gw.stop();
    }
  });
});
