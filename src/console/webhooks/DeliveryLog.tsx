// An endpoint's delivery log: one row per POST, newest first (attempt time, outcome, status
// code, latency, seqs, the first bytes of the answer), paged by the gateway's `before`.
import { useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { Alert, useRequestErrorText } from "../app/ui.tsx";
import { DeliveriesQuery } from "./operations.ts";
import { DELIVERIES_PAGE } from "./rules.ts";
import { usePolling, useValueLabel } from "./shared.tsx";

function useFormatTime(): (iso: string) => string {
  const { i18n } = useTranslation();
  const format = new Intl.DateTimeFormat(i18n.language, {
    dateStyle: "medium",
    timeStyle: "medium",
  });
  return (iso) => format.format(new Date(iso));
}

export function DeliveryLog({ endpointId, refresh }: { endpointId: string; refresh: number }) {
  const { t } = useTranslation();
  const requestError = useRequestErrorText();
  const label = useValueLabel();
  const formatTime = useFormatTime();
  const titleId = useId();
  // `before` of each page shown so far: the first page has none.
  const [pages, setPages] = useState<(string | null)[]>([null]);
  const before = pages[pages.length - 1] ?? null;
  const [{ data, error }, reexecute] = useQuery({
    query: DeliveriesQuery,
    variables: { id: endpointId, first: DELIVERIES_PAGE, before },
  });
  usePolling(reexecute);
  useEffect(() => {
    if (refresh > 0) reexecute({ requestPolicy: "network-only" });
  }, [refresh, reexecute]);
  const rows = data?.node?.__typename === "WebhookEndpoint" ? data.node.deliveries : null;
  const last = rows?.at(-1);

  return (
    <section aria-labelledby={titleId} className="card">
      <h3 id={titleId}>{t("webhooks.deliveries.title")}</h3>
      <p className="hint">{t("webhooks.deliveries.intro")}</p>
      {error && <Alert>{requestError(error)}</Alert>}
      {rows && rows.length === 0 && <p>{t("webhooks.deliveries.empty")}</p>}
      {rows && rows.length > 0 && (
        <table aria-labelledby={titleId}>
          <thead>
            <tr>
              <th scope="col">{t("webhooks.deliveries.columns.time")}</th>
              <th scope="col">{t("webhooks.deliveries.columns.outcome")}</th>
              <th scope="col">{t("webhooks.deliveries.columns.statusCode")}</th>
              <th scope="col">{t("webhooks.deliveries.columns.latency")}</th>
              <th scope="col">{t("webhooks.deliveries.columns.seqs")}</th>
              <th scope="col">{t("webhooks.deliveries.columns.response")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((d) => (
              <tr key={d.webhookId + d.createdAt}>
                <th scope="row">{formatTime(d.createdAt)}</th>
                <td>{label("outcomes", d.outcome)}</td>
                <td>{d.statusCode ?? t("webhooks.deliveries.noAnswer")}</td>
                <td>{t("webhooks.deliveries.latency", { ms: d.latencyMs })}</td>
                <td>
                  {d.firstSeq === 0
                    ? t("webhooks.deliveries.test")
                    : `${d.firstSeq}–${d.lastSeq} (${d.events})`}
                </td>
                <td className="webhook-response">{d.response}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="pager">
        <button
          type="button"
          disabled={pages.length === 1}
          onClick={() => setPages((p) => p.slice(0, -1))}
        >
          {t("webhooks.deliveries.newer")}
        </button>
        <button
          type="button"
          disabled={!last || (rows?.length ?? 0) < DELIVERIES_PAGE}
          onClick={() => last && setPages((p) => [...p, last.createdAt])}
        >
          {t("webhooks.deliveries.older")}
        </button>
      </div>
    </section>
  );
}
