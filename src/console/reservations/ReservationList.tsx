// One project's reservations by send time, within the filter, with their live status: the
// project's reservationStatusChanged stream moves rows on at once and the list is read
// again after each notice (a row may enter or leave a status filter). After a reconnect the
// stream resumes from just before the last notice seen (changedSince), so nothing is missed.
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery, useSubscription } from "urql";
import { Pager, useCursors } from "../app/paging.tsx";
import { Alert, Notice, useRequestErrorText } from "../app/ui.tsx";
import type { ConsoleReservationsQuery } from "../gql/graphql.ts";
import { ReasonText } from "./ReasonText.tsx";
import { CancelControl } from "./CancelControl.tsx";
import { ReservationsQuery, ReservationStatusSubscription } from "./operations.ts";
import {
  mergeNotice,
  resumeFrom,
  withNotice,
  type ReservationStatus,
  type StatusNotice,
} from "./rules.ts";

const PAGE_SIZE = 50;

export interface ReservationFilter {
  from: string | null;
  to: string | null;
  statuses: ReservationStatus[];
}

interface Props {
  projectId: string;
  filter: ReservationFilter;
  selected: string | null;
  onSelect(id: string): void;
  /** Every notice (the open detail reads itself again on one about it). */
  onNotice(notice: StatusNotice): void;
}

type Known = ReadonlyMap<string, StatusNotice>;

export const reservationName = (r: { localTime: string; timeZone: string }) =>
  `${r.localTime} (${r.timeZone})`;

/** Numbers every notice as it arrives, so each one is handled exactly once. */
let arrived = 0;

function useLiveStatuses(projectId: string, onNotice: (n: StatusNotice) => void) {
  const [known, setKnown] = useState<Known>(new Map());
  const [last, setLast] = useState<string | null>(null);
  const handler = useRef(onNotice);
  handler.current = onNotice;
  const handled = useRef(0);
  const knownNow = useRef(known);
  const [{ data, error }] = useSubscription(
    {
      query: ReservationStatusSubscription,
      variables: { projectId, changedSince: resumeFrom(last) },
    },
    (seen: (StatusNotice & { n: number })[] = [], event) => [
      ...seen.slice(-99),
      { ...event.reservationStatusChanged, n: ++arrived },
    ],
  );
  useEffect(() => {
    const fresh = (data ?? []).filter((e) => e.n > handled.current);
    if (!fresh.length) return;
    handled.current = fresh[fresh.length - 1]!.n;
    // A state seen before (replayed after resubscribing) is no news: nothing to read again.
    const news = fresh.filter((e) => {
      const next = mergeNotice(knownNow.current, e);
      if (next === knownNow.current) return false;
      knownNow.current = next;
      return true;
    });
    if (!news.length) return;
    setKnown(knownNow.current);
    // ISO instants of one format: the latest sorts last.
    const latest = news.map((e) => e.timestamp).sort()[news.length - 1]!;
    setLast((l) => (l && l >= latest ? l : latest));
    for (const e of news) handler.current(e);
  }, [data]);
  return { known, error };
}

type Row = NonNullable<ConsoleReservationsQuery["reservations"]["edges"][number]["node"]>;

function ReservationRow(props: {
  r: Row;
  selected: boolean;
  onSelect(id: string): void;
  onCancelled(message: string): void;
}) {
  const { t } = useTranslation();
  const { r } = props;
  const name = reservationName(r);
  return (
    <tr aria-current={props.selected ? "true" : undefined}>
      <th scope="row">{name}</th>
      <td>
        <span className={`status status-${r.status}`}>
          {t(`reservations.statuses.${r.status}`)}
        </span>
        {r.statusReason && <ReasonText reason={r.statusReason} />}
      </td>
      <td>
        {r.request.type} · {r.request.contentType}
      </td>
      <td>{r.request.from}</td>
      <td>{r.request.recipientCount}</td>
      <td className="row-actions">
        <button
          type="button"
          aria-label={t("reservations.list.detailsLabel", { time: name })}
          onClick={() => props.onSelect(r.id)}
        >
          {t("reservations.list.details")}
        </button>
        <CancelControl
          key={`${r.id}:${r.status}:${r.cancelable}`}
          reservation={r}
          name={name}
          onCancelled={props.onCancelled}
        />
      </td>
    </tr>
  );
}

