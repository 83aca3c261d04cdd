// createGraphqlServer: the Yoga instance behind /graphql and /health — GraphiQL, logging,
// error masking, the execution plugins and the per-request context — and actorResolver, which
// turns an Authorization header into an actor for HTTP and graphql-ws alike. app.ts owns the
// lifecycle (when deps and stream guards exist); this module owns what a request goes through.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { maxAliasesPlugin } from "@escape.tech/graphql-armor-max-aliases";
import { maxTokensPlugin } from "@escape.tech/graphql-armor-max-tokens";
import { useEngine } from "@envelop/core";
import { GraphQLError, type GraphQLSchema } from "graphql";
import {
  createYoga,
  type GraphiQLOptions,
  type Plugin,
  type YogaServerInstance,
  type YogaServerOptions,
} from "graphql-yoga";
import type { Config } from "../config.ts";
import { describeDbError, isDatabaseUnavailable } from "../db/errors.ts";
import { DomainError } from "../domain/errors.ts";
import { executeWithChunkedLists } from "../graphql/bigLists.ts";
import type { GraphQLContext } from "../graphql/context.ts";
import { databaseUnavailableError } from "../graphql/databaseUnavailable.ts";
import { sharedSubscriptionExecution } from "../graphql/sharedExecution.ts";
import { streamGuard, type StreamGuards } from "../graphql/streamGuard.ts";
import type { Logger } from "../logger.ts";
import { authenticate } from "../services/accounts.ts";
import type { Actor, Deps } from "../services/deps.ts";
import { renderGraphiQL } from "./graphiql.ts";
import { strictMultipart } from "./multipart.ts";
import { sseReadableErrors } from "./sseErrors.ts";

export const GRAPHQL_PATH = "/graphql";

export type ServerContext = {
  req?: IncomingMessage;
  res?: ServerResponse;
  requestId?: string;
  wsActor?: Actor | null;
};

export type GraphqlServer = YogaServerInstance<ServerContext, GraphQLContext>;

/** Resolves an Authorization header to its actor; null without a header. */
export type ActorResolver = (header: string | null | undefined) => Promise<Actor | null>;

/** Resolves the Authorization header; a present but bad key is a 401, not anonymity. */
export function actorResolver(deps: () => Deps, logger: Logger): ActorResolver {
  return async function actorFromHeader(header) {
    if (!header) return null;
    const token = /^Bearer\s+(\S+)$/i.exec(header.trim())?.[1];
    if (!token) {
      throw new GraphQLError("Authorization must be `Bearer <key>`", {
        extensions: { code: "INVALID_API_KEY", http: { status: 401 } },
      });
    }
    const result = await authenticate(deps(), token);
    if (!result.ok) {
      logger.info({ reason: result.reason }, "rejected API key");
      throw new GraphQLError("Invalid or revoked API key", {
        extensions: { code: "INVALID_API_KEY", http: { status: 401 } },
      });
    }
    return result.actor;
  };
}

export interface GraphqlServerParts {
  config: Config;
  logger: Logger;
  schema: GraphQLSchema;
  /** The metrics plugin (metrics.ts). */
  metricsPlugin: Plugin;
  /** Available once the app has started. */
  deps: () => Deps;
  guards: () => StreamGuards;
  actorFromHeader: ActorResolver;
}

export function createGraphqlServer(parts: GraphqlServerParts): GraphqlServer {
  const { config, logger } = parts;
  return createYoga<ServerContext, GraphQLContext>({
    schema: parts.schema,
    graphqlEndpoint: GRAPHQL_PATH,
    healthCheckEndpoint: "/health",
    landingPage: false,
    // CORS is answered by src/http/cors.ts (Yoga's reflects every origin for `*`).
    cors: false,
    graphiql: config.graphiql ? graphiqlOptions() : false,
    renderGraphiQL: (opts) => renderGraphiQL(opts as unknown as Record<string, unknown>),
    logging: {
      debug: (...args) => logger.debug({ args }, "yoga"),
      info: (...args) => logger.info({ args }, "yoga"),
      warn: (...args) => logger.warn({ args }, "yoga"),
      error: (...args) => logger.error({ args }, "yoga"),
    },
    maskedErrors: { maskError: maskError(logger) },
    plugins: executionPlugins(parts),
    context: requestContext(parts),
  });
}

