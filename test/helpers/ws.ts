// Subscription clients for tests, talking to the real server the way frontends do: graphql-ws
// over WebSocket (retryAttempts: 0, so a refused or dropped socket surfaces as a failure)
// and GraphQL over Server-Sent Events with fetch. Both collect results for assertions.
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";

export interface Collected<T> {
  /** `data` of every `next` payload without errors, in arrival order. */
  items: T[];
  /** GraphQL errors of `next` payloads, or the failure that ended the stream. */
  errors: unknown[];
  /** Settles when the server completes the stream, it errors, or it is disposed. */
  finished: Promise<void>;
  isFinished(): boolean;
  /** Resolves once `predicate(items)` holds; rejects after `timeoutMs`. */
  until(predicate: (items: T[]) => boolean, timeoutMs?: number): Promise<T[]>;
  dispose(): void;
}

function collector<T>(): {
  c: Collected<T>;
  push(payload: { data?: unknown; errors?: unknown[] }): void;
  fail(err: unknown): void;
  finish(): void;
  onDispose(fn: () => void): void;
} {
  const items: T[] = [];
  const errors: unknown[] = [];
  const waiters = new Set<() => void>();
  let finished = false;
  let resolveFinished!: () => void;
  const finishedPromise = new Promise<void>((r) => (resolveFinished = r));
  let disposeFn: () => void = () => {};
  const notify = () =>
    waiters.forEach((w) => {
      w();
    });
  const finish = () => {
    if (finished) return;
    finished = true;
    resolveFinished();
    notify();
  };
  const c: Collected<T> = {
    items,
    errors,
    finished: finishedPromise,
    isFinished: () => finished,
    until(predicate, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (predicate(items)) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(items);
          } else if (finished) {
            waiters.delete(check);
            clearTimeout(timer);
            reject(
              new Error(
                `stream finished before the condition held (${items.length} items, errors ${JSON.stringify(errors)})`,
              ),
            );
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `timed out after ${timeoutMs} ms with ${items.length} items (errors ${JSON.stringify(errors)})`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    dispose() {
      disposeFn();
      finish();
    },
  };
  return {
    c,
    push(payload) {
      if (payload.errors?.length) errors.push(...payload.errors);
      else items.push(payload.data as T);
      notify();
    },
    fail(err) {
      errors.push(err);
      finish();
    },
    finish,
    onDispose(fn) {
      disposeFn = fn;
    },
  };
}

export interface WsClient extends Client {
  /** Close events seen by the client (code 4403 = refused in connection_init). */
  closeCodes: number[];
}

/** A graphql-ws client authenticating with `key` in connection_init (null: no key). */
export function wsClient(
  httpUrl: string,
  key: string | null,
  options: { lazy?: boolean } = {},
): WsClient {
  const closeCodes: number[] = [];
  const client = createClient({
    url: httpUrl.replace(/^http/, "ws"),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: options.lazy ?? true,
    // Non-lazy clients would print refused connections; tests read `closeCodes` instead.
    onNonLazyError: () => undefined,
    connectionParams: key ? { authorization: `Bearer ${key}` } : {},
    on: { closed: (event) => closeCodes.push((event as { code: number }).code) },
  }) as WsClient;
  client.closeCodes = closeCodes;
  return client;
}

export function wsSubscribe<T>(
  client: Client,
  query: string,
  variables: Record<string, unknown> = {},
): Collected<T> {
  const k = collector<T>();
  const unsubscribe = client.subscribe<T>(
    { query, variables },
    {
      next: (payload) => k.push(payload as { data?: unknown; errors?: unknown[] }),
      error: (err) => k.fail(err),
      complete: () => k.finish(),
    },
  );
  k.onDispose(unsubscribe);
  return k.c;
}

/** GraphQL over SSE (Yoga's "distinct connections" mode): one POST per subscription. */
export function sseSubscribe<T>(
  httpUrl: string,
  key: string,
  query: string,
  variables: Record<string, unknown> = {},
): Collected<T> {
  const k = collector<T>();
  const abort = new AbortController();
  k.onDispose(() => abort.abort());
  void (async () => {
    try {
      const res = await fetch(httpUrl, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "text/event-stream",
          authorization: `Bearer ${key}`,
        },
        body: JSON.stringify({ query, variables }),
        signal: abort.signal,
      });
      if (!res.ok || !res.body)
        throw new Error(`SSE request failed with HTTP ${res.status}: ${await res.text()}`);
      const decoder = new TextDecoder();
      let buffer = "";
      const reader = res.body.getReader();
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        buffer += decoder.decode(chunk.value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: ?(.*)$/m.exec(block)?.[1] ?? "message";
          const data = block
            .split("\n")
            .filter((l) => l.startsWith("data:"))
            .map((l) => l.replace(/^data: ?/, ""))
            .join("\n");
          if (event === "complete") {
            k.finish();
            return;
          }
          if (event === "next" && data)
            k.push(JSON.parse(data) as { data?: unknown; errors?: unknown[] });
        }
      }
      k.finish();
    } catch (err) {
      if (abort.signal.aborted) k.finish();
      else k.fail(err);
    }
  })();
  return k.c;
}
