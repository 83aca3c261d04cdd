// One reservation in full: its times, status and reason, what it sends, and — once its
// messages exist — the progress and the link to the request's live results.
import type { ResultOf } from "@graphql-typed-document-node/core";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { href, onLinkClick } from "../app/router.ts";
import { Alert, useFormatDate, useRequestErrorText } from "../app/ui.tsx";
import { ReservationQuery } from "./operations.ts";
import { ReasonText } from "./ReasonText.tsx";
import { reservationName } from "./ReservationList.tsx";

interface Props {
  id: string;
  /** Grows with every notice about this reservation: read it again. */
  changes: number;
  onClose(): void;
}

type Reservation = Extract<
  NonNullable<ResultOf<typeof ReservationQuery>["node"]>,
  { __typename: "Reservation" }
>;

/** The reservation's terms and values, in the order shown. */
function useDetailPairs() {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  return (r: Reservation) => {
    const req = r.request;
    const pairs: [string, React.ReactNode][] = [
      [
        t("reservations.detail.status"),
        <>
          {t(`reservations.statuses.${r.status}`)} ({t(`reservations.statusHelp.${r.status}`)})
          {r.statusReason && <ReasonText reason={r.statusReason} />}
        </>,
      ],
      [t("reservations.detail.localTime"), reservationName(r)],
      [t("reservations.detail.instant"), formatDate(r.reserveTime)],
      [t("reservations.detail.created"), formatDate(r.createdAt)],
      [t("reservations.detail.processed"), formatDate(r.processedAt)],
      [t("reservations.detail.finished"), formatDate(r.finishedAt)],
      [t("reservations.detail.requestId"), <code key="id">{req.requestId}</code>],
      [t("reservations.detail.type"), `${req.type} · ${req.contentType} · +${req.countryCode}`],
      [t("reservations.detail.from"), req.from],
      [t("reservations.detail.recipients"), req.recipientCount],
    ];
    if (req.subject) pairs.push([t("reservations.detail.subject"), req.subject]);
    return pairs;
  };
}

/** Progress and the link to the live results once the messages exist, or why there are none. */
function Results({ r }: { r: Reservation }) {
  const { t } = useTranslation();
  const req = r.request;
  const sent = r.status === "PROCESSING" || r.status === "DONE" || r.status === "FAIL";
  if (!sent)
    return (
      <p className="muted">
        {r.status === "READY"
          ? t("reservations.detail.notYet")
          : t("reservations.detail.noResults")}
      </p>
    );
  return (
    <p>
      {t("reservations.detail.progress", req.progress)}{" "}
      <a
        href={href(`/results/${encodeURIComponent(req.id)}`)}
        onClick={onLinkClick(`/results/${encodeURIComponent(req.id)}`)}
      >
        {t("reservations.detail.results")}
      </a>
    </p>
  );
}

export function ReservationDetail({ id, changes, onClose }: Props) {
  const { t } = useTranslation();
  const requestError = useRequestErrorText();
  const detailPairs = useDetailPairs();
  const [{ data, error }, reexecute] = useQuery({ query: ReservationQuery, variables: { id } });
  useEffect(() => {
    if (changes > 0) reexecute({ requestPolicy: "network-only" });
  }, [changes, reexecute]);
  // Opened from a row: move focus to the details, so keyboard and screen-reader users land there.
  const heading = useRef<HTMLHeadingElement>(null);
  const loaded = data?.node?.__typename === "Reservation";
  useEffect(() => {
    if (loaded) heading.current?.focus();
  }, [loaded]);

  if (error) return <Alert>{requestError(error)}</Alert>;
  if (!data) return <p>{t("common.loading")}</p>;
  const r = data.node?.__typename === "Reservation" ? data.node : null;
  if (!r) return <Alert>{t("reservations.detail.notFound")}</Alert>;

  return (
    <section aria-labelledby="reservation-detail-title" className="card reservation-detail">
      <h2 id="reservation-detail-title" ref={heading} tabIndex={-1}>
        {t("reservations.detail.title", { time: reservationName(r) })}
      </h2>
      <dl className="pairs">
        {detailPairs(r).map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
        <div>
          <dt>{t("reservations.detail.content")}</dt>
          <dd>
            <pre className="content">{r.request.content}</pre>
          </dd>
        </div>
      </dl>
      <Results r={r} />
      <button type="button" onClick={onClose}>
        {t("reservations.detail.close")}
      </button>
    </section>
  );
}
