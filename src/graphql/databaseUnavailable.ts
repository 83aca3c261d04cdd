// The GraphQL face of a lost database (db/errors.ts decides what counts as one): a coded,
// retryable error with HTTP 503 and Retry-After, instead of a masked "Unexpected error.".
import { GraphQLError } from "graphql";
import { DATABASE_UNAVAILABLE_MESSAGE, RETRY_AFTER_SECONDS } from "../db/errors.ts";

export function databaseUnavailableError(): GraphQLError {
  // A send whose commit was cut off may have been accepted: the idempotency key makes the retry safe.
  return new GraphQLError(
    `${DATABASE_UNAVAILABLE_MESSAGE} A send retried with the same idempotencyKey is never accepted twice.`,
    {
      extensions: {
        code: "DATABASE_UNAVAILABLE",
        retryable: true,
        retryAfterSeconds: RETRY_AFTER_SECONDS,
        // Yoga sets these on the HTTP response (and leaves them out of the body).
        http: { status: 503, headers: { "retry-after": String(RETRY_AFTER_SECONDS) } },
      },
    },
  );
}
