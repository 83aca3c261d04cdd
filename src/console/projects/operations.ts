// Every GraphQL operation of the Projects screen, typed by the codegen client preset
// (src/console/gql, generated from schema/schema.graphql).
import { graphql } from "../gql/index.ts";

export const ProjectsQuery = graphql(`
  query ConsoleProjects($first: Int!, $after: String) {
    projects(first: $first, after: $after) {
      totalCount
      edges {
        node {
          id
          name
          description
          serviceId
          createdAt
          accessKeys {
            id
            revokedAt
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

export const ProjectQuery = graphql(`
  query ConsoleProject($id: ID!) {
    node(id: $id) {
      __typename
      ... on Project {
        id
        name
        description
        serviceId
        createdAt
        updatedAt
        accessKeys {
          id
          accessKey
          createdAt
          lastUsedAt
          revokedAt
        }
      }
    }
  }
`);

export const CreateProjectMutation = graphql(`
  mutation ConsoleCreateProject($input: CreateProjectInput!) {
    createProject(input: $input) {
      __typename
      ... on MutationCreateProjectSuccess {
        data {
          id
          name
        }
      }
      ...ConsoleErrorFields
    }
  }
`);

export const UpdateProjectMutation = graphql(`
  mutation ConsoleUpdateProject($input: UpdateProjectInput!) {
    updateProject(input: $input) {
      __typename
      ... on MutationUpdateProjectSuccess {
        data {
          id
          name
          description
          updatedAt
        }
      }
      ...ConsoleErrorFields
    }
  }
`);

export const DeleteProjectMutation = graphql(`
  mutation ConsoleDeleteProject($id: ID!) {
    deleteProject(id: $id) {
      __typename
      ... on MutationDeleteProjectSuccess {
        data {
          projectId
          skippedReservations
          deactivatedSchedules
          stoppedOptOutServices
        }
      }
      ... on Error {
        code
        message
      }
    }
  }
`);

export const CreateAccessKeyMutation = graphql(`
  mutation ConsoleCreateAccessKey($projectId: ID!) {
    createProjectAccessKey(projectId: $projectId) {
      __typename
      ... on MutationCreateProjectAccessKeySuccess {
        data {
          accessKey {
            id
            accessKey
          }
          secretKey
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

export const RevokeAccessKeyMutation = graphql(`
  mutation ConsoleRevokeAccessKey($id: ID!) {
    revokeProjectAccessKey(id: $id) {
      __typename
      ... on MutationRevokeProjectAccessKeySuccess {
        data {
          id
          accessKey
          revokedAt
        }
      }
      ... on Error {
        code
        message
      }
    }
  }
`);
