// Operators: DOCUMENT requests of every account waiting for review, oldest first — start the
// review, approve, or reject with a reason the member sees; the proof document on request.
import { useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { useClient, useQuery } from "urql";
import {
  Alert,
  Notice,
  TextField,
  useErrorText,
  useFormatDate,
  useRequestErrorText,
} from "../app/ui.tsx";
import type { TypedError } from "../errors.ts";
import {
  ApproveMutation,
  ProofQuery,
  RejectMutation,
  ReviewQueueQuery,
  StartReviewMutation,
} from "./operations.ts";
import { checkReason, REASON_MAX } from "./rules.ts";
import { useRuleText } from "./SmsRegistration.tsx";

type Answer = TypedError | { __typename: `Mutation${string}Success` };

function Proof({ id, number }: { id: string; number: string }) {
  const { t } = useTranslation();
  const [{ data, error, fetching }] = useQuery({ query: ProofQuery, variables: { id } });
  const requestError = useRequestErrorText();
  const titleId = useId();
  if (error) return <Alert>{requestError(error)}</Alert>;
  if (fetching || !data) return <p>{t("common.loading")}</p>;
  const proof = data.senderNumberProof;
  if (!proof) return <p>{t("senders.review.noProof")}</p>;
  return (
    <section aria-labelledby={titleId} className="sender-proof">
      <h4 id={titleId}>{t("senders.review.proofTitle", { number })}</h4>
      <p>
        {proof.fileName} · {proof.mimeType} · {t("senders.review.bytes", { count: proof.size })}
      </p>
      {proof.mimeType.startsWith("image/") ? (
        <img src={proof.dataUrl} alt={t("senders.review.proofAlt", { name: proof.fileName })} />
      ) : (
        <a href={proof.dataUrl} download={proof.fileName}>
          {t("senders.review.download", { name: proof.fileName })}
        </a>
      )}
    </section>
  );
}

function RejectForm({ onReject }: { onReject(reason: string): Promise<string | null> }) {
  const { t } = useTranslation();
  const ruleText = useRuleText();
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | undefined>();
  return (
    <div className="sender-reject">
      <TextField
        label={t("senders.review.reason")}
        hint={t("senders.review.reasonHint")}
        error={error}
        value={reason}
        onChange={setReason}
        max={REASON_MAX}
        trimmed
        multiline
      />
      <button
        type="button"
        className="danger"
        onClick={() => {
          const broken = checkReason(reason);
          setError(broken[0] && ruleText(broken[0]));
          if (!broken.length) void onReject(reason.trim()).then((e) => setError(e ?? undefined));
        }}
      >
        {t("senders.review.rejectConfirm")}
      </button>
    </div>
  );
}

interface RequestRow {
  id: string;
  accountId: string;
  number: string;
  status: "READY" | "IN_PROGRESS" | "REJECTED" | "APPROVED";
  contactEmail?: string | null;
  contactPhone?: string | null;
  purpose?: string | null;
  expectedDailyVolume?: number | null;
  createdAt: string;
  project?: { name: string } | null;
  proofFile?: { fileName: string } | null;
}

interface RowProps {
  node: RequestRow;
  proofOpen: boolean;
  rejecting: boolean;
  onToggleProof(): void;
  onToggleReject(): void;
  onStart(): void;
  onApprove(): void;
  onReject(reason: string): Promise<string | null>;
}

function ReviewRow({
  node,
  proofOpen,
  rejecting,
  onToggleProof,
  onToggleReject,
  onStart,
  onApprove,
  onReject,
}: RowProps) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  return (
    <tr>
      <th scope="row">
        <code>{node.number}</code>
      </th>
      <td>{t(`senders.statuses.${node.status}`)}</td>
      <td className="description">
        <dl className="pairs">
          <div>
            <dt>{t("senders.review.account")}</dt>
            <dd>{node.accountId}</dd>
          </div>
          <div>
            <dt>{t("senders.fields.project")}</dt>
            <dd>{node.project?.name ?? "—"}</dd>
          </div>
          <div>
            <dt>{t("senders.fields.contactEmail")}</dt>
            <dd>{node.contactEmail}</dd>
          </div>
          <div>
            <dt>{t("senders.fields.contactPhone")}</dt>
            <dd>{node.contactPhone}</dd>
          </div>
          <div>
            <dt>{t("senders.fields.purpose")}</dt>
            <dd>{node.purpose}</dd>
          </div>
          <div>
            <dt>{t("senders.fields.volume")}</dt>
            <dd>{node.expectedDailyVolume}</dd>
          </div>
        </dl>
        {proofOpen && <Proof id={node.id} number={node.number} />}
      </td>
      <td>{formatDate(node.createdAt)}</td>
      <td>
        <div className="actions">
          {node.proofFile && (
            <button
              type="button"
              aria-label={t("senders.review.viewProofOf", { number: node.number })}
              onClick={onToggleProof}
            >
              {t("senders.review.viewProof")}
            </button>
          )}
          {node.status === "READY" && (
            <button
              type="button"
              aria-label={t("senders.review.startOf", { number: node.number })}
              onClick={onStart}
            >
              {t("senders.review.start")}
            </button>
          )}
          {node.status === "IN_PROGRESS" && (
            <>
              <button
                type="button"
                aria-label={t("senders.review.approveOf", { number: node.number })}
                onClick={onApprove}
              >
                {t("senders.review.approve")}
              </button>
              <button
                type="button"
                aria-label={t("senders.review.rejectOf", { number: node.number })}
                aria-expanded={rejecting}
                onClick={onToggleReject}
              >
                {t("senders.review.reject")}
              </button>
            </>
          )}
        </div>
        {rejecting && <RejectForm onReject={onReject} />}
      </td>
    </tr>
  );
}

