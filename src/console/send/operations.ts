// Every GraphQL operation of the Send screen, typed by the codegen client preset
// (src/console/gql, generated from schema/schema.graphql).
import { graphql } from "../gql/index.ts";

/** What the form offers: the projects (with their 080 service) and the APPROVED senders. */
export const SendContextQuery = graphql(`
  query ConsoleSendContext {
    projects(first: 100) {
      edges {
        node {
          id
          name
          optOutService {
            id
            status
            number080
          }
        }
      }
    }
    senderNumbers(status: [APPROVED], first: 100) {
      edges {
        node {
          id
          number
          method
        }
      }
    }
  }
`);

export const SendSchedulesQuery = graphql(`
  query ConsoleSendSchedules($projectId: ID!) {
    schedules(projectId: $projectId, first: 100) {
      edges {
        node {
          id
          code
          description
          active
          weekdays
          time
          timeZone
          nextOccurrenceAt
        }
      }
    }
  }
`);

export const PreviewMessageMutation = graphql(`
  mutation ConsolePreviewMessage($input: SendMessageInput!) {
    previewMessage(input: $input) {
      __typename
      ... on MutationPreviewMessageSuccess {
        data {
          type
          typeNote
          effectiveFrom
          content
          totals {
            recipients
            sendable
            blocked
            rejected
            duplicates
            totalBytes
          }
          rejected {
            source
            row
            value
            code
            reason
          }
          duplicates {
            source
            row
            value
            code
            reason
          }
          recipients(first: 1000) {
            to
            subject
            content
            bytes
            blocked
            blockCode
            blockReason
          }
        }
      }
      ...SendErrors
    }
  }
`);

export const SendMessageMutation = graphql(`
  mutation ConsoleSendMessage($input: SendMessageInput!) {
    sendMessage(input: $input) {
      __typename
      ... on MutationSendMessageSuccess {
        data {
          request {
            id
            recipientCount
          }
        }
      }
      ...SendErrors
    }
  }
`);

graphql(`
  fragment SendErrors on Error {
    code
    message
    ... on ValidationError {
      issues {
        path
        message
      }
    }
    ... on AdPolicyError {
      violations
    }
    ... on RecipientsRejectedError {
      rows {
        source
        row
        value
        code
        reason
      }
    }
    ... on NotFoundError {
      entity
      id
    }
    ... on IdempotencyConflictError {
      originalRequestId
    }
  }
`);
