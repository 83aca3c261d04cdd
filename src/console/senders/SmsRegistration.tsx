// Registering by SMS code: the number form, then the code entry with the attempts left, the
// expiry countdown (from the gateway's expiry time) and resend once 30 s have passed.
import type { ResultOf } from "@graphql-typed-document-node/core";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { useClient } from "urql";
import { Alert, TextField, useErrorText, useRequestErrorText } from "../app/ui.tsx";
import { placeErrors } from "../errors.ts";
import { ConfirmSenderMutation, RegisterSenderMutation, ResendCodeMutation } from "./operations.ts";
import {
  CODE_ATTEMPTS,
  checkCode,
  checkSms,
  clockOffset,
  mmss,
  resendWait,
  secondsLeft,
  type RuleBreak,
  verificationFailure,
} from "./rules.ts";
import { useNow } from "./useNow.ts";

/** An SMS number waiting for its code, and the gateway's clock offset when it is known. */
export interface PendingCode {
  id: string;
  number: string;
  verificationExpiresAt: string;
  attemptsLeft: number;
  offsetMs: number;
}

export function useRuleText() {
  const { t } = useTranslation();
  // The key is one of senders.rules (SenderRule); each rule carries the values its text names.
  const text = t as unknown as (key: string, values: Record<string, number>) => string;
  return (broken: RuleBreak<string>) => text(`senders.rules.${broken.rule}`, broken.values ?? {});
}

export function SmsForm({ onPending }: { onPending(pending: PendingCode): void }) {
  const { t } = useTranslation();
  const client = useClient();
  const ruleText = useRuleText();
  const errorText = useErrorText();
  const requestError = useRequestErrorText();
  const titleId = useId();
  const [number, setNumber] = useState("");
  const [numberError, setNumberError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const broken = checkSms(number);
    setNumberError(broken[0] && ruleText(broken[0]));
    setFormError(null);
    if (broken.length) return;
    setBusy(true);
    const result = await client
      .mutation(RegisterSenderMutation, { input: { number, method: "SMS" } })
      .toPromise();
    setBusy(false);
    const answer = result.data?.registerSenderNumber;
    if (!answer)
      return setFormError(result.error ? requestError(result.error) : t("errors.network"));
    switch (answer.__typename) {
      case "MutationRegisterSenderNumberSuccess": {
        const sn = answer.data;
        setNumber("");
        if (!sn.verificationExpiresAt) return;
        return onPending({
          id: sn.id,
          number: sn.number,
          verificationExpiresAt: sn.verificationExpiresAt,
          attemptsLeft: sn.attemptsLeft ?? CODE_ATTEMPTS,
          offsetMs: clockOffset(sn.verificationExpiresAt, Date.now()),
        });
      }
      case "ConflictError":
        return setNumberError(t("senders.errors.duplicate"));
      case "LimitExceededError":
        return setFormError(
          t("senders.errors.limit", { current: answer.current, limit: answer.limit }),
        );
      case "DeliveryFailedError":
        return setFormError(t("senders.errors.deliveryFailed"));
      default: {
        const placed = placeErrors(answer, ["number"] as const);
        setNumberError(placed.fields.number?.message);
        setFormError(placed.form.map(errorText).join(" ") || null);
      }
    }
  }

  return (
    <form onSubmit={submit} aria-labelledby={titleId} noValidate className="card">
      <h3 id={titleId}>{t("senders.sms.title")}</h3>
      <p className="hint">{t("senders.sms.intro")}</p>
      <TextField
        label={t("senders.fields.number")}
        hint={t("senders.fields.numberHint")}
        error={numberError}
        value={number}
        onChange={setNumber}
        autoComplete="tel"
        required
      />
      {formError && <Alert>{formError}</Alert>}
      {/* The 10-number limit, stated above the list, is announced with the button. */}
      <button type="submit" disabled={busy} aria-describedby="sender-limit">
        {busy ? t("senders.sms.sending") : t("senders.sms.submit")}
      </button>
    </form>
  );
}

type ConfirmAnswer = NonNullable<ResultOf<typeof ConfirmSenderMutation>["confirmSenderNumber"]>;
type ResendAnswer = NonNullable<ResultOf<typeof ResendCodeMutation>["resendSenderNumberCode"]>;

/** The message under the code field for a refused code. */
function useConfirmRefusal() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  return (answer: Exclude<ConfirmAnswer, { __typename: "MutationConfirmSenderNumberSuccess" }>) => {
    switch (answer.__typename) {
      case "VerificationError":
        return t(`senders.code.errors.${verificationFailure(answer.code)}`, {
          count: answer.attemptsLeft,
        });
      case "ValidationError":
        return answer.issues[0]?.message ?? answer.message;
      case "NotFoundError":
        return t("senders.errors.gone");
      default:
        return errorText(answer);
    }
  };
}

