// Fan-out without doing the same work 2,000 times. When one published event reaches many
// subscribers with the same operation, variables and API key:
//
// 1. graphql-js would run the same selection over the same object once per subscriber.
//    This envelop plugin swaps in a subscribe function that executes each (event,
//    operation, API key) once and hands every such subscriber the same result. Events are
//    shared objects (the bus delivers one array to every listener), so the result cache is
//    keyed by the event's identity and lives as long as the event does (WeakMap).
//    Per-subscriber payloads — stream failures, progress snapshots — are distinct objects
//    and never shared.
// 2. Each result would then climb half a dozen promise-based async-iterator layers per
//    subscriber (envelop's result hooks, the metrics wrapper, graphql-ws's for-await loop,
//    its awaited `onNext` and awaited send) and be serialised once per subscriber. Over
//    graphql-ws, a stream that can be polled (a Channel — every stream of src/realtime — or
//    realtime/batches.ts's view of one) is instead read synchronously as events are pushed
//    into it, and an error-free result is written straight to the subscriber's socket as
//    the protocol's `next` frame, its JSON serialised once per result: the bus listener's
//    loop writes every socket in turn, with no promise per delivery. Results that carry errors, and the end of the stream, still
//    take the full path, so error masking and graphql-ws's error handling see every error.
//    The hooks skipped this way only ever look at errors (masking) or at the end of the
//    stream (metrics), which still flow through them.
//
// Backpressure is kept: once a socket has unsent bytes (the kernel's buffers towards a slow
// client are full), the next frame is sent and waited for before the channel is read
// again, so a slow client's events pile up in its bounded stream queue
// (SUBSCRIPTION_OVERFLOW), never in the process's memory.
import { createSourceEventStream, execute, type ExecutionResult } from "graphql";
import type { Plugin } from "graphql-yoga";
import type { WebSocket } from "ws";
import { isPollable, type Pollable } from "../realtime/channel.ts";

type Result = ExecutionResult | Promise<ExecutionResult>;

/** Writes `next` frames of one graphql-ws subscription straight to its socket. */
class FrameWriter {
  private readonly prefix: string;

  constructor(
    private readonly socket: WebSocket,
    id: string,
  ) {
    this.prefix = `{"id":${JSON.stringify(id)},"type":"next","payload":`;
  }

  /**
   * Sends the frame; resolves once it is flushed if the socket was already behind, else
   * returns undefined at once. A closed socket drops the frame, as graphql-ws's own
   * adapter does (the stream is being closed by then).
   */
  write(payload: string): Promise<void> | undefined {
    const socket = this.socket;
    if (socket.readyState !== socket.OPEN) return undefined;
    const frame = `${this.prefix + payload}}`;
    if (socket.bufferedAmount === 0) {
      socket.send(frame);
      return undefined;
    }
    return new Promise((resolve) => socket.send(frame, () => resolve()));
  }
}

/** JSON text of results, serialised once however many sockets they are written to. */
const serialised = new WeakMap<ExecutionResult, string>();
function payloadOf(result: ExecutionResult): string {
  let text = serialised.get(result);
  if (text === undefined) serialised.set(result, (text = JSON.stringify(result)));
  return text;
}

