// Fan-out without executing the same thing 2,000 times: when one published event reaches
// many subscribers with the same operation, variables and account, graphql-js would run
// the same selection over the same object once per subscriber. This envelop plugin swaps
// in a subscribe function that executes each (event, operation) pair once and hands every
// such subscriber the same result. Events are shared objects (the bus delivers one array
// to every listener), so the result cache is keyed by the event's identity and lives as
// long as the event does (WeakMap). Per-subscriber payloads — stream failures, progress
// snapshots — are distinct objects and never shared.
import { createSourceEventStream, execute, type ExecutionResult } from "graphql";
import type { Plugin } from "graphql-yoga";

type Result = ExecutionResult | Promise<ExecutionResult>;

/** Maps a subscription's event stream, closing the source when the consumer stops or mapping fails. */
function mapStream<T>(source: AsyncIterable<T>, map: (item: T) => Result): AsyncIterableIterator<ExecutionResult> {
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
      return it.next().then((step): IteratorResult<ExecutionResult> | Promise<IteratorResult<ExecutionResult>> => {
        if (step.done) return { value: undefined, done: true };
        let value: Result;
        try {
          value = map(step.value);
        } catch (err) {
          return failed(err);
        }
        return value instanceof Promise ? value.then((v) => ({ value: v, done: false as const }), failed) : { value, done: false };
      });
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

export function sharedSubscriptionExecution(): Plugin<{ actor?: { accountId: string } | null }> {
  const results = new WeakMap<object, Map<string, Result>>();
  return {
    onSubscribe({ setSubscribeFn }) {
      setSubscribeFn(async (args) => {
        const source = await createSourceEventStream(args);
        if (!(Symbol.asyncIterator in source)) return source;
        const text = args.document.loc?.source.body;
        const accountId = (args.contextValue as { actor?: { accountId: string } | null } | undefined)?.actor?.accountId;
        // Everything a result depends on: the operation, its variables and (for safety) the account.
        const key = text && accountId ? JSON.stringify([accountId, text, args.operationName ?? null, args.variableValues ?? null]) : null;
        return mapStream(source, (payload) => {
          const run = () => execute({ ...args, rootValue: payload });
          if (key === null || typeof payload !== "object" || payload === null) return run();
          let byKey = results.get(payload);
          if (!byKey) results.set(payload, (byKey = new Map()));
          let result = byKey.get(key);
          if (!result) byKey.set(key, (result = run()));
          return result;
        });
      });
    },
  };
}
