// Every GraphQL operation of the Live results screen, typed by the codegen client preset
// (src/console/gql, generated from schema/schema.graphql).
import { graphql } from "../gql/index.ts";

/**
 * The request the screen follows: what was sent, and its counts right now. By
 * `messageRequest`, so the route takes the Relay id or the SENS REST requestId alike.
 */
export const ResultsRequestQuery = graphql(`
  query ConsoleResultsRequest($id: ID!) {
    messageRequest(id: $id) {
      id
        requestId
        requestTime
        type
        contentType
        from
        countryCode
        mode
        recipientCount
        project {
          id
          name
        }
        progress {
          total
          ready
          processing
          completed
          success
          fail
          done
        }
    }
  }
`);

/** One page of the request's messages, in creation order (the list's order). */
export const ResultsMessagesQuery = graphql(`
  query ConsoleResultsMessages($id: ID!, $first: Int!, $after: String) {
    node(id: $id) {
      __typename
      ... on MessageRequest {
        messages(first: $first, after: $after) {
          totalCount
          edges {
            node {
              id
              messageId
              to
              status
              result {
                statusName
                statusCode
                telcoCode
                completeTime
              }
            }
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
      }
    }
  }
`);

/**
 * The request's status events in batches: from its first event (or after `afterSeq` when
 * resuming), then live, ending after its last message's COMPLETED. One payload carries
 * every event that was waiting, so a request completing at full dispatcher speed costs one
 * message per batch, not one per event.
 */
export const ResultsStatusSubscription = graphql(`
  subscription ConsoleResultsStatus($requestId: ID!, $afterSeq: Int, $maxEvents: Int) {
    messageStatusBatches(requestId: $requestId, afterSeq: $afterSeq, maxEvents: $maxEvents) {
      lastSeq
      events {
        seq
        messageId
        status
        statusName
        statusCode
        telcoCode
        completeTime
      }
    }
  }
`);

/** Everything the "More" view shows of one message, as SENS's result lookup has it. */
export const MessageJsonQuery = graphql(`
  query ConsoleMessageJson($id: ID!) {
    node(id: $id) {
      __typename
      ... on Message {
        id
        messageId
        requestTime
        countryCode
        to
        subject
        content
        status
        attempt
        result {
          statusName
          statusCode
          statusMessage
          telcoCode
          completeTime
        }
        request {
          id
          requestId
          type
          contentType
          effectiveFrom
          files
          statusCode
          statusName
        }
      }
    }
  }
`);
