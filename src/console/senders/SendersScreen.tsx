// Screen 2, Calling numbers: the account's sender numbers (method, status, the 10-number
// limit), registration by SMS code or by documents, deletion, and — for operators — the
// document review queue.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useClient, useQuery } from "urql";
import { Alert, Notice, useErrorText, useFormatDate, useRequestErrorText } from "../app/ui.tsx";
import { ViewerQuery } from "../session/SignIn.tsx";
import { DocumentForm } from "./DocumentRegistration.tsx";
import { DeleteSenderMutation, SenderNumbersQuery } from "./operations.ts";
import { ReviewQueue } from "./ReviewQueue.tsx";
import { countedNumbers, SENDER_NUMBER_LIMIT } from "./rules.ts";
import { CodeEntry, SmsForm, type PendingCode } from "./SmsRegistration.tsx";
import "./senders.css";
import { useRefetchOn } from "../app/refetch.ts";

type Method = "SMS" | "DOCUMENT";

interface Row {
  id: string;
  number: string;
  method: Method;
  status: "READY" | "IN_PROGRESS" | "REJECTED" | "APPROVED";
  rejectionReason?: string | null;
  verificationExpiresAt?: string | null;
  attemptsLeft?: number | null;
  createdAt: string;
  project?: { name: string } | null;
}

function DeleteButton({ row, onDeleted }: { row: Row; onDeleted(message: string): void }) {
  const { t } = useTranslation();
  const client = useClient();
  const errorText = useErrorText();
  const requestError = useRequestErrorText();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const label = t("senders.delete.label", { number: row.number });

  async function remove() {
    setBusy(true);
    const result = await client.mutation(DeleteSenderMutation, { id: row.id }).toPromise();
    setBusy(false);
    const answer = result.data?.deleteSenderNumber;
    if (!answer) return setError(result.error ? requestError(result.error) : t("errors.network"));
    if (answer.__typename === "MutationDeleteSenderNumberSuccess")
      return onDeleted(
        t("senders.delete.done", {
          number: row.number,
          count: answer.data.skippedReservations,
        }),
      );
    setError(answer.__typename === "NotFoundError" ? t("senders.errors.gone") : errorText(answer));
  }

  if (!confirming)
    return (
      <button type="button" aria-label={label} onClick={() => setConfirming(true)}>
        {t("senders.delete.open")}
      </button>
    );
  return (
    <fieldset aria-label={label} className="confirm">
      <span>{t("senders.delete.confirmText", { number: row.number })}</span>
      <button type="button" className="danger" disabled={busy} onClick={() => void remove()}>
        {t("senders.delete.confirm")}
      </button>
      <button type="button" onClick={() => setConfirming(false)}>
        {t("common.cancel")}
      </button>
      {error && <Alert>{error}</Alert>}
    </fieldset>
  );
}

