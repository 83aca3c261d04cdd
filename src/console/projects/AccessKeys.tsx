// A project's REST access keys: the list (active and revoked), create — which shows the
// secret this one time — and revoke, with the 2-active-keys rule shown before it bites.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useClient } from "urql";
import { Alert, Notice, useErrorText, useFormatDate, useRequestErrorText } from "../app/ui.tsx";
import { CreateAccessKeyMutation, RevokeAccessKeyMutation } from "./operations.ts";
import { ACCESS_KEYS_PER_PROJECT } from "./rules.ts";

interface AccessKeyRow {
  id: string;
  accessKey: string;
  createdAt: string;
  lastUsedAt?: string | null;
  revokedAt?: string | null;
}

interface Props {
  projectId: string;
  keys: readonly AccessKeyRow[];
  onChanged(): void;
}

function Secret({
  accessKey,
  secretKey,
  onDone,
}: {
  accessKey: string;
  secretKey: string;
  onDone(): void;
}) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <section aria-labelledby="secret-title" className="secret">
      <h4 id="secret-title">{t("accessKeys.secret.title")}</h4>
      <p>{t("accessKeys.secret.once")}</p>
      <label>
        {t("accessKeys.secret.accessKey")}
        <input readOnly value={accessKey} onFocus={(e) => e.target.select()} />
      </label>
      <label>
        {t("accessKeys.secret.secretKey")}
        <input readOnly value={secretKey} onFocus={(e) => e.target.select()} />
      </label>
      <div className="actions">
        <button
          type="button"
          onClick={() => {
            void navigator.clipboard?.writeText(secretKey).then(() => setCopied(true));
          }}
        >
          {copied ? t("common.copied") : t("common.copy")}
        </button>
        <button type="button" onClick={onDone}>
          {t("accessKeys.secret.done")}
        </button>
      </div>
    </section>
  );
}

/** The key list's requests — create and revoke — and what they leave to show. */
function useAccessKeyActions(projectId: string, onChanged: () => void) {
  const { t } = useTranslation();
  const client = useClient();
  const errorText = useErrorText();
  const requestError = useRequestErrorText();
  const [created, setCreated] = useState<{ accessKey: string; secretKey: string } | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function create() {
    setBusy(true);
    setError(null);
    setNotice(null);
    const result = await client.mutation(CreateAccessKeyMutation, { projectId }).toPromise();
    setBusy(false);
    const answer = result.data?.createProjectAccessKey;
    if (!answer) return setError(result.error ? requestError(result.error) : t("errors.network"));
    switch (answer.__typename) {
      case "MutationCreateProjectAccessKeySuccess":
        setCreated({
          accessKey: answer.data.accessKey.accessKey,
          secretKey: answer.data.secretKey,
        });
        return onChanged();
      case "LimitExceededError":
        return setError(
          t("accessKeys.limitReached", { current: answer.current, limit: answer.limit }),
        );
      case "NotFoundError":
        return setError(t("errors.projectGone"));
      default:
        return setError(errorText(answer));
    }
  }

  async function revoke(key: AccessKeyRow) {
    setBusy(true);
    setError(null);
    const result = await client.mutation(RevokeAccessKeyMutation, { id: key.id }).toPromise();
    setBusy(false);
    setConfirming(null);
    const answer = result.data?.revokeProjectAccessKey;
    if (!answer) return setError(result.error ? requestError(result.error) : t("errors.network"));
    if (answer.__typename === "MutationRevokeProjectAccessKeySuccess") {
      setNotice(t("accessKeys.revoked", { key: answer.data.accessKey }));
      return onChanged();
    }
    setError(answer.__typename === "NotFoundError" ? t("errors.accessKeyGone") : errorText(answer));
  }

  return { created, setCreated, confirming, setConfirming, error, notice, busy, create, revoke };
}

type Actions = ReturnType<typeof useAccessKeyActions>;

function RevokeCell({ keyRow: key, actions }: { keyRow: AccessKeyRow; actions: Actions }) {
  const { t } = useTranslation();
  if (key.revokedAt) return null;
  if (actions.confirming !== key.id)
    return (
      <button
        type="button"
        aria-label={t("accessKeys.revokeLabel", { key: key.accessKey })}
        onClick={() => actions.setConfirming(key.id)}
      >
        {t("accessKeys.revoke")}
      </button>
    );
  return (
    <fieldset aria-label={t("accessKeys.revokeLabel", { key: key.accessKey })} className="confirm">
      <span>{t("accessKeys.confirmRevoke", { key: key.accessKey })}</span>
      <button
        type="button"
        className="danger"
        disabled={actions.busy}
        onClick={() => void actions.revoke(key)}
      >
        {t("accessKeys.confirmRevokeButton")}
      </button>
      <button type="button" onClick={() => actions.setConfirming(null)}>
        {t("common.cancel")}
      </button>
    </fieldset>
  );
}

function KeyTable({ keys, actions }: { keys: readonly AccessKeyRow[]; actions: Actions }) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  return (
    <table aria-labelledby="access-keys-title">
      <thead>
        <tr>
          <th scope="col">{t("accessKeys.columns.accessKey")}</th>
          <th scope="col">{t("accessKeys.columns.created")}</th>
          <th scope="col">{t("accessKeys.columns.lastUsed")}</th>
          <th scope="col">{t("accessKeys.columns.status")}</th>
          <th scope="col">{t("accessKeys.columns.actions")}</th>
        </tr>
      </thead>
      <tbody>
        {keys.map((key) => (
          <tr key={key.id}>
            <th scope="row">
              <code>{key.accessKey}</code>
            </th>
            <td>{formatDate(key.createdAt)}</td>
            <td>{formatDate(key.lastUsedAt)}</td>
            <td>
              {key.revokedAt
                ? t("accessKeys.revokedAt", { date: formatDate(key.revokedAt) })
                : t("accessKeys.active")}
            </td>
            <td>
              <RevokeCell keyRow={key} actions={actions} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function AccessKeys({ projectId, keys, onChanged }: Props) {
  const { t } = useTranslation();
  const actions = useAccessKeyActions(projectId, onChanged);
  const { created, busy } = actions;
  const active = keys.filter((k) => !k.revokedAt).length;
  const full = active >= ACCESS_KEYS_PER_PROJECT;

  return (
    <section aria-labelledby="access-keys-title">
      <h4 id="access-keys-title">{t("accessKeys.title")}</h4>
      <p className="hint" id="access-keys-rule">
        {t("accessKeys.rule")}
      </p>
      {actions.notice && <Notice>{actions.notice}</Notice>}
      {created && <Secret {...created} onDone={() => actions.setCreated(null)} />}
      {keys.length === 0 ? (
        <p>{t("accessKeys.empty")}</p>
      ) : (
        <KeyTable keys={keys} actions={actions} />
      )}
      <div className="actions">
        <button
          type="button"
          disabled={busy || full}
          aria-describedby={full ? "access-keys-full" : "access-keys-rule"}
          onClick={() => void actions.create()}
        >
          {busy ? t("accessKeys.creating") : t("accessKeys.create")}
        </button>
        {full && (
          <span id="access-keys-full" className="hint">
            {t("accessKeys.limitReached", { current: active, limit: ACCESS_KEYS_PER_PROJECT })}
          </span>
        )}
      </div>
      {actions.error && <Alert>{actions.error}</Alert>}
    </section>
  );
}