/** The message next to the resend button for a refused resend. */
function useResendRefusal() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  return (
    answer: Exclude<ResendAnswer, { __typename: "MutationResendSenderNumberCodeSuccess" }>,
  ) => {
    switch (answer.__typename) {
      case "LimitExceededError":
        return t("senders.code.resendLimit", { current: answer.current, limit: answer.limit });
      case "ConflictError":
        return t("senders.code.resendTooSoon");
      case "VerificationError":
        return t(`senders.code.errors.${verificationFailure(answer.code)}`, { count: 0 });
      case "DeliveryFailedError":
        return t("senders.errors.deliveryFailed");
      default:
        return errorText(answer);
    }
  };
}

/** The code entry's state and its two requests: confirm the code, send a new one. */
function useCodeEntry(pending: PendingCode, onApproved: (number: string) => void) {
  const { t } = useTranslation();
  const client = useClient();
  const ruleText = useRuleText();
  const requestError = useRequestErrorText();
  const confirmRefusal = useConfirmRefusal();
  const resendRefusal = useResendRefusal();
  const [state, setState] = useState(pending);
  const [code, setCode] = useState("");
  const [codeError, setCodeError] = useState<string | undefined>();
  const [resendError, setResendError] = useState<string | null>(null);
  const [resent, setResent] = useState(false);
  const [busy, setBusy] = useState(false);

  async function confirm(event: React.FormEvent) {
    event.preventDefault();
    const broken = checkCode(code);
    setCodeError(broken[0] && ruleText(broken[0]));
    if (broken.length) return;
    setBusy(true);
    const result = await client
      .mutation(ConfirmSenderMutation, { id: state.id, code: code.trim() })
      .toPromise();
    setBusy(false);
    const answer = result.data?.confirmSenderNumber;
    if (!answer)
      return setCodeError(result.error ? requestError(result.error) : t("errors.network"));
    if (answer.__typename === "MutationConfirmSenderNumberSuccess")
      return onApproved(answer.data.number);
    if (answer.__typename === "VerificationError")
      setState((s) => ({ ...s, attemptsLeft: answer.attemptsLeft }));
    setCodeError(confirmRefusal(answer));
  }

  async function resend() {
    setBusy(true);
    setResendError(null);
    setResent(false);
    const result = await client.mutation(ResendCodeMutation, { id: state.id }).toPromise();
    setBusy(false);
    const answer = result.data?.resendSenderNumberCode;
    if (!answer)
      return setResendError(result.error ? requestError(result.error) : t("errors.network"));
    if (answer.__typename !== "MutationResendSenderNumberCodeSuccess")
      return setResendError(resendRefusal(answer));
    const expires = answer.data.verificationExpiresAt;
    if (!expires) return;
    setState((s) => ({
      ...s,
      verificationExpiresAt: expires,
      attemptsLeft: answer.data.attemptsLeft ?? CODE_ATTEMPTS,
      offsetMs: clockOffset(expires, Date.now()),
    }));
    setCodeError(undefined);
    setResent(true);
  }

  return { state, code, setCode, codeError, resendError, resent, busy, confirm, resend };
}

/** The hint under the code field: attempts left and the expiry countdown. */
function CodeHint({ state, now }: { state: PendingCode; now: number }) {
  const { t } = useTranslation();
  const left = secondsLeft(state.verificationExpiresAt, now, state.offsetMs);
  return (
    <>
      {t("senders.code.hint")}{" "}
      <span>{t("senders.code.attempts", { count: state.attemptsLeft, max: CODE_ATTEMPTS })}</span>{" "}
      <span role="timer">
        {left > 0 ? t("senders.code.expiresIn", { time: mmss(left) }) : t("senders.code.expired")}
      </span>
    </>
  );
}

export function CodeEntry({
  pending,
  onApproved,
  onClose,
}: {
  pending: PendingCode;
  onApproved(number: string): void;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const titleId = useId();
  const entry = useCodeEntry(pending, onApproved);
  const { state, busy } = entry;
  const now = useNow();
  const wait = resendWait(state.verificationExpiresAt, now, state.offsetMs);

  return (
    <section aria-labelledby={titleId} className="card sender-code">
      <h3 id={titleId}>{t("senders.code.title", { number: state.number })}</h3>
      <form onSubmit={entry.confirm} aria-labelledby={titleId} noValidate>
        <TextField
          label={t("senders.code.label")}
          hint={<CodeHint state={state} now={now} />}
          error={entry.codeError}
          value={entry.code}
          onChange={entry.setCode}
          autoComplete="one-time-code"
          required
        />
        <div className="actions">
          <button type="submit" disabled={busy}>
            {t("senders.code.confirm")}
          </button>
          <button
            type="button"
            disabled={busy || wait > 0}
            aria-describedby={`${titleId}-resend`}
            onClick={() => void entry.resend()}
          >
            {t("senders.code.resend")}
          </button>
          <span id={`${titleId}-resend`} className="hint">
            {entry.resendError ??
              (wait > 0
                ? t(entry.resent ? "senders.code.resent" : "senders.code.resendIn", {
                    count: wait,
                  })
                : t("senders.code.resendRule"))}
          </span>
          <button type="button" onClick={onClose}>
            {t("common.close")}
          </button>
        </div>
      </form>
    </section>
  );
}
