// The lag of a project's endpoints, live: `webhookEndpointLag` over graphql-ws, never polled.
// Each snapshot is the whole state, so a reconnect needs no resume point: graphql-ws
// subscribes again on the new socket and the gateway answers with the current snapshot at
// once. While the socket is down the view keeps the last values and says it is reconnecting.
// A refused key closes the socket with 4403, which ends the session (session/client.ts).
import { useEffect, useMemo, useRef, useState } from "react";
import { useClient, useSubscription } from "urql";
import { socketOf } from "../session/client.ts";
import { WebhookLagSubscription } from "./operations.ts";
import { staleRows, type LiveLag } from "./rules.ts";

export type LagStream = "connecting" | "live" | "reconnecting" | "ended";

export interface LiveLags {
  /** The newest snapshot by endpoint id; null until the first one arrives. */
  lags: ReadonlyMap<string, LiveLag> | null;
  stream: LagStream;
  /** The code of the error that ended the stream (e.g. NOT_FOUND), else null. */
  errorCode: string | null;
}

export function useLiveLags(projectId: string | null): LiveLags {
  const client = useClient();
  const [dropped, setDropped] = useState(false);
  const [{ data, error }] = useSubscription({
    query: WebhookLagSubscription,
    variables: { projectId: projectId ?? "" },
    pause: !projectId,
  });
  const snapshot = data?.webhookEndpointLag;
  // A snapshot after a drop means the stream is back.
  useEffect(() => {
    if (snapshot) setDropped(false);
  }, [snapshot]);
  useEffect(() => {
    const ws = socketOf(client);
    if (!ws) return;
    return ws.on("closed", () => setDropped(true));
  }, [client]);
  const lags = useMemo(
    () => (snapshot ? new Map(snapshot.endpoints.map((e) => [e.endpointId, e])) : null),
    [snapshot],
  );
  const code = error?.graphQLErrors[0]?.extensions?.code;
  const errorCode = error ? (typeof code === "string" ? code : "INTERNAL_SERVER_ERROR") : null;
  const stream: LagStream = errorCode
    ? "ended"
    : dropped
      ? "reconnecting"
      : lags
        ? "live"
        : "connecting";
  return { lags, stream, errorCode };
}

/**
 * Reads `rows` again (one request) when a snapshot shows what they do not — an endpoint
 * added or removed, a status changed — once per such difference; lag and cursor alone never
 * cause a request.
 */
export function useRereadOnChange(
  rows: readonly { id: string; status: string; lag: number; cursorSeq: number }[] | null,
  lags: ReadonlyMap<string, LiveLag> | null,
  reread: () => void,
  all = true,
): void {
  const done = useRef<string | null>(null);
  const stale = rows ? staleRows(rows, lags, all) : null;
  useEffect(() => {
    if (!stale || stale === done.current) return;
    done.current = stale;
    reread();
  }, [stale, reread]);
}
