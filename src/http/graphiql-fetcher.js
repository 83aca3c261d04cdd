// GraphiQL's fetcher for this gateway, run in the browser (served as is, no build step):
// queries and mutations go over HTTP with the Headers tab's headers; subscriptions go over
// graphql-ws with the Headers tab's Authorization as connection_init params, and a refused or
// closed socket becomes a readable error result instead of a spinner that never ends.

/**
 * graphql-ws close codes a user of GraphiQL may meet, with what to do about them. 4403 is
 * explained separately: it is what the gateway answers to a missing, invalid or revoked key.
 */
const CLOSE_HINTS = {
  1001: "the gateway is shutting down or restarting; run the subscription again",
  1006: "the connection to the gateway was lost",
  1009: "a message was larger than the gateway accepts",
  4400: "the gateway could not read a message",
  4408: "the connection was not initialised in time",
  4429: "too many connection_init messages",
  4500: "the gateway failed; its log has the cause",
};

/**
 * Builds the fetcher GraphiQL calls with `(params, { headers, documentAST })`.
 * `createClient` is graphql-ws's; `webSocketImpl` and `fetch` default to the browser's.
 */
export function createGatewayFetcher({
  url,
  wsUrl = toWsUrl(url),
  createClient,
  webSocketImpl,
  fetch = globalThis.fetch.bind(globalThis),
}) {
  return (params, opts = {}) => {
    const headers = opts.headers && typeof opts.headers === "object" ? opts.headers : {};
    // The query text decides, not GraphiQL's parsed document: run right after typing, that
    // document may be missing or still the previous one (a query), which sent a
    // subscription over HTTP (406).
    const type =
      operationTypeOfText(params.query, params.operationName) ??
      operationType(opts.documentAST, params.operationName);
    if (type === "subscription") {
      return subscribeOverWs({ wsUrl, createClient, webSocketImpl }, params, headers);
    }
    return postOverHttp({ url, fetch }, params, headers);
  };
}

/** ws:// or wss:// for the page's http:// or https:// endpoint. */
function toWsUrl(url) {
  const u = new URL(url, globalThis.location?.href);
  u.protocol = u.protocol === "https:" ? "wss:" : "ws:";
  return u.href;
}

/**
 * The type of the operation GraphiQL is about to run, from the document it parsed. Unknown
 * (no document, or several operations and no name) goes over HTTP, where the gateway says
 * what is wrong with it.
 */
export function operationType(documentAST, operationName) {
  const operations = (documentAST?.definitions ?? []).filter(
    (d) => d.kind === "OperationDefinition",
  );
  const chosen = operationName
    ? operations.find((d) => d.name?.value === operationName)
    : operations.length === 1
      ? operations[0]
      : undefined;
  return chosen?.operation;
}

/**
 * The type of the operation `operationName` (or the only one) in a GraphQL document's text,
 * without a parser: comments and strings are blanked out, then only the top level (outside
 * braces and parentheses) is read, where every operation starts with `query`, `mutation`,
 * `subscription` or a bare `{` (a query). Fragments are skipped.
 */
export function operationTypeOfText(text, operationName) {
  const source = String(text ?? "").replace(/"""[\s\S]*?"""|"(?:[^"\\\n]|\\.)*"|#[^\n]*/g, " ");
  const operations = [];
  let depth = 0;
  const word = /[_A-Za-z][_0-9A-Za-z]*/y;
  for (let i = 0; i < source.length; ) {
    const c = source[i];
    if (c === "{" || c === "(") {
      if (depth === 0 && c === "{") {
        // The body of the operation (or fragment) just named, or a shorthand query.
        const last = operations[operations.length - 1];
        if (last && !last.open) last.open = true;
        else operations.push({ type: "query", name: undefined, open: true });
      }
      depth++;
      i++;
      continue;
    }
    if (c === "}" || c === ")") {
      depth = Math.max(0, depth - 1);
      i++;
      continue;
    }
    word.lastIndex = i;
    const m = depth === 0 ? word.exec(source) : null;
    if (!m) {
      i++;
      continue;
    }
    if (m[0] === "query" || m[0] === "mutation" || m[0] === "subscription") {
      const rest = /\s*([_A-Za-z][_0-9A-Za-z]*)?/y;
      rest.lastIndex = i + m[0].length;
      const named = rest.exec(source);
      operations.push({ type: m[0], name: named?.[1], open: false });
      i = rest.lastIndex;
    } else if (m[0] === "fragment") {
      operations.push({ type: "fragment", name: undefined, open: false });
      i += m[0].length;
    } else {
      i += m[0].length;
    }
  }
  const real = operations.filter((o) => o.type !== "fragment");
  const chosen = operationName
    ? real.find((o) => o.name === operationName)
    : real.length === 1
      ? real[0]
      : undefined;
  return chosen?.type;
}

