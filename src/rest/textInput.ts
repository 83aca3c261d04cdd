// The text rule of domain/text.ts for the SENS REST surface: every string of a JSON body
// and every query parameter, checked before a route sees them (400 VALIDATION_FAILED).
import { ValidationError, type FieldIssue } from "../domain/errors.ts";
import { describeTextFlaw, findTextFlaw, type TextShape } from "../domain/text.ts";

/** Body keys whose strings may hold tab and line breaks (message text). */
const MULTILINE_KEYS = new Set(["content"]);
const MAX_ISSUES = 20;

function walk(value: unknown, path: string[], shape: TextShape, issues: FieldIssue[]): void {
  if (issues.length >= MAX_ISSUES) return;
  if (typeof value === "string") {
    const flaw = findTextFlaw(value, shape);
    if (flaw)
      issues.push({
        path: [...path],
        message: describeTextFlaw(path.join(".") || "body", flaw, shape),
      });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => {
      walk(v, [...path, String(i)], shape, issues);
    });
  } else if (typeof value === "object" && value !== null) {
    for (const [key, v] of Object.entries(value)) {
      // A key is text too: it ends up in error messages and logs.
      const keyFlaw = findTextFlaw(key, "line");
      if (keyFlaw)
        issues.push({
          path: [...path],
          message: describeTextFlaw(`a key of ${path.join(".") || "the body"}`, keyFlaw, "line"),
        });
      else walk(v, [...path, key], MULTILINE_KEYS.has(key) ? "multiline" : "line", issues);
    }
  }
}

const refusal = (issues: FieldIssue[]) =>
  new ValidationError(issues.map((i) => i.message).join("; "), issues);

/** Returns the parsed body unchanged, or throws a ValidationError naming each bad string. */
export function checkedBody(body: unknown): unknown {
  const issues: FieldIssue[] = [];
  walk(body, [], "line", issues);
  if (issues.length) throw refusal(issues);
  return body;
}

/** Throws a ValidationError when a query parameter's name or value breaks the text rule. */
export function checkQuery(query: URLSearchParams): void {
  const issues: FieldIssue[] = [];
  for (const [name, value] of query) {
    walk(name, ["(query parameter name)"], "line", issues);
    walk(value, [name], "line", issues);
  }
  if (issues.length) throw refusal(issues);
}
