// The fields of a typed error every console mutation asks for: what `placeErrors`
// (src/console/errors.ts) reads. Spread as `...ConsoleErrorFields` in a mutation's result;
// the codegen client preset puts this definition into each document that uses it.
import { graphql } from "../gql/index.ts";

export const ConsoleErrorFields = graphql(`
  fragment ConsoleErrorFields on Error {
    code
    message
    ... on ValidationError {
      issues {
        path
        message
      }
    }
  }
`);
