// Expected failures, each with a stable machine-readable `code`. Resolvers expose them as
// typed GraphQL errors (graphql/errors.ts); REST maps them to SENS-style bodies. Anything
// that is not a DomainError is unexpected: masked for clients and logged.
import type { ErrorCode } from "./errorCodes.ts";

export interface FieldIssue {
  /** Input path, e.g. ["input", "numbers", "3"]. */
  path: string[];
  message: string;
}

export abstract class DomainError extends Error {
  /** One of ERROR_CODES (domain/errorCodes.ts): the compiler keeps the table complete. */
  abstract readonly code: ErrorCode;
}

/** Input that breaks a domain rule (format, length, range; see docs/). Nothing was written. */
export class ValidationError extends DomainError {
  readonly code = "VALIDATION_FAILED";
  constructor(
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
  }
  static field(path: string[], message: string): ValidationError {
    return new ValidationError(message, [{ path, message }]);
  }
}

/** The ID does not exist for this caller — including IDs of other accounts (no leak). */
export class NotFoundError extends DomainError {
  readonly code = "NOT_FOUND";
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`${entity} ${id} was not found`);
  }
}

/** A status change the transition table does not allow. */
export class InvalidTransitionError extends DomainError {
  readonly code = "INVALID_TRANSITION";
  constructor(
    readonly entity: string,
    readonly from: string,
    readonly to: string,
    detail?: string,
  ) {
    super(`${entity} cannot go from ${from} to ${to}${detail ? `: ${detail}` : ""}`);
  }
}

/** A documented quota is full (e.g. 10 sender numbers per account). */
export class LimitExceededError extends DomainError {
  readonly code = "LIMIT_EXCEEDED";
  constructor(
    message: string,
    readonly limit: number,
    readonly current: number,
  ) {
    super(message);
  }
}

/** The request collides with existing state (duplicate number, code in use, …). */
export class ConflictError extends DomainError {
  readonly code = "CONFLICT";
}

export type VerificationFailure =
  | "WRONG_CODE"
  | "CODE_EXPIRED"
  | "TOO_MANY_ATTEMPTS"
  | "NOT_PENDING";

/** SMS self-verification of a sender number failed. */
export class VerificationError extends DomainError {
  readonly code: VerificationFailure;
  constructor(
    code: VerificationFailure,
    message: string,
    readonly attemptsLeft: number,
  ) {
    super(message);
    this.code = code;
  }
}

/** The caller's role may not do this (a member calling an operator action). */
export class ForbiddenError extends DomainError {
  readonly code = "FORBIDDEN";
}

export interface RecipientRowReport {
  source: "LIST" | "TEXT" | "CSV";
  row: number;
  value: string;
  code: string;
  reason: string;
}

/** Some recipient rows are unusable and the caller chose "refuse all". Nothing was written. */
export class RecipientsRejectedError extends DomainError {
  readonly code = "RECIPIENTS_REJECTED";
  constructor(
    message: string,
    readonly rows: RecipientRowReport[],
  ) {
    super(message);
  }
}

/** An AD message breaks the advertising rules (docs/sending.md#advertising-ad). */
export class AdPolicyError extends DomainError {
  readonly code = "AD_POLICY";
  constructor(
    message: string,
    readonly violations: string[],
  ) {
    super(message);
  }
}

/** The idempotency key was used within 24 h for a different payload. */
export class IdempotencyConflictError extends DomainError {
  readonly code = "IDEMPOTENCY_KEY_REUSED";
  constructor(readonly originalRequestId: string) {
    super("This idempotency key was already used in the last 24 hours with a different payload");
  }
}
