// The console's only way to the gateway: an urql client for /graphql on this origin (the
// key as a Bearer header) with subscriptions over graphql-ws (the key in connectionParams).
// A refused key — HTTP 401 / INVALID_API_KEY, or the socket closed with 4403 — calls onRevoked.
import { createClient as createWsClient, type Client as WsClient } from "graphql-ws";
import {
  cacheExchange,
  Client,
  fetchExchange,
  mapExchange,
  subscriptionExchange,
  type CombinedError,
} from "urql";

/** graphql-ws close code for a connection_init the gateway refused (missing, unknown or revoked key). */
export const CLOSE_FORBIDDEN = 4403;

/** The graphql-ws client behind each urql client, for live views that manage their own streams. */
const sockets = new WeakMap<Client, WsClient>();

/**
 * The graphql-ws client a console urql client subscribes through: live views that must
 * resume with `afterSeq` after a reconnect subscribe on it directly and watch its `closed`.
 */
export function socketOf(client: Client): WsClient | undefined {
  return sockets.get(client);
}

export interface GatewayClient {
  readonly client: Client;
  dispose(): void;
}

/** Whether the gateway refused the key itself (as opposed to the operation). */
export function isKeyRefused(error: CombinedError): boolean {
  if (error.response && (error.response as Response).status === 401) return true;
  return error.graphQLErrors.some((e) => e.extensions?.code === "INVALID_API_KEY");
}

function graphqlUrl(protocol: "http" | "ws"): string {
  const url = new URL("/graphql", location.href);
  if (protocol === "ws") url.protocol = location.protocol === "https:" ? "wss:" : "ws:";
  return url.href;
}

export function createGatewayClient(apiKey: string, onRevoked: () => void): GatewayClient {
  const authorization = `Bearer ${apiKey}`;
  const ws: WsClient = createWsClient({
    url: graphqlUrl("ws"),
    connectionParams: { authorization },
    // Reconnects after network blips (live views resume from their last seq); a refused
    // key will be refused again, so that ends the session instead.
    retryAttempts: 10,
    shouldRetry: (event) => !(event instanceof CloseEvent && event.code === CLOSE_FORBIDDEN),
    on: {
      closed: (event) => {
        if (event instanceof CloseEvent && event.code === CLOSE_FORBIDDEN) onRevoked();
      },
    },
  });
  const client = new Client({
    url: graphqlUrl("http"),
    fetchOptions: { headers: { authorization } },
    requestPolicy: "cache-and-network",
    exchanges: [
      mapExchange({
        onError(error) {
          if (isKeyRefused(error)) onRevoked();
        },
      }),
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({
            unsubscribe: ws.subscribe({ ...request, query: request.query ?? "" }, sink),
          }),
        }),
      }),
    ],
  });
  sockets.set(client, ws);
  return {
    client,
    dispose: () => void ws.dispose(),
  };
}
