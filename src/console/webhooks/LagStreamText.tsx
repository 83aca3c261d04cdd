// Says whether the lag shown is live: connecting, live, reconnecting (the last values stay
// on screen), or ended with the gateway's error code.
import { useTranslation } from "react-i18next";
import type { LiveLags } from "./live.ts";

export function LagStreamText({ live }: { live: LiveLags }) {
  const { t } = useTranslation();
  return (
    <p className="hint webhook-live" aria-live="polite">
      {live.stream === "ended"
        ? t("webhooks.live.ended", { code: live.errorCode ?? "" })
        : t(`webhooks.live.${live.stream}`)}
    </p>
  );
}
