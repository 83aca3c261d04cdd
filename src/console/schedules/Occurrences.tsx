// A schedule's handled occurrences, newest first, 20 a page with Next / Previous (cursor
// paging, like the History), each with its request's counts and a link to its live
// results. The page in view is read again whenever the schedule's live stream reports an
// occurrence (`version` changes).
import type { ResultOf } from "@graphql-typed-document-node/core";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { Pager, useCursors } from "../app/paging.tsx";
import { href, onLinkClick } from "../app/router.ts";
import { Alert, useFormatDate, useRequestErrorText } from "../app/ui.tsx";
import { ReasonText } from "../reservations/ReasonText.tsx";
import { ScheduleOccurrencesQuery } from "./operations.ts";
import { wallTime } from "./rules.ts";

const PAGE_SIZE = 20;

type Schedule = Extract<
  NonNullable<ResultOf<typeof ScheduleOccurrencesQuery>["node"]>,
  { __typename: "Schedule" }
>;
type Occurrence = Schedule["occurrences"]["edges"][number]["node"];

function OccurrenceRow({ o, timeZone }: { o: Occurrence; timeZone: string }) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const time = `${wallTime(new Date(o.scheduledFor), timeZone)} (${timeZone})`;
  const link = o.request ? `/results/${encodeURIComponent(o.request.id)}` : null;
  return (
    <tr>
      <th scope="row">
        {time} <div className="muted">{formatDate(o.scheduledFor)}</div>
      </th>
      <td>
        <span className={`status status-${o.status}`}>
          {t(`reservations.statuses.${o.status}`)}
        </span>
        {o.statusReason && <ReasonText reason={o.statusReason} />}
      </td>
      <td>
        {o.request && link ? (
          <>
            {t("schedules.occurrences.progress", o.request.progress)}{" "}
            <a
              href={href(link)}
              onClick={onLinkClick(link)}
              aria-label={t("schedules.occurrences.resultsLabel", { time })}
            >
              {t("schedules.occurrences.results")}
            </a>
          </>
        ) : (
          t("schedules.occurrences.nothingSent")
        )}
      </td>
    </tr>
  );
}

function OccurrenceTable({ list, timeZone }: { list: Schedule["occurrences"]; timeZone: string }) {
  const { t } = useTranslation();
  return (
    <table aria-labelledby="occurrences-title">
      <thead>
        <tr>
          <th scope="col">{t("schedules.occurrences.columns.time")}</th>
          <th scope="col">{t("schedules.occurrences.columns.status")}</th>
          <th scope="col">{t("schedules.occurrences.columns.results")}</th>
        </tr>
      </thead>
      <tbody>
        {list.edges.map(({ node: o }) => (
          <OccurrenceRow key={o.id} o={o} timeZone={timeZone} />
        ))}
      </tbody>
    </table>
  );
}

export function Occurrences({
  scheduleId,
  timeZone,
  version,
}: {
  scheduleId: string;
  timeZone: string;
  version: number;
}) {
  const { t } = useTranslation();
  const requestError = useRequestErrorText();
  // Cursors of the pages before the current one, so "previous" needs no backward paging.
  const paging = useCursors();
  const [{ data, error }, reexecute] = useQuery({
    query: ScheduleOccurrencesQuery,
    variables: { id: scheduleId, first: PAGE_SIZE, after: paging.after },
  });
  useEffect(() => {
    if (version > 0) reexecute({ requestPolicy: "network-only" });
  }, [version, reexecute]);
  const node = data?.node?.__typename === "Schedule" ? data.node : null;
  const list = node?.occurrences;
  return (
    <section aria-labelledby="occurrences-title" className="card">
      <h3 id="occurrences-title">{t("schedules.occurrences.title")}</h3>
      {error && <Alert>{requestError(error)}</Alert>}
      {!list ? (
        !error && <p>{t("common.loading")}</p>
      ) : list.totalCount === 0 ? (
        <p>{t("schedules.occurrences.empty")}</p>
      ) : (
        <>
          <p className="muted">{t("schedules.occurrences.total", { count: list.totalCount })}</p>
          <OccurrenceTable list={list} timeZone={timeZone} />
          <Pager cursors={paging.cursors} setCursors={paging.setCursors} pageInfo={list.pageInfo} />
        </>
      )}
    </section>
  );
}
