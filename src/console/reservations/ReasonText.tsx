// A status reason of a reservation or an occurrence in the user's language, with the
// gateway's code beside it (only the code when it is one the console does not know).
import { useTranslation } from "react-i18next";

const REASONS = [
  "CANCELED_BY_USER",
  "NOT_PROCESSED_IN_TIME",
  "PROJECT_DELETED",
  "SENDER_NOT_APPROVED",
  "NO_OPT_OUT_SERVICE",
  "NO_MESSAGE_DELIVERED",
] as const;

/** A status reason in the user's language (the gateway's code when it is one we do not know). */
export function ReasonText({ reason }: { reason: string }) {
  const { t } = useTranslation();
  const known = REASONS.find((r) => r === reason);
  return (
    <span className="reason">
      {" "}
      — {known ? t(`reservations.reasons.${known}`) : reason} <code>{reason}</code>
    </span>
  );
}
