// Every GraphQL operation of the History screen, typed by the codegen client preset
// (src/console/gql, generated from schema/schema.graphql).
import { graphql } from "../gql/index.ts";

/** One page of the account's messages of the last 30 days matching the filter, newest first. */
export const HistoryQuery = graphql(`
  query ConsoleHistory($filter: MessageFilter, $first: Int!, $after: String) {
    messages(filter: $filter, first: $first, after: $after) {
      edges {
        node {
          id
          requestTime
          to
          status
          result {
            statusName
            statusCode
          }
          request {
            id
            requestId
            type
            contentType
            from
            project {
              name
            }
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);
