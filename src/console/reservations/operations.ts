// Every GraphQL operation of the Reservations screen (and the project picker the Schedules
// screen shares), typed by the codegen client preset from schema/schema.graphql.
import { graphql } from "../gql/index.ts";

export const PickProjectsQuery = graphql(`
  query ConsolePickProjects {
    projects(first: 100) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

export const ReservationsQuery = graphql(`
  query ConsoleReservations(
    $projectId: ID!
    $from: DateTime
    $to: DateTime
    $status: [ReservationStatus!]
    $first: Int!
    $after: String
  ) {
    reservations(
      projectId: $projectId
      from: $from
      to: $to
      status: $status
      first: $first
      after: $after
    ) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          status
          statusReason
          localTime
          timeZone
          reserveTime
          cancelable
          request {
            id
            type
            contentType
            from
            recipientCount
          }
        }
      }
    }
  }
`);

export const ReservationQuery = graphql(`
  query ConsoleReservation($id: ID!) {
    node(id: $id) {
      __typename
      ... on Reservation {
        id
        status
        statusReason
        localTime
        timeZone
        reserveTime
        cancelable
        createdAt
        processedAt
        finishedAt
        updatedAt
        request {
          id
          requestId
          type
          contentType
          countryCode
          from
          subject
          content
          recipientCount
          progress {
            total
            completed
            success
            fail
          }
        }
      }
    }
  }
`);

export const CancelReservationMutation = graphql(`
  mutation ConsoleCancelReservation($id: ID!) {
    cancelReservation(id: $id) {
      __typename
      ... on MutationCancelReservationSuccess {
        data {
          id
          status
          statusReason
          cancelable
          finishedAt
          updatedAt
        }
      }
      ... on InvalidTransitionError {
        from
      }
      ...ConsoleErrorFields
    }
  }
`);

export const ReservationStatusSubscription = graphql(`
  subscription ConsoleReservationStatus($projectId: ID!, $changedSince: DateTime) {
    reservationStatusChanged(projectId: $projectId, changedSince: $changedSince) {
      reservationId
      requestId
      status
      statusReason
      timestamp
    }
  }
`);
