// Typed GraphQL errors: every expected failure (a DomainError) appears in mutation result
// unions as an object implementing `Error { code message }`, plus its own details.
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  InvalidTransitionError,
  LimitExceededError,
  NotFoundError,
  ValidationError,
  VerificationError,
  type FieldIssue,
} from "../domain/errors.ts";
import { ERROR_CODES } from "../domain/errorCodes.ts";
import { GraphQLError } from "graphql";
import { builder } from "./builder.ts";

export const ErrorCodeEnum = builder.enumType("ErrorCode", {
  description:
    "Every machine-readable error code: `Error.code` of typed results and `extensions.code` of GraphQL errors. Switch over it exhaustively.",
  values: Object.fromEntries(
    Object.entries(ERROR_CODES).map(([code, description]) => [code, { value: code, description }]),
  ) as {
    [K in keyof typeof ERROR_CODES]: { value: K; description: string };
  },
});

/** Expected failures at subscribe time (fields without result unions) become GraphQL errors carrying their code. */
export async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof DomainError)
      throw new GraphQLError(err.message, { extensions: { code: err.code } });
    throw err;
  }
}

export const ErrorInterface = builder.interfaceRef<DomainError>("Error").implement({
  description:
    "An expected failure. `code` is stable and machine-readable; `message` is for humans.",
  fields: (t) => ({
    code: t.field({
      type: ErrorCodeEnum,
      description: "Stable and machine-readable; see ErrorCode.",
      resolve: (e) => e.code,
    }),
    message: t.exposeString("message", { description: "For humans; may change." }),
  }),
});

const FieldIssueRef = builder.objectRef<FieldIssue>("FieldIssue").implement({
  description: "One problem with one input value.",
  fields: (t) => ({
    path: t.exposeStringList("path", {
      description: 'Where in the input, e.g. ["input", "numbers", "3"].',
    }),
    message: t.exposeString("message", {
      description: "What is wrong with the value, for humans.",
    }),
  }),
});

builder.objectType(ValidationError, {
  name: "ValidationError",
  interfaces: [ErrorInterface],
  description: "The input breaks a rule (format, length, range). Nothing was written.",
  fields: (t) => ({
    issues: t.field({
      type: [FieldIssueRef],
      description: "One entry per problem found.",
      resolve: (e) => e.issues,
    }),
  }),
});

builder.objectType(NotFoundError, {
  name: "NotFoundError",
  interfaces: [ErrorInterface],
  description:
    "No such object for this caller (another account's ids look exactly like missing ones).",
  fields: (t) => ({
    entity: t.exposeString("entity", {
      description: "The kind of object looked up, e.g. `Project`, `SenderNumber`.",
    }),
    id: t.exposeString("id", {
      description: "The id (or code, for a schedule) that was looked up.",
    }),
  }),
});

builder.objectType(InvalidTransitionError, {
  name: "InvalidTransitionError",
  interfaces: [ErrorInterface],
  description: "The object's current status does not allow this change.",
  fields: (t) => ({
    entity: t.exposeString("entity", {
      description: "The kind of object, e.g. `Reservation`, `SenderNumber`, `OptOutService`.",
    }),
    from: t.exposeString("from", { description: "Its current status." }),
    to: t.exposeString("to", { description: "The status (or action) that was asked for." }),
  }),
});

builder.objectType(LimitExceededError, {
  name: "LimitExceededError",
  interfaces: [ErrorInterface],
  description: "A quota is full.",
  fields: (t) => ({
    limit: t.exposeInt("limit", { description: "The quota." }),
    current: t.exposeInt("current", { description: "How much of it is in use now." }),
  }),
});

builder.objectType(ConflictError, {
  name: "ConflictError",
  interfaces: [ErrorInterface],
  description: "The request collides with existing state.",
  fields: () => ({}),
});

builder.objectType(VerificationError, {
  name: "VerificationError",
  interfaces: [ErrorInterface],
  description:
    "SMS verification failed: WRONG_CODE, CODE_EXPIRED, TOO_MANY_ATTEMPTS or NOT_PENDING.",
  fields: (t) => ({
    attemptsLeft: t.exposeInt("attemptsLeft", {
      description:
        "Tries left for the current code (5 per code); 0 once it is spent and a new code must be requested.",
    }),
  }),
});

builder.objectType(ForbiddenError, {
  name: "ForbiddenError",
  interfaces: [ErrorInterface],
  description: "The caller's role may not do this.",
  fields: () => ({}),
});
