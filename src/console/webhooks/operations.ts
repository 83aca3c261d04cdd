// Every GraphQL operation of the Webhooks screen, typed by the codegen client preset
// (src/console/gql, generated from schema/schema.graphql).
import { graphql } from "../gql/index.ts";

// The event types are read from the schema itself, so a value the gateway adds appears as a
// checkbox without a console change (its label falls back to the schema's description).
export const EventTypesQuery = graphql(`
  query ConsoleWebhookEventTypes {
    __type(name: "WebhookEventType") {
      enumValues {
        name
        description
      }
    }
  }
`);

export const WebhookProjectsQuery = graphql(`
  query ConsoleWebhookProjects {
    projects(first: 100) {
      edges {
        node {
          id
          name
          webhookEndpoints {
            id
            url
            eventTypes
            description
            batchSize
            enabled
            status
            disabledReason
            cursorSeq
            lag
            lastError
          }
        }
      }
    }
  }
`);

export const EndpointQuery = graphql(`
  query ConsoleWebhookEndpoint($id: ID!) {
    node(id: $id) {
      __typename
      ... on WebhookEndpoint {
        id
        url
        eventTypes
        description
        batchSize
        enabled
        status
        disabledReason
        cursorSeq
        lag
        failingSince
        nextAttemptAt
        lastSuccessAt
        lastError
        previousSecretValidUntil
        createdAt
        project {
          id
          name
        }
      }
    }
  }
`);

// The delivery log pages by the connection's cursors, on (createdAt, id): POSTs that share
// one millisecond are neither skipped nor repeated at a page boundary.
export const DeliveriesQuery = graphql(`
  query ConsoleWebhookDeliveries($id: ID!, $first: Int!, $after: String) {
    node(id: $id) {
      __typename
      ... on WebhookEndpoint {
        id
        deliveries(first: $first, after: $after) {
          pageInfo {
            hasNextPage
            endCursor
          }
          edges {
            cursor
            node {
              webhookId
              firstSeq
              lastSeq
              events
              outcome
              statusCode
              latencyMs
              response
              createdAt
            }
          }
        }
      }
    }
  }
`);

// Every endpoint's lag and cursors, pushed over graphql-ws: the whole state at once on each
// (re)subscription, then a new snapshot whenever one of them changes.
export const WebhookLagSubscription = graphql(`
  subscription ConsoleWebhookLag($projectId: ID!) {
    webhookEndpointLag(projectId: $projectId) {
      projectId
      endpoints {
        endpointId
        lag
        cursorSeq
        projectEventCursorSeq
        enabled
        failing
      }
    }
  }
`);

export const CreateEndpointMutation = graphql(`
  mutation ConsoleCreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {
    createWebhookEndpoint(input: $input) {
      __typename
      ... on MutationCreateWebhookEndpointSuccess {
        data {
          secret
          endpoint {
            id
            url
          }
        }
      }
      ... on LimitExceededError {
        limit
        current
      }
      ...ConsoleErrorFields
    }
  }
`);

export const UpdateEndpointMutation = graphql(`
  mutation ConsoleUpdateWebhookEndpoint($input: UpdateWebhookEndpointInput!) {
    updateWebhookEndpoint(input: $input) {
      __typename
      ... on MutationUpdateWebhookEndpointSuccess {
        data {
          id
          url
          enabled
          status
        }
      }
      ...ConsoleErrorFields
    }
  }
`);

export const RotateSecretMutation = graphql(`
  mutation ConsoleRotateWebhookSecret($id: ID!) {
    rotateWebhookSecret(id: $id) {
      __typename
      ... on MutationRotateWebhookSecretSuccess {
        data {
          secret
          previousValidUntil
        }
      }
      ... on Error {
        code
        message
      }
    }
  }
`);

export const DeleteEndpointMutation = graphql(`
  mutation ConsoleDeleteWebhookEndpoint($id: ID!) {
    deleteWebhookEndpoint(id: $id) {
      __typename
      ... on MutationDeleteWebhookEndpointSuccess {
        data {
          endpointId
        }
      }
      ... on Error {
        code
        message
      }
    }
  }
`);

export const ReplayMutation = graphql(`
  mutation ConsoleReplayWebhookEndpoint($input: ReplayWebhookEndpointInput!) {
    replayWebhookEndpoint(input: $input) {
      __typename
      ... on MutationReplayWebhookEndpointSuccess {
        data {
          id
          cursorSeq
        }
      }
      ...ConsoleErrorFields
    }
  }
`);

export const SendTestMutation = graphql(`
  mutation ConsoleSendTestWebhookEvent($id: ID!) {
    sendTestWebhookEvent(id: $id) {
      __typename
      ... on MutationSendTestWebhookEventSuccess {
        data {
          webhookId
          outcome
          statusCode
          latencyMs
          response
        }
      }
      ... on Error {
        code
        message
      }
    }
  }
`);