export function ReviewQueue({ onReviewed }: { onReviewed(): void }) {
  const { t } = useTranslation();
  const client = useClient();
  const errorText = useErrorText();
  const requestError = useRequestErrorText();
  const [{ data, error }, reexecute] = useQuery({ query: ReviewQueueQuery });
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [proofOf, setProofOf] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState<string | null>(null);
  const [refresh, setRefresh] = useState(0);
  useEffect(() => {
    if (refresh > 0) reexecute({ requestPolicy: "network-only" });
  }, [refresh, reexecute]);

  /** Runs one review step; a typed error is returned (for the reject form) and shown. */
  async function act(
    run: () => Promise<{ answer?: Answer | undefined; error?: Parameters<typeof requestError>[0] }>,
    done: string,
  ): Promise<string | null> {
    setFailure(null);
    const { answer, error } = await run();
    let problem: string | null = null;
    if (!answer) problem = error ? requestError(error) : t("errors.network");
    else if (!answer.__typename.endsWith("Success")) {
      const typed = answer as TypedError;
      problem =
        typed.__typename === "InvalidTransitionError"
          ? t("senders.review.changed")
          : typed.__typename === "ValidationError"
            ? (typed.issues?.[0]?.message ?? typed.message)
            : errorText(typed);
    }
    if (problem) {
      setFailure(problem);
      setRefresh((r) => r + 1);
      return problem;
    }
    setNotice(done);
    setRejecting(null);
    setRefresh((r) => r + 1);
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

  const queue = data?.senderNumberReviewQueue;
  return (
    <section aria-labelledby="review-title" className="card">
      <h2 id="review-title">{t("senders.review.title")}</h2>
      <p className="hint">{t("senders.review.intro")}</p>
      {notice && <Notice>{notice}</Notice>}
      {failure && <Alert>{failure}</Alert>}
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
                onStart={() => void start(node.id, node.number)}
                onApprove={() => void approve(node.id, node.number)}
                onReject={(reason) => reject(node.id, node.number, reason)}
              />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
