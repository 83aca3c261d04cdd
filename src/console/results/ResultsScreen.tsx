// Screen 4, Live results (/results/<request id>, Relay or SENS REST form): the request, its progress counts, and
// every message's status, telco, result code and time, live over graphql-ws (live.ts); a
// message's result as JSON in the "More" dialog.
import { useEffect, useMemo, useState, useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";
import { useClient, useQuery } from "urql";
import { href, onLinkClick } from "../app/router.ts";
import { Alert, Notice, useFormatDate, useRequestErrorText } from "../app/ui.tsx";
import { socketOf } from "../session/client.ts";
import { LiveResults } from "./live.ts";
import { MessageJsonDialog } from "./MessageJsonDialog.tsx";
import { ResultsRequestQuery } from "./operations.ts";
import { ResultsList } from "./ResultsList.tsx";
import { percentCompleted, type Progress, progressOf } from "./rules.ts";
import type { Row } from "./store.ts";
import "./results.css";

const COUNTS = ["total", "ready", "processing", "completed", "success", "fail"] as const;

function ProgressPanel({ progress, number }: { progress: Progress; number: Intl.NumberFormat }) {
  const { t } = useTranslation();
  const percent = percentCompleted(progress);
  return (
    <section aria-labelledby="results-progress-title" className="card">
      <h2 id="results-progress-title">{t("results.progress.heading")}</h2>
      <progress
        aria-label={t("results.progress.bar")}
        max={Math.max(progress.total, 1)}
        value={progress.completed}
      />
      <span className="muted"> {t("results.progress.percent", { percent })}</span>
      <dl className="results-counts" aria-label={t("results.progress.heading")}>
        {COUNTS.map((k) => (
          <div key={k} className={`count count-${k}`}>
            <dt>{t(`results.progress.${k}`)}</dt>
            <dd>{number.format(progress[k])}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function LiveView({ live, total }: { live: LiveResults; total: number }) {
  const { t, i18n } = useTranslation();
  const snapshot = useSyncExternalStore(live.subscribe, live.getSnapshot);
  const [more, setMore] = useState<Row | null>(null);
  const progress = progressOf(total, snapshot.store.counts);
  const loaded = snapshot.store.rows.length;
  const number = useMemo(() => new Intl.NumberFormat(i18n.language), [i18n.language]);
  const stream = snapshot.errorCode ? null : snapshot.stream;
  return (
    <>
      <ProgressPanel progress={progress} number={number} />
      {snapshot.errorCode && (
        <Alert>
          {snapshot.errorCode === "NOT_FOUND"
            ? t("results.errors.NOT_FOUND")
            : t("results.errors.stream", { code: snapshot.errorCode })}
        </Alert>
      )}
      <p className="results-stream" data-stream={stream ?? "failed"}>
        {stream === "reconnecting"
          ? t("results.stream.reconnecting", { seq: live.store.lastSeq })
          : stream && stream !== "ended"
            ? t(`results.stream.${stream}`)
            : null}
        {snapshot.resumes > 0 && ` ${t("results.stream.resumes", { count: snapshot.resumes })}`}
      </p>
      {/* Announced once, when the request is done, instead of on every count change. */}
      {progress.done && progress.total > 0 && (
        <Notice>{t("results.allCompleted", { total: number.format(progress.total) })}</Notice>
      )}
      <section aria-labelledby="results-list-title">
        <h2 id="results-list-title">{t("results.list.label")}</h2>
        <p className="hint">
          {t("results.list.hint")}{" "}
          {t("results.list.loaded", {
            loaded: number.format(loaded),
            total: number.format(Math.max(progress.total, loaded)),
          })}
        </p>
        {progress.total === 0 && loaded === 0 && !snapshot.moreRows ? (
          <p>{t("results.list.empty")}</p>
        ) : (
          <ResultsList
            live={live}
            total={snapshot.moreRows ? progress.total : loaded}
            onMore={setMore}
          />
        )}
      </section>
      {more && <MessageJsonDialog id={more.id} to={more.to} onClose={() => setMore(null)} />}
    </>
  );
}

export function ResultsScreen({ requestId }: { requestId: string }) {
  const { t } = useTranslation();
  const client = useClient();
  const formatDate = useFormatDate();
  const requestError = useRequestErrorText();
  const [{ data, error }] = useQuery({ query: ResultsRequestQuery, variables: { id: requestId } });
  const [live, setLive] = useState<LiveResults | null>(null);
  const request = data?.messageRequest ?? null;
  // The stream and the pages follow the request's Relay id, whichever form the route had.
  const relayId = request?.id ?? null;
  useEffect(() => {
    const ws = socketOf(client);
    if (!ws || !relayId) return;
    const started = new LiveResults(client, ws, relayId);
    started.start();
    setLive(started);
    return () => started.stop();
  }, [client, relayId]);

  return (
    <main id="main" className="screen">
      <p>
        <a href={href("/history")} onClick={onLinkClick("/history")}>
          ← {t("results.back")}
        </a>
      </p>
      <h1>{t("results.title")}</h1>
      <p>{t("results.intro")}</p>
      {error && <Alert>{requestError(error)}</Alert>}
      {data && !request && <Alert>{t("results.errors.NOT_FOUND")}</Alert>}
      {request && (
        <>
          <section aria-labelledby="results-request-title" className="card">
            <h2 id="results-request-title">{t("results.request.heading")}</h2>
            <dl className="results-request">
              <div>
                <dt>{t("results.request.requestId")}</dt>
                <dd>
                  <code>{request.requestId}</code>
                </dd>
              </div>
              <div>
                <dt>{t("results.request.project")}</dt>
                <dd>{request.project.name}</dd>
              </div>
              <div>
                <dt>{t("results.request.type")}</dt>
                <dd>{request.type}</dd>
              </div>
              <div>
                <dt>{t("results.request.contentType")}</dt>
                <dd>{request.contentType}</dd>
              </div>
              <div>
                <dt>{t("results.request.from")}</dt>
                <dd>{request.from}</dd>
              </div>
              <div>
                <dt>{t("results.request.requestTime")}</dt>
                <dd>{formatDate(request.requestTime)}</dd>
              </div>
            </dl>
          </section>
          {live && (
            <LiveView
              live={live}
              total={Math.max(request.recipientCount, request.progress.total)}
            />
          )}
        </>
      )}
    </main>
  );
}
