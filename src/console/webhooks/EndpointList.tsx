// A project's endpoints as a table: URL (the link to manage it), event types, status with
// the reason the gateway disabled it, batch size, lag and cursor.
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { href, onLinkClick } from "../app/router.ts";
import { useEventTypeLabels, useValueLabel } from "./shared.tsx";

export interface EndpointRow {
  id: string;
  url: string;
  eventTypes: readonly string[];
  batchSize: number;
  enabled: boolean;
  status: string;
  disabledReason?: string | null;
  cursorSeq: number;
  lag: number;
  lastError?: string | null;
}

export const endpointRoute = (id: string) => `/webhooks/${encodeURIComponent(id)}`;

export function StatusText({ endpoint }: { endpoint: Omit<EndpointRow, "id" | "url"> }) {
  const { t } = useTranslation();
  const label = useValueLabel();
  const status = label("statuses", endpoint.status);
  if (endpoint.status === "DISABLED")
    return (
      <>
        {status} ({endpoint.disabledReason ?? t("webhooks.disabledByYou")})
      </>
    );
  if (endpoint.status === "FAILING" && endpoint.lastError)
    return (
      <>
        {status} ({endpoint.lastError})
      </>
    );
  return <>{status}</>;
}

export function EndpointList({ name, endpoints }: { name: string; endpoints: EndpointRow[] }) {
  const { t } = useTranslation();
  const typeLabels = useEventTypeLabels();
  const titleId = useId();
  const helpId = useId();
  return (
    <section aria-labelledby={titleId}>
      <h2 id={titleId}>{t("webhooks.listTitle", { name })}</h2>
      {endpoints.length === 0 ? (
        <p>{t("webhooks.empty")}</p>
      ) : (
        <>
          <table aria-labelledby={titleId} aria-describedby={helpId}>
            <thead>
              <tr>
                <th scope="col">{t("webhooks.columns.url")}</th>
                <th scope="col">{t("webhooks.columns.eventTypes")}</th>
                <th scope="col">{t("webhooks.columns.status")}</th>
                <th scope="col">{t("webhooks.columns.batchSize")}</th>
                <th scope="col">{t("webhooks.columns.lag")}</th>
                <th scope="col">{t("webhooks.columns.cursor")}</th>
              </tr>
            </thead>
            <tbody>
              {endpoints.map((e) => (
                <tr key={e.id}>
                  <th scope="row" className="webhook-url">
                    <a href={href(endpointRoute(e.id))} onClick={onLinkClick(endpointRoute(e.id))}>
                      {e.url}
                    </a>
                  </th>
                  <td>{typeLabels(e.eventTypes)}</td>
                  <td>
                    <StatusText endpoint={e} />
                  </td>
                  <td>{e.batchSize}</td>
                  <td>{e.lag}</td>
                  <td>{e.cursorSeq}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p id={helpId} className="hint">
            {t("webhooks.lagHelp")}
          </p>
        </>
      )}
    </section>
  );
}
