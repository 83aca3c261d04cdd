// The graphql-ws server on /graphql, bounded against hostile clients: frames over
// WS_MAX_PAYLOAD_BYTES close the socket (1009) before they are buffered, a socket must send
// connection_init within WS_CONNECTION_INIT_TIMEOUT_MS (4408) with a valid key (4403),
// subscriptions are capped per socket and per account (an `error` message with
// LIMIT_EXCEEDED), and a revoked key's sockets are closed with 4403. It is graphql-ws's
// `makeServer` on a ws adapter of our own, so protocol errors are logged like everything else.
import { isDatabaseUnavailable } from "../db/errors.ts";
import type { IncomingMessage, Server } from "node:http";
import { GraphQLError, getOperationAST } from "graphql";
import {
  CloseCode,
  handleProtocols,
  makeServer,
  type Context,
  type SubscribePayload,
} from "graphql-ws";
import type { YogaServerInstance } from "graphql-yoga";
import { WebSocketServer, type WebSocket } from "ws";
import type { RealtimeLimits } from "../config.ts";
import type { GraphQLContext } from "../graphql/context.ts";
import { limitExceeded, type StreamGuards } from "../graphql/streamGuard.ts";
import type { Logger } from "../logger.ts";
import type { Release } from "../realtime/limits.ts";
import type { Actor } from "../services/deps.ts";

/** Server-side close handshakes wait this long for the peer before the TCP socket is dropped (ws's own default is 30 s). */
const CLOSE_GRACE_MS = 1000;
/** Ping interval; a socket that does not answer a ping within it is dropped. */
const KEEPALIVE_MS = 12_000;

interface Extra {
  socket: WebSocket;
  request: IncomingMessage;
  actor?: Actor;
  /** Subscription slots held by this socket, by operation id. */
  slots: Map<string, Release>;
  /** Forgets the socket in the key watch. */
  untrack?: () => void;
}

export interface GraphqlWsOptions<TServer extends Record<string, unknown>> {
  server: Server;
  path: string;
  limits: RealtimeLimits;
  logger: Logger;
  yoga: YogaServerInstance<TServer, GraphQLContext>;
  guards: () => StreamGuards;
  /** Resolves the `authorization` value of connection_init; null or a throw refuses the socket. */
  authenticate(header: string): Promise<Actor | null>;
}

type WsServer = ReturnType<typeof makeServer<Record<string, unknown>, Extra>>;
type WsContext = Context<Record<string, unknown>, Extra>;

export function serveGraphqlWs<TServer extends Record<string, unknown>>(
  options: GraphqlWsOptions<TServer>,
): WebSocketServer {
  const wss = new WebSocketServer({
    server: options.server,
    path: options.path,
    maxPayload: options.limits.wsMaxPayloadBytes,
    handleProtocols,
  });
  const graphqlWs = makeServer<Record<string, unknown>, Extra>({
    connectionInitWaitTimeout: options.limits.wsConnectionInitTimeoutMs,
    execute: (args) =>
      (args.rootValue as { execute: typeof import("graphql").execute }).execute(args),
    subscribe: (args) =>
      (args.rootValue as { subscribe: typeof import("graphql").subscribe }).subscribe(args),
    onConnect: (ctx) => connect(options, ctx),
    onSubscribe: (ctx, id, params) => startOperation(options, ctx, id, params),
    // Every operation that got past onSubscribe ends here: completed by either side, failed,
    // or ended by the socket's close.
    onComplete: (ctx, id) => release(ctx.extra, id),
    onClose: (ctx) => {
      for (const id of [...ctx.extra.slots.keys()]) release(ctx.extra, id);
      ctx.extra.untrack?.();
    },
  });
  wss.on("connection", (socket, request) => attach(graphqlWs, socket, request, options.logger));
  return wss;
}

function release(extra: Extra, id: string): void {
  extra.slots.get(id)?.();
  extra.slots.delete(id);
}

/** connection_init: no valid key → the socket is closed (4403). */
async function connect<TServer extends Record<string, unknown>>(
  options: GraphqlWsOptions<TServer>,
  ctx: WsContext,
): Promise<boolean> {
  const p = ctx.connectionParams ?? {};
  const raw =
    p.authorization ?? p.Authorization ?? (p.apiKey ? `Bearer ${String(p.apiKey)}` : undefined);
  if (typeof raw !== "string") return false;
  let actor: Actor | null;
  try {
    actor = await options.authenticate(raw);
  } catch (err) {
    // A lost database is no bad key: 1013 "try again later", which clients retry
    // (graphql-ws's own 4403 that follows is not sent on a closing socket).
    if (isDatabaseUnavailable(err)) ctx.extra.socket.close(1013, "database unavailable; retry");
    return false;
  }
  if (!actor) return false;
  const { socket } = ctx.extra;
  if (socket.readyState !== socket.OPEN) return false;
  ctx.extra.actor = actor;
  ctx.extra.untrack = options
    .guards()
    .keys.track(actor.keyId, () => closeSoon(socket, CloseCode.Forbidden, "API key revoked"));
  return true;
}

