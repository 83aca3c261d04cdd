// Typed errors → what the console shows: each ValidationError issue next to the field its
// path names, everything else as one form-level message. Pure, so Node tests cover it.
export interface FieldIssue {
  readonly path: readonly string[];
  readonly message: string;
}

export interface TypedError {
  readonly __typename: string;
  readonly code: string;
  readonly message: string;
  readonly issues?: readonly FieldIssue[];
}

export interface PlacedErrors<F extends string> {
  /** The first issue per field (a field shows one message at a time). */
  readonly fields: Partial<Record<F, FieldIssue>>;
  /** Issues whose path names none of the form's fields, and non-validation errors. */
  readonly form: readonly (FieldIssue | TypedError)[];
}

/**
 * Places the issues of a typed error on the form's fields. A path names a field when any of
 * its segments is the field's input name (["name"], ["input", "name"], ["input", "name", "0"]).
 */
export function placeErrors<F extends string>(
  error: TypedError,
  fields: readonly F[],
): PlacedErrors<F> {
  if (error.__typename !== "ValidationError" || !error.issues?.length)
    return { fields: {}, form: [error] };
  const placed: Partial<Record<F, FieldIssue>> = {};
  const form: FieldIssue[] = [];
  for (const issue of error.issues) {
    const field = fields.find((f) => issue.path.includes(f));
    if (field === undefined) form.push(issue);
    else placed[field] ??= issue;
  }
  return { fields: placed, form };
}