function SenderList({
  rows,
  onEnterCode,
  onDeleted,
}: {
  rows: readonly Row[];
  onEnterCode(row: Row): void;
  onDeleted(message: string): void;
}) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  if (rows.length === 0) return <p>{t("senders.list.empty")}</p>;
  return (
    <table aria-labelledby="sender-list-title">
      <thead>
        <tr>
          <th scope="col">{t("senders.list.number")}</th>
          <th scope="col">{t("senders.list.method")}</th>
          <th scope="col">{t("senders.list.status")}</th>
          <th scope="col">{t("senders.list.details")}</th>
          <th scope="col">{t("senders.list.registered")}</th>
          <th scope="col">{t("senders.list.actions")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id}>
            <th scope="row">
              <code>{row.number}</code>
            </th>
            <td>{t(`senders.methods.${row.method}`)}</td>
            <td>
              <span className={`sender-status sender-${row.status}`}>
                {t(`senders.statuses.${row.status}`)}
              </span>
            </td>
            <td className="description">
              {row.status === "REJECTED" && row.rejectionReason
                ? t("senders.list.rejectedBecause", { reason: row.rejectionReason })
                : row.project
                  ? t("senders.list.forProject", { name: row.project.name })
                  : t(`senders.statusHelp.${row.status}`)}
            </td>
            <td>{formatDate(row.createdAt)}</td>
            <td>
              <div className="actions">
                {row.method === "SMS" && row.status === "READY" && (
                  <button
                    type="button"
                    aria-label={t("senders.list.enterCodeFor", { number: row.number })}
                    onClick={() => onEnterCode(row)}
                  >
                    {t("senders.list.enterCode")}
                  </button>
                )}
                <DeleteButton row={row} onDeleted={onDeleted} />
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Registering a number: the choice of method, then that method's form. */
function RegisterSection({
  onPending,
  onSubmitted,
}: {
  onPending(pending: PendingCode): void;
  onSubmitted(number: string): void;
}) {
  const { t } = useTranslation();
  const [method, setMethod] = useState<Method>("SMS");
  return (
    <section aria-labelledby="sender-register-title">
      <h2 id="sender-register-title">{t("senders.register.title")}</h2>
      <fieldset className="sender-method">
        <legend>{t("senders.register.method")}</legend>
        {(["SMS", "DOCUMENT"] as const).map((m) => (
          <label key={m}>
            <input
              type="radio"
              name="sender-method"
              checked={method === m}
              onChange={() => setMethod(m)}
            />{" "}
            {t(`senders.register.${m}`)}
          </label>
        ))}
      </fieldset>
      {method === "SMS" ? (
        <SmsForm onPending={onPending} />
      ) : (
        <DocumentForm onSubmitted={onSubmitted} />
      )}
    </section>
  );
}

/** The code entry for a listed SMS number still waiting for its code. */
function pendingOf(row: Row): PendingCode | null {
  if (!row.verificationExpiresAt) return null;
  return {
    id: row.id,
    number: row.number,
    verificationExpiresAt: row.verificationExpiresAt,
    attemptsLeft: row.attemptsLeft ?? 0,
    offsetMs: 0,
  };
}

export function SendersScreen() {
  const { t } = useTranslation();
  const requestError = useRequestErrorText();
  const [{ data: viewer }] = useQuery({ query: ViewerQuery });
  const [{ data, error }, reexecute] = useQuery({ query: SenderNumbersQuery });
  const [pending, setPending] = useState<PendingCode | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [refresh, setRefresh] = useState(0);
  useRefetchOn(refresh, reexecute);
  const changed = (message: string | null) => {
    setNotice(message);
    setRefresh((r) => r + 1);
  };
  const rows: Row[] = data?.senderNumbers.edges.map((e) => e.node) ?? [];
  const used = countedNumbers(rows.map((r) => r.status));
  const full = used >= SENDER_NUMBER_LIMIT;

  return (
    <main id="main" className="screen">
      <h1>{t("senders.title")}</h1>
      <p>{t("senders.intro")}</p>
      {notice && <Notice>{notice}</Notice>}
      <section aria-labelledby="sender-list-title">
        <h2 id="sender-list-title">{t("senders.list.title")}</h2>
        <p className={full ? "field-error" : "muted"} id="sender-limit">
          {t("senders.limit", { count: used, limit: SENDER_NUMBER_LIMIT })}
        </p>
        {error && <Alert>{requestError(error)}</Alert>}
        {data && (
          <SenderList
            rows={rows}
            onDeleted={changed}
            onEnterCode={(row) => {
              const entry = pendingOf(row);
              if (entry) setPending(entry);
            }}
          />
        )}
      </section>
      {pending && (
        <CodeEntry
          key={pending.id}
          pending={pending}
          onClose={() => setPending(null)}
          onApproved={(number) => {
            setPending(null);
            changed(t("senders.code.approved", { number }));
          }}
        />
      )}
      <RegisterSection
        onPending={(p) => {
          setPending(p);
          changed(t("senders.sms.sent", { number: p.number }));
        }}
        onSubmitted={(number) => changed(t("senders.document.submitted", { number }))}
      />
      {viewer?.viewer.role === "OPERATOR" && <ReviewQueue onReviewed={() => changed(null)} />}
    </main>
  );
}