/** The page of reservations in view, within the filter. */
function useReservationPage(projectId: string, filter: ReservationFilter) {
  const paging = useCursors();
  const { after } = paging;
  const variables = useMemo(
    () => ({
      projectId,
      from: filter.from,
      to: filter.to,
      status: filter.statuses.length ? filter.statuses : null,
      first: PAGE_SIZE,
      after,
    }),
    [projectId, filter, after],
  );
  const [{ data, error, fetching }, reexecute] = useQuery({ query: ReservationsQuery, variables });
  const rows = data?.reservations.edges.map((e) => e.node) ?? [];
  const reload = () => reexecute({ requestPolicy: "network-only" });
  return { paging, connection: data?.reservations, rows, error, fetching, reload };
}

function ReservationTable(props: {
  rows: Row[];
  known: Known;
  selected: string | null;
  onSelect(id: string): void;
  onCancelled(message: string): void;
}) {
  const { t } = useTranslation();
  return (
    <table aria-labelledby="reservation-list-title">
      <thead>
        <tr>
          <th scope="col">{t("reservations.list.columns.time")}</th>
          <th scope="col">{t("reservations.list.columns.status")}</th>
          <th scope="col">{t("reservations.list.columns.type")}</th>
          <th scope="col">{t("reservations.list.columns.from")}</th>
          <th scope="col">{t("reservations.list.columns.recipients")}</th>
          <th scope="col">{t("reservations.list.columns.actions")}</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((loaded) => (
          <ReservationRow
            key={loaded.id}
            r={withNotice(loaded, props.known)}
            selected={props.selected === loaded.id}
            onSelect={props.onSelect}
            onCancelled={props.onCancelled}
          />
        ))}
      </tbody>
    </table>
  );
}

export function ReservationList({ projectId, filter, selected, onSelect, onNotice }: Props) {
  const { t } = useTranslation();
  const requestError = useRequestErrorText();
  const [notice, setNotice] = useState<string | null>(null);
  const { paging, connection, rows, error, fetching, reload } = useReservationPage(
    projectId,
    filter,
  );

  const [liveText, setLiveText] = useState<string | null>(null);
  const live = useLiveStatuses(projectId, (n) => {
    const row = rows.find((r) => r.id === n.reservationId);
    if (row && row.status !== n.status)
      setLiveText(
        t("reservations.live.changed", {
          time: reservationName(row),
          status: t(`reservations.statuses.${n.status}`),
        }),
      );
    reload();
    onNotice(n);
  });

  return (
    <section aria-labelledby="reservation-list-title">
      <h2 id="reservation-list-title">{t("reservations.list.title")}</h2>
      {live.error && (
        <Alert>{t("reservations.live.failed", { error: requestError(live.error) })}</Alert>
      )}
      {notice && <Notice>{notice}</Notice>}
      <p role="status" className="live-text">
        {liveText}
      </p>
      {error && <Alert>{requestError(error)}</Alert>}
      {!connection && fetching && <p>{t("common.loading")}</p>}
      {connection && connection.edges.length === 0 && <p>{t("reservations.list.empty")}</p>}
      {connection && connection.edges.length > 0 && (
        <>
          <p className="muted">{t("reservations.list.total", { count: connection.totalCount })}</p>
          <ReservationTable
            rows={rows}
            known={live.known}
            selected={selected}
            onSelect={onSelect}
            onCancelled={(message) => {
              setNotice(message);
              reload();
            }}
          />
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
