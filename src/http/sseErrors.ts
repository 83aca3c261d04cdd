// Errors found before execution (a missing or refused key, a lost database) reach a
// Server-Sent Events client as events of an accepted stream, the way the GraphQL over SSE
// protocol reports them and graphql-sse's client reads them. Over plain HTTP the same
// errors keep their status (401, 503): an SSE client given a bare 401 cannot read why.
import type { Plugin } from "graphql-yoga";
import { GraphQLError } from "graphql";
import { isAsyncIterable } from "@envelop/core";

/** The error with its HTTP status removed (headers such as Retry-After stay). */
function withoutStatus(error: GraphQLError): GraphQLError {
  const { http, ...others } = error.extensions as {
    http?: { status?: number; headers?: Record<string, string> };
  };
  if (!http?.status) return error;
  const { status: _status, ...httpRest } = http;
  const extensions = Object.keys(httpRest).length ? { ...others, http: httpRest } : others;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions,
  });
}

export function sseReadableErrors(): Plugin {
  return {
    onResultProcess({ request, result, setResult }) {
      if (!(request.headers.get("accept") ?? "").includes("text/event-stream")) return;
      if (isAsyncIterable(result) || Array.isArray(result) || !result.errors?.length) return;
      setResult({
        ...result,
        errors: result.errors.map((e) => (e instanceof GraphQLError ? withoutStatus(e) : e)),
      });
    },
  };
}
