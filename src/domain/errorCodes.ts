// Every machine-readable error code the gateway emits, in one table: the `code` of the
// typed errors in mutation results (`Error.code`) and the `extensions.code` of GraphQL
// errors. GraphQL's `ErrorCode` enum is built from it, so a frontend can switch over it
// exhaustively; test/error-codes.test.ts fails when code elsewhere emits a code not listed.

export const ERROR_CODES = {
  // Typed errors in mutation results (implementations of `Error`).
  VALIDATION_FAILED:
    "ValidationError: the input breaks a rule; `issues` says where. Nothing was written.",
  NOT_FOUND: "NotFoundError: no such object for this caller (another account's ids look the same).",
  INVALID_TRANSITION: "InvalidTransitionError: the object's status does not allow this change.",
  LIMIT_EXCEEDED: "LimitExceededError: a quota is full (`limit`, `current`).",
  CONFLICT:
    "ConflictError: collides with existing state (duplicate number, code in use, service already applied).",
  WRONG_CODE: "VerificationError: the SMS verification code is wrong (`attemptsLeft`).",
  CODE_EXPIRED: "VerificationError: the SMS verification code expired; resend it.",
  TOO_MANY_ATTEMPTS: "VerificationError: 5 wrong codes; the code is locked until a resend.",
  NOT_PENDING: "VerificationError: the sender number is not waiting for a code.",
  FORBIDDEN: "ForbiddenError: the caller's role may not do this.",
  RECIPIENTS_REJECTED:
    "RecipientsRejectedError: recipient rows cannot be sent (`rows`); nothing was sent.",
  AD_POLICY: "AdPolicyError: the advertisement breaks the AD rules (`violations`).",
  IDEMPOTENCY_KEY_REUSED:
    "IdempotencyConflictError: the key was used in the last 24 hours with another payload.",
  SECRET_KEY_REQUIRED:
    "SecretKeyUnavailableError: REST access keys cannot be created without SECRET_KEY.",
  DELIVERY_FAILED:
    "DeliveryFailedError: the verification SMS could not be delivered; nothing was written.",
  OPT_OUT_SERVICE_NOT_ACTIVE:
    "OptOutServiceNotActiveError: the project's 080 service is not COMPLETE.",
  // extensions.code of GraphQL errors (fields without result unions, transports, limits).
  UNAUTHENTICATED:
    "No API key: send `Authorization: Bearer <key>` (graphql-ws: in connection_init).",
  INVALID_API_KEY: "The API key is malformed, unknown or revoked (HTTP 401).",
  QUERY_TOO_COMPLEX:
    "The operation is deeper, costlier or has more aliases than allowed (HTTP 400).",
  SUBSCRIPTION_OVERFLOW:
    "A slow subscriber fell too far behind; resubscribe with afterSeq = extensions.resumeAfterSeq.",
  SUBSCRIPTION_FAILED:
    "The event stream failed; resubscribe with afterSeq = extensions.resumeAfterSeq.",
  BAD_REQUEST:
    "The HTTP request is not a GraphQL request (bad JSON, method, parameters or multipart body).",
  REQUEST_ENTITY_TOO_LARGE: "The request body is larger than MAX_REQUEST_BYTES.",
  OPERATION_RESOLUTION_FAILURE:
    "The document has several operations and operationName names none of them.",
  DATABASE_UNAVAILABLE:
    "The database is unreachable (failover, restart): retry after extensions.retryAfterSeconds; nothing was done (HTTP 503).",
  INTERNAL_SERVER_ERROR:
    "An unexpected failure: the message is masked; the log line with `errorId` has the cause.",
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;
