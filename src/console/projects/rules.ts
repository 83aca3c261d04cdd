// The project rules the console checks before submitting, the same as the gateway's
// (src/services/projects.ts, src/services/accessKeys.ts; test/console-rules.test.ts
// fails when they drift apart). The gateway stays the judge: its typed errors are shown too.
export const PROJECT_NAME_MAX = 100;
export const PROJECT_DESCRIPTION_MAX = 1000;
export const ACCESS_KEYS_PER_PROJECT = 2;

export type ProjectField = "name" | "description";
export const PROJECT_FIELDS: readonly ProjectField[] = ["name", "description"];

export type ProjectRuleBreak =
  | { field: "name"; rule: "nameEmpty" }
  | { field: "name"; rule: "nameTooLong"; count: number }
  | { field: "description"; rule: "descriptionTooLong"; count: number };

/** What the gateway would refuse, field by field (names are counted after trimming, as there). */
export function checkProject(input: { name: string; description: string }): ProjectRuleBreak[] {
  const broken: ProjectRuleBreak[] = [];
  const name = input.name.trim();
  if (name.length === 0) broken.push({ field: "name", rule: "nameEmpty" });
  else if (name.length > PROJECT_NAME_MAX)
    broken.push({ field: "name", rule: "nameTooLong", count: name.length });
  if (input.description.length > PROJECT_DESCRIPTION_MAX)
    broken.push({
      field: "description",
      rule: "descriptionTooLong",
      count: input.description.length,
    });
  return broken;
}