/** A `subscribe` message: parsed and validated by Yoga's envelope, a slot taken for a subscription. */
async function startOperation<TServer extends Record<string, unknown>>(
  options: GraphqlWsOptions<TServer>,
  ctx: WsContext,
  id: string,
  params: SubscribePayload,
) {
  const actor = ctx.extra.actor ?? null;
  const { schema, execute, subscribe, contextFactory, parse, validate } = options.yoga.getEnveloped(
    {
      ...ctx,
      req: ctx.extra.request,
      socket: ctx.extra.socket,
      // With the socket, lets sharedSubscriptionExecution write `next` frames itself.
      wsSubscriptionId: id,
      params,
      wsActor: actor,
    } as never,
  );
  const document = parse(params.query);
  const errors = validate(schema, document);
  if (errors.length) return errors;
  if (actor && getOperationAST(document, params.operationName)?.operation === "subscription") {
    const refused = takeSlot(options, ctx, id, actor);
    if (refused) return [refused];
  }
  return {
    schema,
    operationName: params.operationName,
    document,
    variableValues: params.variables,
    contextValue: await contextFactory(),
    rootValue: { execute, subscribe },
  };
}

/** Takes a per-socket and a per-account slot for subscription `id`; returns the error at a cap. */
function takeSlot<TServer extends Record<string, unknown>>(
  { limits, guards }: GraphqlWsOptions<TServer>,
  ctx: WsContext,
  id: string,
  actor: Actor,
): GraphQLError | null {
  const { slots } = ctx.extra;
  if (slots.size >= limits.perSocket) {
    return new GraphQLError(
      `This socket already has ${slots.size} open subscriptions (SUBSCRIPTIONS_PER_SOCKET = ${limits.perSocket}); close some first`,
      {
        extensions: { code: "LIMIT_EXCEEDED", limit: limits.perSocket, current: slots.size },
      },
    );
  }
  const slot = guards().slots.acquire(actor.accountId);
  if (typeof slot !== "function") return limitExceeded(slot);
  slots.set(id, slot);
  return null;
}

/** Hands a new socket to graphql-ws, with error logging and a keep-alive ping. */
function attach(
  graphqlWs: WsServer,
  socket: WebSocket,
  request: IncomingMessage,
  logger: Logger,
): void {
  // Oversize frames, bad UTF-8 and protocol violations: ws has already started closing
  // the socket with the fitting code (1009 for a frame over maxPayload) when it emits this.
  socket.on("error", (err) => {
    logger.info(
      { err: err.message, code: (err as { code?: string }).code },
      "closing a WebSocket after a protocol error",
    );
    dropAfterGrace(socket);
  });
  const stopKeepAlive = keepAlive(socket);
  const closed = graphqlWs.opened(
    {
      protocol: socket.protocol,
      send: (data) =>
        new Promise<void>((resolve, reject) => {
          if (socket.readyState !== socket.OPEN) return resolve();
          socket.send(data, (err) => (err ? reject(err) : resolve()));
        }),
      close: (code, reason) =>
        closeSoon(socket, code ?? CloseCode.InternalServerError, reason ?? ""),
      onMessage: (cb) =>
        socket.on("message", (data: Buffer | ArrayBuffer | Buffer[]) => {
          cb(String(data)).catch((err: unknown) => {
            logger.error({ err }, "graphql-ws message handling failed");
            closeSoon(socket, CloseCode.InternalServerError, "Internal server error");
          });
        }),
    },
    { socket, request, slots: new Map() },
  );
  socket.once("close", (code, reason) => {
    stopKeepAlive();
    closed(code, String(reason)).catch((err: unknown) =>
      logger.error({ err }, "graphql-ws close handling failed"),
    );
  });
}

/** Pings every KEEPALIVE_MS and drops a socket that does not answer in time; returns the stop. */
function keepAlive(socket: WebSocket): () => void {
  let pongWait: NodeJS.Timeout | null = null;
  const timer = setInterval(() => {
    if (socket.readyState !== socket.OPEN) return;
    pongWait = setTimeout(() => socket.terminate(), KEEPALIVE_MS);
    socket.once("pong", () => {
      if (pongWait) clearTimeout(pongWait);
      pongWait = null;
    });
    socket.ping();
  }, KEEPALIVE_MS);
  return () => {
    clearInterval(timer);
    if (pongWait) clearTimeout(pongWait);
  };
}

/** Starts the close handshake, and drops the connection if the peer does not finish it soon. */
function closeSoon(socket: WebSocket, code: number, reason: string): void {
  socket.close(code, reason);
  dropAfterGrace(socket);
}

function dropAfterGrace(socket: WebSocket): void {
  const timer = setTimeout(() => socket.terminate(), CLOSE_GRACE_MS);
  timer.unref();
  socket.once("close", () => clearTimeout(timer));
}