/**
 * The Authorization header of the Headers tab whatever its capitalisation (HTTP header names
 * are case-insensitive, so users write `Authorization`, `authorization`, `AUTHORIZATION`).
 * Returns `{ value }`, `{}` when there is none, or `{ error }` when it cannot be used.
 */
export function authorizationFrom(headers) {
  const names = Object.keys(headers).filter((name) => name.toLowerCase() === "authorization");
  if (names.length === 0) return {};
  if (names.length > 1)
    return {
      error: `The Headers tab has ${names.length} Authorization headers (${names.join(", ")}); keep one.`,
    };
  const value = headers[names[0]];
  if (typeof value !== "string")
    return {
      error: `The Authorization header must be the string Bearer <key>, not ${JSON.stringify(value)}.`,
    };
  return { value };
}

async function postOverHttp({ url, fetch }, params, headers) {
  const res = await fetch(url, {
    method: "POST",
    credentials: "same-origin",
    headers: {
      "content-type": "application/json",
      accept: "application/graphql-response+json, application/json",
      ...headers,
    },
    body: JSON.stringify({
      query: params.query,
      variables: params.variables,
      operationName: params.operationName,
    }),
  });
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    // Not GraphQL (a proxy's error page, a body limit): show what came back.
    return errorResult(`HTTP ${res.status} ${res.statusText}: ${text.slice(0, 500)}`, {
      http: { status: res.status },
    });
  }
}

/**
 * One graphql-ws client per run: the key may change between runs, and a refused socket must
 * not be retried (graphql-ws retries 4403 five times by default, with back-off: the pane
 * spins for most of a minute). The result is an observable, which GraphiQL unsubscribes from
 * when the user presses stop.
 */
function subscribeOverWs({ wsUrl, createClient, webSocketImpl }, params, headers) {
  return {
    subscribe(observer) {
      const auth = authorizationFrom(headers);
      if (auth.error) {
        // Later, not inside subscribe(): GraphiQL stores the subscription after subscribe()
        // returns, so a synchronous complete() would leave it showing a running operation.
        queueMicrotask(() => {
          observer.next(errorResult(auth.error, { code: "INVALID_API_KEY" }));
          observer.complete();
        });
        return { unsubscribe() {} };
      }
      const client = createClient({
        url: wsUrl,
        ...(webSocketImpl ? { webSocketImpl } : {}),
        // The gateway reads the key from connection_init's `authorization`.
        connectionParams: auth.value === undefined ? {} : { authorization: auth.value },
        retryAttempts: 0,
        lazy: true,
        lazyCloseTimeout: 0,
      });
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        client.dispose();
      };
      const stop = client.subscribe(
        {
          query: params.query,
          variables: params.variables ?? undefined,
          operationName: params.operationName ?? undefined,
        },
        {
          next: (value) => observer.next(value),
          error: (err) => {
            if (done) return;
            observer.next(wsFailure(err, wsUrl, auth.value !== undefined));
            observer.complete();
            finish();
          },
          complete: () => {
            if (done) return;
            observer.complete();
            finish();
          },
        },
      );
      return {
        unsubscribe() {
          if (done) return;
          stop();
          finish();
        },
      };
    },
  };
}

/** What graphql-ws reports to a sink's `error` (errors, a CloseEvent or an Event), as a GraphQL result. */
export function wsFailure(err, wsUrl, hadKey) {
  // An `error` message: the operation was refused (validation, a limit); already GraphQL errors.
  if (Array.isArray(err)) return { errors: err };
  if (err && typeof err.code === "number") {
    const reason = err.reason ? `: ${err.reason}` : "";
    if (err.code === 4403) {
      return hadKey
        ? errorResult(
            `The gateway refused the API key in the Headers tab (WebSocket closed with 4403${reason}). The Authorization header must be Bearer <key>, with a key that exists and is not revoked.`,
            {
              code: "INVALID_API_KEY",
              closeCode: err.code,
            },
          )
        : errorResult(
            `Subscriptions need an API key: add an Authorization header with Bearer <key> in the Headers tab (WebSocket closed with 4403${reason}).`,
            {
              code: "UNAUTHENTICATED",
              closeCode: err.code,
            },
          );
    }
    const hint = CLOSE_HINTS[err.code] ? ` — ${CLOSE_HINTS[err.code]}` : "";
    return errorResult(`The gateway closed the WebSocket (${err.code}${reason})${hint}.`, {
      closeCode: err.code,
    });
  }
  if (err instanceof Error) return errorResult(err.message);
  return errorResult(`Could not open a WebSocket to ${wsUrl}.`);
}

function errorResult(message, extensions) {
  return { errors: [extensions ? { message, extensions } : { message }] };
}
