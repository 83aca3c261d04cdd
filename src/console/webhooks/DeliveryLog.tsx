// An endpoint's delivery log: one row per POST, newest first (attempt time, outcome, status
// code, latency, seqs, the first bytes of the answer), paged by the connection's cursors
// (the cursors of earlier pages are kept, so "Newer" needs no backward paging). It is not
// polled: it is read when shown, after an action here and on request; when the endpoint's
// cursors or state moved since (as webhookEndpointLag shows them) it says so and offers the
// newest page. A replay delivered again within one snapshot's interval moves nothing visible,
// so "Read the log again" is always there.
import { useCallback, useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { Alert, useRequestErrorText } from "../app/ui.tsx";
import { DeliveriesQuery } from "./operations.ts";
import { DELIVERIES_PAGE } from "./rules.ts";
import { useValueLabel } from "./shared.tsx";

function useFormatTime(): (iso: string) => string {
  const { i18n } = useTranslation();
  const format = new Intl.DateTimeFormat(i18n.language, {
    dateStyle: "medium",
    timeStyle: "medium",
  });
  return (iso) => format.format(new Date(iso));
}

/** The endpoint's live position (cursors and state) each time the log was read. */
function useMoved(position: string, data: unknown): [boolean, () => void] {
  const readAt = useRef<string | null>(null);
  const [, rerender] = useState(0);
  useEffect(() => {
    if (data && position !== "" && readAt.current === null) {
      readAt.current = position;
      rerender((n) => n + 1);
    }
  }, [data, position]);
  const reset = useCallback(() => {
    readAt.current = null;
  }, []);
  return [readAt.current !== null && position !== "" && readAt.current !== position, reset];
}

/** The page of the log shown, the cursors of the pages before it, and reading it again. */
function useDeliveryPages(endpointId: string, refresh: number, position: string) {
  // `after` of each page shown so far: the first page has none.
  const [pages, setPages] = useState<(string | null)[]>([null]);
  const after = pages[pages.length - 1] ?? null;
  const [{ data, error }, reexecute] = useQuery({
    query: DeliveriesQuery,
    variables: { id: endpointId, first: DELIVERIES_PAGE, after },
    requestPolicy: "network-only",
  });
  const [moved, readAgain] = useMoved(position, data);
  const newest = () => {
    readAgain();
    if (pages.length > 1) setPages([null]);
    else reexecute({ requestPolicy: "network-only" });
  };
  useEffect(() => {
    if (refresh > 0) {
      readAgain();
      reexecute({ requestPolicy: "network-only" });
    }
  }, [refresh, reexecute, readAgain]);
  const connection = data?.node?.__typename === "WebhookEndpoint" ? data.node.deliveries : null;
  const rows = connection?.edges.map((e) => e.node) ?? null;
  const newer =
    pages.length === 1
      ? null
      : () => {
          readAgain();
          setPages((p) => p.slice(0, -1));
        };
  const next = connection?.pageInfo.endCursor;
  const older = !connection?.pageInfo.hasNextPage
    ? null
    : () => {
        if (!next) return;
        readAgain();
        setPages((p) => [...p, next]);
      };
  return { error, moved, newest, rows, newer, older };
}

type Row = NonNullable<ReturnType<typeof useDeliveryPages>["rows"]>[number];

function DeliveryTable({ titleId, rows }: { titleId: string; rows: Row[] }) {
  const { t } = useTranslation();
  const label = useValueLabel();
  const formatTime = useFormatTime();
  return (
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
  );
}

export function DeliveryLog(props: { endpointId: string; refresh: number; position: string }) {
  const { t } = useTranslation();
  const requestError = useRequestErrorText();
  const titleId = useId();
  const { error, moved, newest, rows, newer, older } = useDeliveryPages(
    props.endpointId,
    props.refresh,
    props.position,
  );

  return (
    <section aria-labelledby={titleId} className="card">
      <h3 id={titleId}>{t("webhooks.deliveries.title")}</h3>
      <p className="hint">{t("webhooks.deliveries.intro")}</p>
      {error && <Alert>{requestError(error)}</Alert>}
      {moved && (
        <p className="hint" aria-live="polite">
          {t("webhooks.deliveries.moved")}{" "}
          <button type="button" onClick={newest}>
            {t("webhooks.deliveries.showNewest")}
          </button>
        </p>
      )}
      {rows && rows.length === 0 && <p>{t("webhooks.deliveries.empty")}</p>}
      {rows && rows.length > 0 && <DeliveryTable titleId={titleId} rows={rows} />}
      <div className="pager">
        <button type="button" onClick={newest}>
          {t("webhooks.deliveries.reload")}
        </button>
        <button type="button" disabled={!newer} onClick={() => newer?.()}>
          {t("webhooks.deliveries.newer")}
        </button>
        <button type="button" disabled={!older} onClick={() => older?.()}>
          {t("webhooks.deliveries.older")}
        </button>
      </div>
    </section>
  );
}
