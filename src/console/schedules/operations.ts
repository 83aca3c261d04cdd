// Every GraphQL operation of the Schedules screen, typed by the codegen client preset from
// schema/schema.graphql.
import { graphql } from "../gql/index.ts";

export const SchedulesQuery = graphql(`
  query ConsoleSchedules($projectId: ID!, $first: Int!, $after: String) {
    schedules(projectId: $projectId, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          code
          weekdays
          time
          timeZone
          startsAtLocal
          endsAtLocal
          active
          nextOccurrenceAt
          description
          templates {
            id
            detachedAt
          }
        }
      }
    }
  }
`);

/** One page of a schedule's handled occurrences, newest first. */
export const ScheduleOccurrencesQuery = graphql(`
  query ConsoleScheduleOccurrencePage($id: ID!, $first: Int!, $after: String) {
    node(id: $id) {
      __typename
      ... on Schedule {
        id
        occurrences(first: $first, after: $after) {
          totalCount
          pageInfo {
            hasNextPage
            endCursor
          }
          edges {
            node {
              id
              scheduledFor
              status
              statusReason
              finishedAt
              template {
                id
              }
              request {
                id
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
      }
    }
  }
`);

export const ScheduleQuery = graphql(`
  query ConsoleSchedule($id: ID!) {
    node(id: $id) {
      __typename
      ... on Schedule {
        id
        code
        weekdays
        time
        timeZone
        startsAtLocal
        endsAtLocal
        description
        active
        createdAt
        updatedAt
        nextOccurrenceAt
        upcoming(count: 5)
        templates {
          id
          createdAt
          detachedAt
          request {
            id
            type
            contentType
            from
            subject
            content
            recipientCount
          }
        }
      }
    }
  }
`);

export const CreateScheduleMutation = graphql(`
  mutation ConsoleCreateSchedule($input: CreateScheduleInput!) {
    createSchedule(input: $input) {
      __typename
      ... on MutationCreateScheduleSuccess {
        data {
          id
          code
        }
      }
      ...ConsoleErrorFields
    }
  }
`);

export const UpdateScheduleMutation = graphql(`
  mutation ConsoleUpdateSchedule($input: UpdateScheduleInput!) {
    updateSchedule(input: $input) {
      __typename
      ... on MutationUpdateScheduleSuccess {
        data {
          id
          code
          updatedAt
        }
      }
      ...ConsoleErrorFields
    }
  }
`);

export const DeleteScheduleMutation = graphql(`
  mutation ConsoleDeleteSchedule($id: ID!, $confirmCode: String!) {
    deleteSchedule(id: $id, confirmCode: $confirmCode) {
      __typename
      ... on MutationDeleteScheduleSuccess {
        data
      }
      ...ConsoleErrorFields
    }
  }
`);

export const DetachTemplateMutation = graphql(`
  mutation ConsoleDetachScheduleTemplate($id: ID!) {
    detachScheduleTemplate(id: $id) {
      __typename
      ... on MutationDetachScheduleTemplateSuccess {
        data {
          id
          detachedAt
        }
      }
      ... on Error {
        code
        message
      }
    }
  }
`);

export const OccurrenceSubscription = graphql(`
  subscription ConsoleScheduleOccurrences($scheduleId: ID!) {
    scheduleOccurrenceChanged(scheduleId: $scheduleId) {
      occurrenceId
      status
      timestamp
    }
  }
`);
