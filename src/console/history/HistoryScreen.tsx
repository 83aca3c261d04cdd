// Screen 5, History (/history): the account's messages of the last 30 days, filtered and
// paged by cursor; each row's request opens its live results (/results/<request id>).
import type { ResultOf } from "@graphql-typed-document-node/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { Pager, useCursors } from "../app/paging.tsx";
import { href, onLinkClick } from "../app/router.ts";
import { Alert, useFormatDate, useRequestErrorText } from "../app/ui.tsx";
import { HistoryFilters } from "./HistoryFilters.tsx";
import { HistoryQuery } from "./operations.ts";
import type { HistoryFilter } from "./rules.ts";
import "./history.css";

const PAGE_SIZE = 20;
const COLUMNS = [
  "requestTime",
  "requestId",
  "project",
  "type",
  "contentType",
  "from",
  "to",
  "status",
  "result",
] as const;

type Message = ResultOf<typeof HistoryQuery>["messages"]["edges"][number]["node"];

function MessageRow({ node }: { node: Message }) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const route = `/results/${encodeURIComponent(node.request.id)}`;
  return (
    <tr>
      <td>{formatDate(node.requestTime)}</td>
      <th scope="row">
        <a
          href={href(route)}
          onClick={onLinkClick(route)}
          aria-label={t("history.list.open", { id: node.request.requestId })}
        >
          <code>{node.request.requestId}</code>
        </a>
      </th>
      <td>{node.request.project.name}</td>
      <td>{node.request.type}</td>
      <td>{node.request.contentType}</td>
      <td>{node.request.from}</td>
      <td>{node.to}</td>
      <td>{node.status}</td>
      <td>{node.result ? `${node.result.statusCode} (${node.result.statusName})` : ""}</td>
    </tr>
  );
}

function HistoryList({ filter }: { filter: HistoryFilter }) {
  const { t } = useTranslation();
  const requestError = useRequestErrorText();
  // Cursors of the pages before the current one, so "previous" needs no backward paging.
  const paging = useCursors();
  const [{ data, error, fetching }] = useQuery({
    query: HistoryQuery,
    variables: { filter, first: PAGE_SIZE, after: paging.after },
    requestPolicy: "cache-and-network",
  });
  const connection = data?.messages;
  return (
    <section aria-labelledby="history-list-title">
      <h2 id="history-list-title">{t("history.list.label")}</h2>
      {error && <Alert>{requestError(error)}</Alert>}
      {!connection && fetching && <p>{t("common.loading")}</p>}
      {connection && connection.edges.length === 0 && <p>{t("history.list.empty")}</p>}
      {connection && connection.edges.length > 0 && (
        <>
          <table aria-labelledby="history-list-title" className="history-table">
            <thead>
              <tr>
                {COLUMNS.map((c) => (
                  <th scope="col" key={c}>
                    {t(`history.list.columns.${c}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {connection.edges.map(({ node }) => (
                <MessageRow key={node.id} node={node} />
              ))}
            </tbody>
          </table>
          <Pager
            cursors={paging.cursors}
            setCursors={paging.setCursors}
            pageInfo={connection.pageInfo}
          />
        </>
      )}
    </section>
  );
}

export function HistoryScreen() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<HistoryFilter>({});
  const [searches, setSearches] = useState(0);
  return (
    <main id="main" className="screen">
      <h1>{t("history.title")}</h1>
      <p>{t("history.intro")}</p>
      <HistoryFilters
        onSearch={(f) => {
          setFilter(f);
          setSearches((n) => n + 1);
        }}
      />
      {/* A new search starts again at the first page. */}
      <HistoryList key={searches} filter={filter} />
    </main>
  );
}