function graphiqlOptions(): GraphiQLOptions {
  return {
    title: "SMS gateway",
    // Yoga's renderer takes `query` (not GraphiQL's defaultQuery). The headers start empty:
    // a placeholder Authorization header would make the schema introspection fail.
    query:
      '# Welcome to the SMS gateway.\n# Put your API key in the Headers tab below:\n#   {"Authorization": "Bearer sgw_…"}\n# then run this query (Ctrl-Enter).\nquery {\n  viewer { accountId role }\n  projects(first: 10) { edges { node { id name } } }\n}\n',
    headers: "{}",
    subscriptionsProtocol: "WS",
  } as GraphiQLOptions;
}

type MaskError = (error: unknown, message: string) => Error;

/** Deliberate errors pass; a lost database becomes retryable; the rest gets an errorId. */
function maskError(logger: Logger): MaskError {
  return (error, message) => {
    const original = error instanceof GraphQLError ? error.originalError : error;
    // Deliberate GraphQLErrors (auth, limits, input coercion) and domain errors pass.
    if (
      error instanceof GraphQLError &&
      (!original || original instanceof GraphQLError || original instanceof DomainError)
    )
      return error;
    // A lost database is no bug of ours, and the client may retry (db/errors.ts).
    if (isDatabaseUnavailable(original ?? error)) {
      logger.warn(
        {
          ...describeDbError(original ?? error),
          path: error instanceof GraphQLError ? error.path : undefined,
        },
        "request failed: database unavailable",
      );
      return databaseUnavailableError();
    }
    const errorId = randomUUID();
    logger.error(
      {
        err: original ?? error,
        errorId,
        path: error instanceof GraphQLError ? error.path : undefined,
      },
      "unexpected error in resolver",
    );
    return new GraphQLError(message, {
      extensions: { code: "INTERNAL_SERVER_ERROR", errorId },
    });
  };
}

// Queries and mutations run on graphql-js's own execute. Yoga's default executor
// (@graphql-tools/executor) copies every variable value before coercing it, which for a
// 100,000-recipient list costs ~100 ms of a sendMessage; what it adds over graphql-js
// (@defer/@stream, incremental delivery) is not used here. Big list variables are coerced
// in slices first (graphql/bigLists.ts). Subscriptions are executed by
// sharedSubscriptionExecution, on graphql-js too.
function executionPlugins(parts: GraphqlServerParts) {
  return [
    useEngine({ execute: executeWithChunkedLists }),
    maxAliasesPlugin({ n: parts.config.limits.aliases }),
    maxTokensPlugin({ n: parts.config.limits.tokens }),
    parts.metricsPlugin,
    sharedSubscriptionExecution(),
    // After sharedSubscriptionExecution: it wraps the subscribe function set there.
    streamGuard(parts.guards),
    strictMultipart(),
    // Errors before execution reach SSE clients as events of an accepted stream.
    sseReadableErrors(),
  ];
}

type ContextFactory = NonNullable<YogaServerOptions<ServerContext, GraphQLContext>["context"]>;

function requestContext(parts: GraphqlServerParts): ContextFactory {
  const { config, logger } = parts;
  return async (initial): Promise<GraphQLContext> => {
    const requestId = initial.requestId ?? randomUUID();
    const actor =
      initial.wsActor !== undefined
        ? initial.wsActor
        : await parts.actorFromHeader(initial.request.headers.get("authorization"));
    return {
      deps: parts.deps(),
      actor,
      requestId,
      logger: logger.child({ requestId }),
      limits: {
        depth: config.limits.depth,
        complexity: config.limits.complexity,
        subscriptionQueue: config.subscriptionQueueLimit,
      },
    };
  };
}
