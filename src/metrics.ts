// Prometheus metrics (prom-client) of one gateway or worker: a registry per app (tests run
// several apps in one process, so nothing goes to prom-client's global registry), GraphQL
// operations and live subscriptions (a Yoga plugin), carrier outcomes (a Carrier decorator),
// and message and queue gauges read from the database when /metrics is scraped.
import { getOperationAST, type DocumentNode, type ExecutionResult } from "graphql";
import type { Plugin } from "graphql-yoga";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { Clock } from "./clock.ts";
import type { Db } from "./db/client.ts";
import { countMessages } from "./db/ops.ts";
import type { Carrier } from "./delivery/carrier.ts";
import {
  MESSAGE_RESULTS,
  MESSAGE_STATUSES,
  messageMachine,
  type MessageResult,
  type MessageStatus,
} from "./domain/messageStatus.ts";
import type { Logger } from "./logger.ts";
import { withTimeout } from "./timeout.ts";

/** What the message gauges read; undefined while the app has not opened its database yet. */
export interface MessageSource {
  db: Db;
  clock: Clock;
}

export interface Metrics {
  readonly registry: Registry;
  /** The GraphQL plugin: operations by type, name and outcome, durations, active subscriptions. */
  readonly graphqlPlugin: Plugin;
  /**
   * The same carrier, counting what it answers. A Proxy rather than a wrapper class, so the
   * result is still the carrier's own class (`simulatedInbox` checks `instanceof
   * SimulatedCarrier`) and every other member reaches the original unchanged.
   */
  countCarrier<C extends Carrier>(carrier: C): C;
}

/** Distinct operation names kept as label values; later names count as "other". */
const MAX_OPERATION_NAMES = 200;
/** A scrape waits at most this long for the message counts. */
const COLLECT_TIMEOUT_MS = 5000;

export function createMetrics(options: {
  logger: Logger;
  messages: () => MessageSource | undefined;
}): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  // Registered in this order, which is the order of /metrics.
  const graphqlPlugin = graphqlMetrics(registry);
  const countCarrier = carrierMetrics(registry);
  messageGauges(registry, options);
  return { registry, graphqlPlugin, countCarrier };
}

// ── GraphQL ──────────────────────────────────────────────────────────────────────────

