// Every GraphQL operation of the 080 opt-out screen, typed by the codegen client preset
// (src/console/gql, generated from schema/schema.graphql).
import { graphql } from "../gql/index.ts";

export const OptOutProjectsQuery = graphql(`
  query ConsoleOptOutProjects {
    projects(first: 100) {
      edges {
        node {
          id
          name
          optOutService {
            id
            companyName
            status
            number080
            appliedAt
            completedAt
            billingStartAt
            billingEndAt
            stoppedAt
            purgeAfter
            optOutNumberCount
          }
        }
      }
    }
  }
`);

export const OptOutNumbersQuery = graphql(`
  query ConsoleOptOutNumbers(
    $projectId: ID!
    $filter: OptOutNumberFilter
    $first: Int!
    $after: String
  ) {
    optOutNumbers(projectId: $projectId, filter: $filter, first: $first, after: $after) {
      __typename
      ... on QueryOptOutNumbersSuccess {
        data {
          totalCount
          edges {
            node {
              id
              number
              source
              createdAt
            }
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
      }
      ...ConsoleErrorFields
    }
  }
`);

export const ApplyMutation = graphql(`
  mutation ConsoleApplyOptOut($projectId: ID!, $companyName: String!) {
    applyOptOutService(projectId: $projectId, companyName: $companyName) {
      __typename
      ... on MutationApplyOptOutServiceSuccess {
        data {
          id
          status
        }
      }
      ...ConsoleErrorFields
    }
  }
`);

export const CancelMutation = graphql(`
  mutation ConsoleCancelOptOut($projectId: ID!) {
    cancelOptOutService(projectId: $projectId) {
      __typename
      ... on MutationCancelOptOutServiceSuccess {
        data {
          id
        }
      }
      ... on Error {
        code
        message
      }
    }
  }
`);

export const TerminateMutation = graphql(`
  mutation ConsoleTerminateOptOut($projectId: ID!) {
    terminateOptOutService(projectId: $projectId) {
      __typename
      ... on MutationTerminateOptOutServiceSuccess {
        data {
          deletedNumbers
          optOutService {
            id
            status
            purgeAfter
          }
        }
      }
      ... on Error {
        code
        message
      }
    }
  }
`);

export const AddNumbersMutation = graphql(`
  mutation ConsoleAddOptOutNumbers($projectId: ID!, $numbers: [String!]!) {
    addOptOutNumbers(projectId: $projectId, numbers: $numbers) {
      __typename
      ... on MutationAddOptOutNumbersSuccess {
        data {
          added
          alreadyPresent
          duplicates
          invalid {
            index
            value
            code
          }
        }
      }
      ...ConsoleErrorFields
    }
  }
`);

export const DeleteNumbersMutation = graphql(`
  mutation ConsoleDeleteOptOutNumbers($projectId: ID!, $numbers: [String!]!) {
    deleteOptOutNumbers(projectId: $projectId, numbers: $numbers) {
      __typename
      ... on MutationDeleteOptOutNumbersSuccess {
        data {
          deleted
          notFound
          duplicates
          invalid {
            index
            value
            code
          }
        }
      }
      ...ConsoleErrorFields
    }
  }
`);

export const ApplicationsQuery = graphql(`
  query ConsoleOptOutApplications($status: OptOutServiceStatus!) {
    optOutServiceApplications(status: $status, first: 100) {
      totalCount
      edges {
        node {
          id
          accountId
          companyName
          status
          number080
          appliedAt
          completedAt
        }
      }
    }
  }
`);

export const CompleteMutation = graphql(`
  mutation ConsoleCompleteOptOut($id: ID!) {
    completeOptOutService(id: $id) {
      __typename
      ... on MutationCompleteOptOutServiceSuccess {
        data {
          id
          companyName
          number080
        }
      }
      ... on Error {
        code
        message
      }
    }
  }
`);

export const SimulateArsMutation = graphql(`
  mutation ConsoleSimulateArs($number080: String!, $callerNumber: String!) {
    simulateArsOptOut(number080: $number080, callerNumber: $callerNumber) {
      __typename
      ... on MutationSimulateArsOptOutSuccess {
        data {
          number
          source
          registeredAt
          alreadyPresent
        }
      }
      ...ConsoleErrorFields
    }
  }
`);