/** Maps a subscription's event stream, closing the source when the consumer stops or mapping fails. */
function mapStream<T>(
  source: AsyncIterable<T>,
  map: (item: T) => Result,
): AsyncIterableIterator<ExecutionResult> {
  const it = source[Symbol.asyncIterator]();
  const close = async () => {
    await it.return?.();
    return { value: undefined, done: true } as const;
  };
  const failed = async (err: unknown): Promise<never> => {
    await close();
    throw err;
  };
  return {
    // Without async/await: a cached result is a plain object, and each delivery to each
    // subscriber then costs one promise turn here instead of several.
    next() {
      return it
        .next()
        .then(
          (step): IteratorResult<ExecutionResult> | Promise<IteratorResult<ExecutionResult>> => {
            if (step.done) return { value: undefined, done: true };
            let value: Result;
            try {
              value = map(step.value);
            } catch (err) {
              return failed(err);
            }
            return value instanceof Promise
              ? value.then((v) => ({ value: v, done: false as const }), failed)
              : { value, done: false };
          },
        );
    },
    return: close,
    async throw(err: unknown) {
      await close();
      throw err;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/**
 * The same mapping for a graphql-ws subscriber whose stream can be polled: each item is
 * taken in the call that pushes it, and an error-free result is written to the socket
 * there and then. Only results with errors, and the end, are yielded to graphql-ws; the
 * one next() it awaits meanwhile stays pending. The channel is read only while a next() is
 * pending, the socket keeps up and no execution is in flight, so order is kept and a slow
 * client's items wait in the channel.
 */
function writeStream<T>(
  channel: Pollable<T>,
  map: (item: T) => Result,
  writer: FrameWriter,
): AsyncIterableIterator<ExecutionResult> {
  const pump = new FramePump(channel, map, writer);
  channel.onChange(pump.drain);
  return {
    next() {
      return new Promise<IteratorResult<ExecutionResult>>((resolve, reject) => {
        pump.pending = { resolve, reject };
        pump.drain();
      });
    },
    async return() {
      await channel.return();
      pump.settle({ value: undefined, done: true });
      return { value: undefined, done: true };
    },
    async throw(err: unknown) {
      await channel.return();
      pump.settle({ value: undefined, done: true });
      throw err;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/** writeStream's state: the one next() graphql-ws awaits, and whether the socket or an execution is busy. */
class FramePump<T> {
  pending: {
    resolve: (r: IteratorResult<ExecutionResult>) => void;
    reject: (err: unknown) => void;
  } | null = null;
  /** A frame being flushed or an execution in flight. */
  private busy = false;
  private draining = false;
  private again = false;

  constructor(
    private readonly channel: Pollable<T>,
    private readonly map: (item: T) => Result,
    private readonly writer: FrameWriter,
  ) {}

  readonly settle = (outcome: IteratorResult<ExecutionResult> | { error: unknown }) => {
    const p = this.pending;
    this.pending = null;
    if (!p) return;
    if ("error" in outcome) p.reject(outcome.error);
    else p.resolve(outcome);
  };

  private readonly fail = (error: unknown) => {
    this.settle({ error });
    void this.channel.return();
  };

  private readonly deliver = (value: ExecutionResult) => {
    if (value.errors !== undefined) return this.settle({ value, done: false });
    const flushed = this.writer.write(payloadOf(value));
    if (flushed) {
      this.busy = true;
      flushed.then(this.resume, this.fail);
    }
  };

  private readonly resume = () => {
    this.busy = false;
    this.drain();
  };

  readonly drain = (): void => {
    // Re-entered from inside (a delivery can end the channel): the running loop goes on.
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = true;
    try {
      do {
        this.again = false;
        while (this.pending && !this.busy && this.step()) {}
      } while (this.again);
    } finally {
      this.draining = false;
    }
  };

  /** Takes one item off the channel and maps it; false when the loop must stop. */
  private step(): boolean {
    const step = this.channel.poll();
    if (step === "empty") return false;
    if (step === "done") {
      this.settle({ value: undefined, done: true });
      return false;
    }
    let value: Result;
    try {
      value = this.map(step.value);
    } catch (err) {
      this.fail(err);
      return false;
    }
    if (value instanceof Promise) {
      this.busy = true;
      value.then((v) => {
        this.busy = false;
        this.deliver(v);
        this.drain();
      }, this.fail);
    } else this.deliver(value);
    return true;
  }
}

/** What app.ts puts into the context of an operation that arrived over graphql-ws. */
interface WsContext {
  actor?: { accountId: string; role: string; keyId: string } | null;
  socket?: WebSocket;
  wsSubscriptionId?: string;
}

export function sharedSubscriptionExecution(): Plugin<WsContext> {
  const results = new WeakMap<object, Map<string, Result>>();
  return {
    onSubscribe({ setSubscribeFn }) {
      setSubscribeFn(async (args) => {
        const source = await createSourceEventStream(args);
        if (!(Symbol.asyncIterator in source)) return source;
        const context = args.contextValue as WsContext | undefined;
        const text = args.document.loc?.source.body;
        const actor = context?.actor;
        const writer =
          context?.socket && context.wsSubscriptionId !== undefined
            ? new FrameWriter(context.socket, context.wsSubscriptionId)
            : null;
        // Everything a result may depend on: the operation, its variables and the whole
        // caller — account, role (fields may show more to operators) and key (a field may
        // name the caller's key). The rest of the context (request id, logger, limits) only
        // shapes logging and streams, never a result. Subscribers of one key still share.
        const key =
          text && actor
            ? JSON.stringify([
                actor.accountId,
                actor.role,
                actor.keyId,
                text,
                args.operationName ?? null,
                args.variableValues ?? null,
              ])
            : null;
        const map = (payload: unknown): Result => {
          const run = () => execute({ ...args, rootValue: payload });
          if (key === null || typeof payload !== "object" || payload === null) return run();
          let byKey = results.get(payload);
          if (!byKey) results.set(payload, (byKey = new Map()));
          let result = byKey.get(key);
          if (!result) byKey.set(key, (result = run()));
          return result;
        };
        return writer && isPollable(source)
          ? writeStream(source, map, writer)
          : mapStream(source, map);
      });
    },
  };
}