/** Operations, their durations and live subscriptions, counted by a Yoga plugin. */
function graphqlMetrics(registry: Registry): Plugin {
  const operations = new Counter({
    name: "smsgw_graphql_operations_total",
    help: "GraphQL operations by type (query/mutation/subscription), operation name and outcome (ok, or error when the result carried GraphQL errors or validation failed).",
    labelNames: ["type", "name", "outcome"] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: "smsgw_graphql_operation_duration_seconds",
    help: "Execution time of GraphQL queries and mutations (subscriptions: time to set the stream up).",
    labelNames: ["type", "name"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const subscriptions = new Gauge({
    name: "smsgw_graphql_active_subscriptions",
    help: "Subscriptions currently streaming, by transport (graphql-ws or sse).",
    labelNames: ["transport"] as const,
    registers: [registry],
  });
  for (const transport of ["graphql-ws", "sse"]) subscriptions.set({ transport }, 0);

  // Operation names come from clients: cap the label values so a client cannot create
  // unbounded series.
  const names = new Set<string>();
  const operationOf = (document: DocumentNode, operationName: string | null | undefined) => {
    const op = getOperationAST(document, operationName);
    const raw = op?.name?.value ?? "anonymous";
    if (!names.has(raw) && names.size >= MAX_OPERATION_NAMES)
      return { type: op?.operation ?? "unknown", name: "other" };
    names.add(raw);
    return { type: op?.operation ?? "unknown", name: raw };
  };
  const outcomeOf = (result: unknown) =>
    isAsyncIterable(result) || !(result as ExecutionResult).errors?.length ? "ok" : "error";

  return {
    onValidate({ params }) {
      return ({ valid }) => {
        if (!valid) operations.inc({ ...operationOf(params.documentAST, null), outcome: "error" });
      };
    },
    onExecute({ args }) {
      const started = performance.now();
      return {
        onExecuteDone({ result }) {
          const op = operationOf(args.document, args.operationName);
          duration.observe(op, (performance.now() - started) / 1000);
          operations.inc({ ...op, outcome: outcomeOf(result) });
        },
      };
    },
    onSubscribe({ args }) {
      const started = performance.now();
      return {
        onSubscribeResult({ result, setResult }) {
          const op = operationOf(args.document, args.operationName);
          duration.observe(op, (performance.now() - started) / 1000);
          operations.inc({ ...op, outcome: outcomeOf(result) });
          if (!isAsyncIterable(result)) return;
          // app.ts puts the graphql-ws socket into the context of WebSocket operations;
          // subscriptions over HTTP are Server-Sent Events.
          const transport = (args.contextValue as { socket?: unknown }).socket
            ? "graphql-ws"
            : "sse";
          subscriptions.inc({ transport });
          setResult(onFinish(result, () => subscriptions.dec({ transport })));
        },
      };
    },
  };
}

// ── carrier ──────────────────────────────────────────────────────────────────────────

/** Carrier answers, throws, interruptions and durations; returns Metrics.countCarrier. */
function carrierMetrics(registry: Registry): Metrics["countCarrier"] {
  const carrierOutcomes = new Counter({
    name: "smsgw_carrier_outcomes_total",
    help: "Answers of the carrier by carrier, result (success/fail) and result code (0 = success). Gateway-decided outcomes (opt-out, night-time, timeouts) are not carrier answers.",
    labelNames: ["carrier", "result", "code"] as const,
    registers: [registry],
  });
  const carrierErrors = new Counter({
    name: "smsgw_carrier_errors_total",
    help: "Carrier calls that threw instead of answering (recorded as fail 9005 by the dispatcher).",
    labelNames: ["carrier"] as const,
    registers: [registry],
  });
  const carrierInterrupted = new Counter({
    name: "smsgw_carrier_interrupted_total",
    help: "Carrier calls stopped on the dispatcher's request (shutdown, timeout, lost lease) at a point where another attempt can take over.",
    labelNames: ["carrier"] as const,
    registers: [registry],
  });
  const carrierDuration = new Histogram({
    name: "smsgw_carrier_send_duration_seconds",
    help: "Time until the carrier answered or threw (calls that never answer are not observed).",
    labelNames: ["carrier"] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });

  return function countCarrier<C extends Carrier>(carrier: C): C {
    const send = async (...args: Parameters<C["send"]>) => {
      const started = performance.now();
      try {
        // Every argument is forwarded: the interface may grow (e.g. a context argument).
        const outcome = (await Reflect.apply(carrier.send, carrier, args)) as Awaited<
          ReturnType<Carrier["send"]>
        >;
        carrierOutcomes.inc({
          carrier: carrier.name,
          result: resultLabel(outcome.result),
          code: outcome.code,
        });
        return outcome;
      } catch (err) {
        // A carrier that stopped on request (ctx.signal: shutdown, timeout, lost lease) did
        // not fail; by name, so this module does not depend on where that class lives.
        if ((err as Error | null)?.name === "CarrierInterrupted")
          carrierInterrupted.inc({ carrier: carrier.name });
        else carrierErrors.inc({ carrier: carrier.name });
        throw err;
      } finally {
        carrierDuration.observe({ carrier: carrier.name }, (performance.now() - started) / 1000);
      }
    };
    return new Proxy(carrier, {
      get(target, prop) {
        if (prop === "send") return send;
        const value: unknown = Reflect.get(target, prop, target);
        // Bound to the original, so methods reading private state work through the proxy.
        return typeof value === "function"
          ? (value as (...a: unknown[]) => unknown).bind(target)
          : value;
      },
    });
  };
}

// ── messages and the dispatch queue (read at scrape time) ────────────────────────────

/** The message and queue gauges, read from the database when /metrics is scraped. */
function messageGauges(
  registry: Registry,
  options: { logger: Logger; messages: () => MessageSource | undefined },
): void {
  // One grouped query per scrape: the three gauges are collected concurrently and share it.
  const snapshot = snapshotReader(options, () => collectFailures.inc());
  const messages = new Gauge({
    name: "smsgw_messages",
    help: "Messages in the database (30 days of history) by status, and for COMPLETED by result (success/fail).",
    labelNames: ["status", "result"] as const,
    registers: [registry],
    collect: async () => {
      const s = await snapshot();
      messages.reset();
      if (!s) return;
      // Final messages are counted by how they ended, the others by status alone.
      for (const status of MESSAGE_STATUSES) {
        if (!messageMachine.isFinal(status)) messages.set({ status }, s.byStatus[status] ?? 0);
        else
          for (const result of MESSAGE_RESULTS)
            messages.set({ status, result: resultLabel(result) }, s.ended[status]?.[result] ?? 0);
      }
    },
  });
  const queueDepth = new Gauge({
    name: "smsgw_dispatch_queue_depth",
    help: "Messages waiting for a dispatcher (READY).",
    registers: [registry],
    collect: async () => {
      const s = await snapshot();
      queueDepth.reset();
      if (s) queueDepth.set(s.byStatus.READY ?? 0);
    },
  });
  const queueLag = new Gauge({
    name: "smsgw_dispatch_queue_lag_seconds",
    help: "Age of the oldest READY message (its request time), 0 when none is waiting.",
    registers: [registry],
    collect: async () => {
      const s = await snapshot();
      queueLag.reset();
      if (s) queueLag.set(s.lagSeconds);
    },
  });
  const collectFailures = new Counter({
    name: "smsgw_metrics_collect_failures_total",
    help: "Scrapes whose message counts could not be read from the database (those gauges are then absent).",
    registers: [registry],
  });
}

interface Snapshot {
  byStatus: Partial<Record<MessageStatus, number>>;
  /** Final statuses by result. */
  ended: Partial<Record<MessageStatus, Record<MessageResult, number>>>;
  lagSeconds: number;
}

/** Reads the message counts once for the scrapes that ask at the same time. */
function snapshotReader(
  options: { logger: Logger; messages: () => MessageSource | undefined },
  onFailure: () => void,
): () => Promise<Snapshot | null> {
  let pending: Promise<Snapshot | null> | null = null;
  async function readSnapshot(): Promise<Snapshot | null> {
    const source = options.messages();
    if (!source) return null;
    try {
      const rows = await withTimeout(countMessages(source.db), COLLECT_TIMEOUT_MS);
      const s: Snapshot = { byStatus: {}, ended: {}, lagSeconds: 0 };
      for (const row of rows) {
        s.byStatus[row.status] = (s.byStatus[row.status] ?? 0) + row.count;
        if (messageMachine.isFinal(row.status) && row.result) {
          const ended = (s.ended[row.status] ??= zeroPerResult());
          ended[row.result] += row.count;
        }
        const oldest = row.status === "READY" ? row.oldest : null;
        if (oldest !== null)
          s.lagSeconds = Math.max(
            s.lagSeconds,
            (source.clock.now().getTime() - oldest.getTime()) / 1000,
          );
      }
      return s;
    } catch (err) {
      onFailure();
      options.logger.warn({ err }, "metrics: could not read message counts");
      return null;
    }
  }
  return function snapshot(): Promise<Snapshot | null> {
    pending ??= readSnapshot().finally(() => (pending = null));
    return pending;
  };
}

const zeroPerResult = () =>
  Object.fromEntries(MESSAGE_RESULTS.map((r) => [r, 0])) as Record<MessageResult, number>;

/** Result labels are the result in lower case ("success", "fail"). */
const resultLabel = (result: MessageResult) => result.toLowerCase();

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof (value as AsyncIterable<unknown> | null)?.[Symbol.asyncIterator] === "function";
}

/**
 * The same stream, calling `onEnd` once when it ends for any reason: completed by the
 * server, failed, or closed by the transport (client disconnect calls `return()`).
 */
function onFinish<T>(source: AsyncIterable<T>, onEnd: () => void): AsyncIterableIterator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    onEnd();
  };
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    next: () =>
      iterator.next().then(
        (result) => {
          if (result.done) end();
          return result;
        },
        (err: unknown) => {
          end();
          throw err;
        },
      ),
    return: (value?: unknown) => {
      end();
      return iterator.return
        ? iterator.return(value)
        : Promise.resolve({ done: true, value: undefined });
    },
    throw: (err?: unknown) => {
      end();
      return iterator.throw ? iterator.throw(err) : Promise.reject(err);
    },
  };
}
