// Two one-button actions on an endpoint: rotating the signing secret (the new one shown once,
// with the time until which the previous one still signs) and sending a test event (its
// outcome shown at once and in the delivery log).
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { useClient } from "urql";
import { Alert } from "../app/ui.tsx";
import { RotateSecretMutation, SendTestMutation } from "./operations.ts";
import { SecretOnce, useFailureText, useValueLabel } from "./shared.tsx";

interface Props {
  endpointId: string;
  onChanged(message: string | null): void;
}

export function RotateSecret({ endpointId, onChanged }: Props) {
  const { t } = useTranslation();
  const client = useClient();
  const failure = useFailureText();
  const titleId = useId();
  const introId = useId();
  const [rotated, setRotated] = useState<{ secret: string; until: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function rotate() {
    setBusy(true);
    setError(null);
    setRotated(null);
    const result = await client.mutation(RotateSecretMutation, { id: endpointId }).toPromise();
    setBusy(false);
    const answer = result.data?.rotateWebhookSecret;
    if (answer?.__typename === "MutationRotateWebhookSecretSuccess") {
      setRotated({ secret: answer.data.secret, until: answer.data.previousValidUntil });
      return onChanged(null);
    }
    setError(failure(answer, result.error));
  }

  return (
    <section aria-labelledby={titleId} className="card">
      <h3 id={titleId}>{t("webhooks.rotate.title")}</h3>
      <p id={introId} className="hint">
        {t("webhooks.rotate.intro")}
      </p>
      {rotated && (
        <SecretOnce
          title={t("webhooks.secret.rotatedTitle")}
          secret={rotated.secret}
          previousValidUntil={rotated.until}
          onDone={() => setRotated(null)}
        />
      )}
      {error && <Alert>{error}</Alert>}
      <button
        type="button"
        disabled={busy}
        aria-describedby={introId}
        onClick={() => void rotate()}
      >
        {t("webhooks.rotate.submit")}
      </button>
    </section>
  );
}

export function SendTest({ endpointId, onChanged }: Props) {
  const { t } = useTranslation();
  const client = useClient();
  const failure = useFailureText();
  const label = useValueLabel();
  const titleId = useId();
  const introId = useId();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function send() {
    setBusy(true);
    setError(null);
    const result = await client.mutation(SendTestMutation, { id: endpointId }).toPromise();
    setBusy(false);
    const answer = result.data?.sendTestWebhookEvent;
    if (answer?.__typename === "MutationSendTestWebhookEventSuccess") {
      const a = answer.data;
      return onChanged(
        t("webhooks.test.done", {
          outcome: label("outcomes", a.outcome),
          status: a.statusCode ?? t("webhooks.deliveries.noAnswer"),
          latency: a.latencyMs,
        }),
      );
    }
    setError(failure(answer, result.error));
  }

  return (
    <section aria-labelledby={titleId} className="card">
      <h3 id={titleId}>{t("webhooks.test.title")}</h3>
      <p id={introId} className="hint">
        {t("webhooks.test.intro")}
      </p>
      {error && <Alert>{error}</Alert>}
      <button type="button" disabled={busy} aria-describedby={introId} onClick={() => void send()}>
        {busy ? t("webhooks.test.sending") : t("webhooks.test.submit")}
      </button>
    </section>
  );
}
