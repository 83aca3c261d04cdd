// One endpoint: its state (status and why, lag, cursor, last success and error, the previous
// secret's overlap), its settings, the secret rotation, a test event, replay, the delivery
// log and deletion. Lag and cursor follow delivery live (webhookEndpointLag, live.ts); the
// endpoint is read again only after an action here or when a snapshot shows its status changed.
import { useCallback, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { href, navigate } from "../app/router.ts";
import { Alert, Notice, useFormatDate, useRequestErrorText } from "../app/ui.tsx";
import { DeleteEndpoint } from "./DeleteEndpoint.tsx";
import { DeliveryLog } from "./DeliveryLog.tsx";
import { RotateSecret, SendTest } from "./EndpointActions.tsx";
import { EditEndpoint } from "./EditEndpoint.tsx";
import { StatusText } from "./EndpointList.tsx";
import { returnToList } from "./memory.ts";
import { LagStreamText } from "./LagStreamText.tsx";
import { useLiveLags, useRereadOnChange } from "./live.ts";
import { EndpointQuery } from "./operations.ts";
import { Replay } from "./Replay.tsx";
import { withLiveLag, type LiveLag } from "./rules.ts";
import { useEventTypeLabels } from "./shared.tsx";
import { useRefetchOn } from "../app/refetch.ts";

type Node = NonNullable<ReturnType<typeof useEndpoint>["node"]>;

/**
 * How often the endpoint's cursors or state moved in the snapshots seen ("" before the first):
 * the delivery log compares it with its value when it was read, to say deliveries were made
 * since. A count, not the position itself, so a replay that ends where it began still counts.
 */
function useMoves(l: LiveLag | undefined): string {
  const seen = useRef({ key: "", moves: 0 });
  const key = l ? `${l.cursorSeq}:${l.projectEventCursorSeq}:${l.failing}:${l.enabled}` : "";
  if (key && key !== seen.current.key) seen.current = { key, moves: seen.current.moves + 1 };
  return key ? String(seen.current.moves) : "";
}

function useEndpoint(id: string) {
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: EndpointQuery,
    variables: { id },
  });
  const read = data?.node?.__typename === "WebhookEndpoint" ? data.node : null;
  const live = useLiveLags(read?.project.id ?? null);
  const reread = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);
  useRereadOnChange(read ? [read] : null, live.lags, reread, false);
  const node = read ? withLiveLag([read], live.lags)[0]! : null;
  const position = useMoves(read ? live.lags?.get(read.id) : undefined);
  return { node, error, loaded: !!data && !fetching, reexecute, live, position };
}

function Summary({ node }: { node: Node }) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const typeLabels = useEventTypeLabels();
  const pairs: [string, React.ReactNode][] = [
    [t("webhooks.columns.status"), <StatusText key="s" endpoint={node} />],
    [t("webhooks.columns.eventTypes"), typeLabels(node.eventTypes)],
    [t("webhooks.columns.batchSize"), node.batchSize],
    [t("webhooks.columns.lag"), node.lag],
    [t("webhooks.columns.cursor"), node.cursorSeq],
    [t("webhooks.detail.project"), node.project.name],
    [t("webhooks.detail.created"), formatDate(node.createdAt)],
    [t("webhooks.detail.lastSuccess"), formatDate(node.lastSuccessAt)],
  ];
  if (node.failingSince)
    pairs.push([t("webhooks.detail.failingSince"), formatDate(node.failingSince)]);
  if (node.lastError) pairs.push([t("webhooks.detail.lastError"), node.lastError]);
  if (node.enabled && node.lag > 0)
    pairs.push([t("webhooks.detail.nextAttempt"), formatDate(node.nextAttemptAt)]);
  if (node.previousSecretValidUntil)
    pairs.push([t("webhooks.detail.previousSecret"), formatDate(node.previousSecretValidUntil)]);
  return (
    <section aria-labelledby="webhook-summary" className="card">
      <h3 id="webhook-summary">{t("webhooks.detail.summary")}</h3>
      <dl className="pairs">
        {pairs.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <p className="hint">{t("webhooks.lagHelp")}</p>
    </section>
  );
}

export function EndpointDetail({ endpointId }: { endpointId: string }) {
  const { t } = useTranslation();
  const requestError = useRequestErrorText();
  const { node, error, loaded, reexecute, live, position } = useEndpoint(endpointId);
  const [notice, setNotice] = useState<string | null>(null);
  const [refresh, setRefresh] = useState(0);
  useRefetchOn(refresh, reexecute);
  const changed = (message: string | null) => {
    setNotice(message);
    setRefresh((r) => r + 1);
  };

  const back = (
    <p>
      <a
        href={href("/webhooks")}
        onClick={(e) => {
          e.preventDefault();
          if (node) returnToList(node.project.id, null);
          navigate("/webhooks");
        }}
      >
        {t("webhooks.detail.back")}
      </a>
    </p>
  );
  if (!node)
    return (
      <>
        {back}
        {error && <Alert>{requestError(error)}</Alert>}
        {loaded && !error && <Alert>{t("webhooks.detail.notFound")}</Alert>}
      </>
    );
  return (
    <>
      {back}
      <h2 className="webhook-url">{t("webhooks.detail.title", { url: node.url })}</h2>
      {notice && <Notice>{notice}</Notice>}
      <LagStreamText live={live} />
      <Summary node={node} />
      <EditEndpoint endpoint={node} onChanged={changed} />
      <RotateSecret endpointId={node.id} onChanged={() => changed(null)} />
      <SendTest endpointId={node.id} onChanged={changed} />
      <Replay endpointId={node.id} onChanged={changed} />
      <DeliveryLog endpointId={node.id} refresh={refresh} position={position} />
      <DeleteEndpoint endpoint={node} />
    </>
  );
}
