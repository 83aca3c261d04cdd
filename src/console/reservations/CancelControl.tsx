// Cancelling one reservation: open while it is READY and more than 10 minutes before its
// time (the gateway's `cancelable`, then the cutoff by the clock), else disabled with the
// reason beside it. A confirmation comes first; a refusal is shown where the button was.
import { useEffect, useId, useReducer, useState } from "react";
import { useTranslation } from "react-i18next";
import { useClient } from "urql";
import { useErrorText, useFormatDate, useRequestErrorText } from "../app/ui.tsx";
import { CancelReservationMutation } from "./operations.ts";
import { cancelState, type ReservationStatus } from "./rules.ts";

/** setTimeout's longest delay; a later instant just re-renders once more on the way. */
const MAX_DELAY = 2 ** 31 - 1;

/** Re-renders at `at` (once), so a state that depends on the clock changes on time. */
function useRenderAt(at: Date | null): Date {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const time = at?.getTime() ?? null;
  useEffect(() => {
    if (time === null) return;
    const delay = time - Date.now();
    if (delay <= 0) return;
    const timer = setTimeout(rerender, Math.min(delay + 50, MAX_DELAY));
    return () => clearTimeout(timer);
  }, [time]);
  return new Date();
}

interface Props {
  reservation: {
    id: string;
    status: ReservationStatus;
    cancelable: boolean;
    reserveTime: string;
  };
  /** How the reservation is named to the user (its local time and zone). */
  name: string;
  onCancelled(message: string): void;
}

export function CancelControl({ reservation, name, onCancelled }: Props) {
  const { t } = useTranslation();
  const client = useClient();
  const formatDate = useFormatDate();
  const errorText = useErrorText();
  const requestError = useRequestErrorText();
  const reasonId = useId();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const first = cancelState(reservation, new Date());
  const now = useRenderAt(first.open ? first.closesAt : null);
  const state = cancelState(reservation, now);

  if (!state.open && state.reason === "notReady") return null;

  async function cancel() {
    setBusy(true);
    setError(null);
    const result = await client
      .mutation(CancelReservationMutation, { id: reservation.id })
      .toPromise();
    setBusy(false);
    setConfirming(false);
    const answer = result.data?.cancelReservation;
    if (!answer) return setError(result.error ? requestError(result.error) : t("errors.network"));
    switch (answer.__typename) {
      case "MutationCancelReservationSuccess":
        return onCancelled(t("reservations.cancel.done", { time: name }));
      case "InvalidTransitionError":
        return setError(t("reservations.cancel.refused", { status: answer.from }));
      case "NotFoundError":
        return setError(t("reservations.cancel.gone"));
      default:
        return setError(errorText(answer));
    }
  }

  if (confirming && state.open)
    return (
      <fieldset aria-label={t("reservations.cancel.label", { time: name })} className="confirm">
        <span>{t("reservations.cancel.confirm", { time: name })}</span>
        <button type="button" className="danger" disabled={busy} onClick={() => void cancel()}>
          {busy ? t("reservations.cancel.cancelling") : t("reservations.cancel.yes")}
        </button>
        <button type="button" onClick={() => setConfirming(false)}>
          {t("reservations.cancel.keep")}
        </button>
      </fieldset>
    );

  return (
    <div className="cancel">
      <button
        type="button"
        aria-label={t("reservations.cancel.label", { time: name })}
        aria-describedby={reasonId}
        disabled={!state.open}
        onClick={() => setConfirming(true)}
      >
        {t("reservations.cancel.button")}
      </button>
      <span id={reasonId} className="hint">
        {state.open
          ? t("reservations.cancel.closesAt", { time: formatDate(state.closesAt.toISOString()) })
          : t("reservations.cancel.tooLate", { time: formatDate(state.closedAt.toISOString()) })}
      </span>
      {error && (
        <span role="alert" className="field-error">
          {error}
        </span>
      )}
    </div>
  );
}
