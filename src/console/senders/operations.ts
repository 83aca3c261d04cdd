// Every GraphQL operation of the Calling numbers screen, typed by the codegen client preset
// (src/console/gql, generated from schema/schema.graphql).
import { graphql } from "../gql/index.ts";

export const SenderNumbersQuery = graphql(`
  query ConsoleSenderNumbers {
    senderNumbers(first: 100) {
      totalCount
      edges {
        node {
          id
          number
          method
          status
          rejectionReason
          verificationExpiresAt
          attemptsLeft
          approvedAt
          createdAt
          purpose
          project {
            id
            name
          }
        }
      }
    }
  }
`);

export const SenderProjectsQuery = graphql(`
  query ConsoleSenderProjects {
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

export const RegisterSenderMutation = graphql(`
  mutation ConsoleRegisterSender($input: RegisterSenderNumberInput!) {
    registerSenderNumber(input: $input) {
      __typename
      ... on MutationRegisterSenderNumberSuccess {
        data {
          id
          number
          method
          status
          verificationExpiresAt
          attemptsLeft
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

export const ConfirmSenderMutation = graphql(`
  mutation ConsoleConfirmSender($id: ID!, $code: String!) {
    confirmSenderNumber(id: $id, code: $code) {
      __typename
      ... on MutationConfirmSenderNumberSuccess {
        data {
          id
          number
          status
          approvedAt
        }
      }
      ... on VerificationError {
        attemptsLeft
      }
      ...ConsoleErrorFields
    }
  }
`);

export const ResendCodeMutation = graphql(`
  mutation ConsoleResendCode($id: ID!) {
    resendSenderNumberCode(id: $id) {
      __typename
      ... on MutationResendSenderNumberCodeSuccess {
        data {
          id
          verificationExpiresAt
          attemptsLeft
        }
      }
      ... on LimitExceededError {
        limit
        current
      }
      ... on Error {
        code
        message
      }
    }
  }
`);

export const DeleteSenderMutation = graphql(`
  mutation ConsoleDeleteSender($id: ID!) {
    deleteSenderNumber(id: $id) {
      __typename
      ... on MutationDeleteSenderNumberSuccess {
        data {
          senderNumberId
          skippedReservations
        }
      }
      ... on Error {
        code
        message
      }
    }
  }
`);

export const ReviewQueueQuery = graphql(`
  query ConsoleReviewQueue {
    senderNumberReviewQueue(first: 100) {
      totalCount
      edges {
        node {
          id
          accountId
          number
          status
          contactEmail
          contactPhone
          purpose
          expectedDailyVolume
          createdAt
          project {
            name
          }
          proofFile {
            fileName
            mimeType
            size
          }
        }
      }
    }
  }
`);

export const ProofQuery = graphql(`
  query ConsoleSenderProof($id: ID!) {
    senderNumberProof(id: $id) {
      fileName
      mimeType
      size
      dataUrl
    }
  }
`);

export const StartReviewMutation = graphql(`
  mutation ConsoleStartReview($id: ID!) {
    startSenderNumberReview(id: $id) {
      __typename
      ... on MutationStartSenderNumberReviewSuccess {
        data {
          id
          status
        }
      }
      ... on Error {
        code
        message
      }
    }
  }
`);

export const ApproveMutation = graphql(`
  mutation ConsoleApproveSender($id: ID!) {
    approveSenderNumber(id: $id) {
      __typename
      ... on MutationApproveSenderNumberSuccess {
        data {
          id
          status
        }
      }
      ... on Error {
        code
        message
      }
    }
  }
`);

export const RejectMutation = graphql(`
  mutation ConsoleRejectSender($id: ID!, $reason: String!) {
    rejectSenderNumber(id: $id, reason: $reason) {
      __typename
      ... on MutationRejectSenderNumberSuccess {
        data {
          id
          status
          rejectionReason
        }
      }
      ...ConsoleErrorFields
    }
  }
`);
