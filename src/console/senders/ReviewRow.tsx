// One request of the review queue: its details, the proof on request, the review buttons
// and the reject form with the reason the member sees.
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { Alert, TextField, useFormatDate, useRequestErrorText } from "../app/ui.tsx";
import { ProofQuery } from "./operations.ts";
import { checkReason, REASON_MAX } from "./rules.ts";
import { useRuleText } from "./SmsRegistration.tsx";

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

export interface RequestRow {
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

export interface RowProps {
  node: RequestRow;
  proofOpen: boolean;
  rejecting: boolean;
  onToggleProof(): void;
  onToggleReject(): void;
  onStart(): void;
  onApprove(): void;
  onReject(reason: string): Promise<string | null>;
}

function RequestDetails({ node }: { node: RequestRow }) {
  const { t } = useTranslation();
  return (
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
  );
}

function RowActions({
  node,
  rejecting,
  onToggleProof,
  onToggleReject,
  onStart,
  onApprove,
}: Omit<RowProps, "proofOpen" | "onReject">) {
  const { t } = useTranslation();
  return (
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
  );
}

export function ReviewRow({ proofOpen, onReject, ...actions }: RowProps) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const { node } = actions;
  return (
    <tr>
      <th scope="row">
        <code>{node.number}</code>
      </th>
      <td>{t(`senders.statuses.${node.status}`)}</td>
      <td className="description">
        <RequestDetails node={node} />
        {proofOpen && <Proof id={node.id} number={node.number} />}
      </td>
      <td>{formatDate(node.createdAt)}</td>
      <td>
        <RowActions {...actions} />
        {actions.rejecting && <RejectForm onReject={onReject} />}
      </td>
    </tr>
  );
}
