// Operators: DOCUMENT requests of every account waiting for review, oldest first — start the
// review, approve, or reject with a reason the member sees; the proof document on request.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type CombinedError, useClient, useQuery } from "urql";
import { Alert, Notice, useErrorText, useRequestErrorText } from "../app/ui.tsx";
import type { TypedError } from "../errors.ts";
import {
  ApproveMutation,
  RejectMutation,
  ReviewQueueQuery,
  StartReviewMutation,
} from "./operations.ts";
import { ReviewRow } from "./ReviewRow.tsx";
import { useRefetchOn } from "../app/refetch.ts";

type Answer = TypedError | { __typename: `Mutation${string}Success` };

/** The review steps; each returns the problem (for the reject form) and shows it. */
function useReviewActions(onReviewed: () => void) {
  const { t } = useTranslation();
  const client = useClient();
  const errorText = useErrorText();
  const requestError = useRequestErrorText();
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState<string | null>(null);
  const [refresh, setRefresh] = useState(0);

  function problemOf(answer: Answer | undefined, error?: CombinedError): string | null {
    if (!answer) return error ? requestError(error) : t("errors.network");
    if (answer.__typename.endsWith("Success")) return null;
    const typed = answer as TypedError;
    return typed.__typename === "InvalidTransitionError"
      ? t("senders.review.changed")
      : typed.__typename === "ValidationError"
        ? (typed.issues?.[0]?.message ?? typed.message)
        : errorText(typed);
  }

  async function act(
    run: () => Promise<{ answer?: Answer | undefined; error?: CombinedError | undefined }>,
    done: string,
  ): Promise<string | null> {
    setFailure(null);
    const { answer, error } = await run();
    const problem = problemOf(answer, error);
    setRefresh((r) => r + 1);
    if (problem) {
      setFailure(problem);
      return problem;
    }
    setNotice(done);
    setRejecting(null);
    onReviewed();
    return null;
  }

  const start = (id: string, number: string) =>
    act(
      async () => {
        const r = await client.mutation(StartReviewMutation, { id }).toPromise();
        return { answer: r.data?.startSenderNumberReview, error: r.error };
      },
      t("senders.review.started", { number }),
    );
  const approve = (id: string, number: string) =>
    act(
      async () => {
        const r = await client.mutation(ApproveMutation, { id }).toPromise();
        return { answer: r.data?.approveSenderNumber, error: r.error };
      },
      t("senders.review.approved", { number }),
    );
  const reject = (id: string, number: string, reason: string) =>
    act(
      async () => {
        const r = await client.mutation(RejectMutation, { id, reason }).toPromise();
        return { answer: r.data?.rejectSenderNumber, error: r.error };
      },
      t("senders.review.rejected", { number }),
    );

  return { notice, failure, rejecting, setRejecting, refresh, start, approve, reject };
}

export function ReviewQueue({ onReviewed }: { onReviewed(): void }) {
  const { t } = useTranslation();
  const requestError = useRequestErrorText();
  const [{ data, error }, reexecute] = useQuery({ query: ReviewQueueQuery });
  const [proofOf, setProofOf] = useState<string | null>(null);
  const actions = useReviewActions(onReviewed);
  const { refresh, rejecting, setRejecting } = actions;
  useRefetchOn(refresh, reexecute);

  const queue = data?.senderNumberReviewQueue;
  return (
    <section aria-labelledby="review-title" className="card">
      <h2 id="review-title">{t("senders.review.title")}</h2>
      <p className="hint">{t("senders.review.intro")}</p>
      {actions.notice && <Notice>{actions.notice}</Notice>}
      {actions.failure && <Alert>{actions.failure}</Alert>}
      {error && <Alert>{requestError(error)}</Alert>}
      {queue && queue.edges.length === 0 && <p>{t("senders.review.empty")}</p>}
      {queue && queue.edges.length > 0 && (
        <table aria-labelledby="review-title">
          <thead>
            <tr>
              <th scope="col">{t("senders.list.number")}</th>
              <th scope="col">{t("senders.list.status")}</th>
              <th scope="col">{t("senders.review.request")}</th>
              <th scope="col">{t("senders.list.registered")}</th>
              <th scope="col">{t("senders.list.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {queue.edges.map(({ node }) => (
              <ReviewRow
                key={node.id}
                node={node}
                proofOpen={proofOf === node.id}
                rejecting={rejecting === node.id}
                onToggleProof={() => setProofOf(proofOf === node.id ? null : node.id)}
                onToggleReject={() => setRejecting(rejecting === node.id ? null : node.id)}
                onStart={() => void actions.start(node.id, node.number)}
                onApprove={() => void actions.approve(node.id, node.number)}
                onReject={(reason) => actions.reject(node.id, node.number, reason)}
              />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
