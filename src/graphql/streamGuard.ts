// Subscriptions over Server-Sent Events under the same bounds as graphql-ws sockets: a slot
// of the account's SUBSCRIPTIONS_PER_ACCOUNT while the stream is open, and the stream ends
// (with an INVALID_API_KEY error) as soon as its key is revoked. graphql-ws operations are
// guarded per socket in src/http/websocket.ts and pass through here untouched.
import { GraphQLError, type ExecutionResult } from "graphql";
import type { Plugin } from "graphql-yoga";
import type { LimitExceededError } from "../domain/errors.ts";
import type { KeyWatch } from "../realtime/keyWatch.ts";
import type { Release, SubscriptionSlots } from "../realtime/limits.ts";
import type { Actor } from "../services/deps.ts";

export interface StreamGuards {
  slots: SubscriptionSlots;
  keys: KeyWatch;
}

/** The error a subscription gets at a cap, over either transport. */
export function limitExceeded(err: LimitExceededError): GraphQLError {
  return new GraphQLError(err.message, {
    extensions: { code: err.code, limit: err.limit, current: err.current },
  });
}

/** The last payload of a stream whose key was revoked. */
export const revokedResult = (): ExecutionResult => ({
  errors: [
    new GraphQLError("The API key was revoked", { extensions: { code: "INVALID_API_KEY" } }),
  ],
});

const DONE: IteratorReturnResult<undefined> = { value: undefined, done: true };

/** A stream that can be ended from outside: the consumer gets `final` next (even while it waits), then the end. */
class Endable implements AsyncIterableIterator<ExecutionResult> {
  private readonly source: AsyncIterator<ExecutionResult>;
  private ended = false;
  private final: ExecutionResult | null = null;
  private pending: ((r: IteratorResult<ExecutionResult>) => void) | null = null;

  constructor(
    source: AsyncIterable<ExecutionResult>,
    private readonly onEnd: () => void,
  ) {
    this.source = source[Symbol.asyncIterator]();
  }

  next(): Promise<IteratorResult<ExecutionResult>> {
    if (this.final) {
      const value = this.final;
      this.final = null;
      return Promise.resolve({ value, done: false });
    }
    if (this.ended) return Promise.resolve(DONE);
    return new Promise((resolve, reject) => {
      this.pending = resolve;
      this.source.next().then(
        (step) => {
          if (this.pending !== resolve) return; // ended from outside meanwhile
          this.pending = null;
          if (step.done) this.finish();
          resolve(step);
        },
        (err: unknown) => {
          if (this.pending !== resolve) return;
          this.pending = null;
          this.finish();
          reject(err);
        },
      );
    });
  }

  /** Ends the stream now with `final` as its last item. */
  end(final: ExecutionResult): void {
    if (this.ended) return;
    this.finish();
    void this.source.return?.();
    const pending = this.pending;
    this.pending = null;
    if (pending) pending({ value: final, done: false });
    else this.final = final;
  }

  async return(): Promise<IteratorResult<ExecutionResult>> {
    const first = !this.ended;
    this.finish();
    this.pending?.(DONE);
    this.pending = null;
    if (first) await this.source.return?.();
    return DONE;
  }

  async throw(err: unknown): Promise<IteratorResult<ExecutionResult>> {
    await this.return();
    throw err;
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<ExecutionResult> {
    return this;
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    this.onEnd();
  }
}

const isAsyncIterable = (v: unknown): v is AsyncIterable<ExecutionResult> =>
  typeof v === "object" && v !== null && Symbol.asyncIterator in v;

/** Must come after sharedSubscriptionExecution in the plugin list: it wraps the subscribe function that one sets. */
export function streamGuard(guards: () => StreamGuards): Plugin {
  return {
    onSubscribe({ args, subscribeFn, setSubscribeFn }) {
      const context = args.contextValue as { socket?: unknown; actor?: Actor | null } | undefined;
      // graphql-ws: guarded per socket. Anonymous: refused by the fields' auth scopes.
      if (!context || context.socket || !context.actor) return;
      const actor = context.actor;
      setSubscribeFn(async (subscribeArgs) => {
        const { slots, keys } = guards();
        const slot = slots.acquire(actor.accountId);
        if (typeof slot !== "function") return { errors: [limitExceeded(slot)] };
        let result: Awaited<ReturnType<typeof subscribeFn>>;
        try {
          result = await subscribeFn(subscribeArgs);
        } catch (err) {
          slot();
          throw err;
        }
        if (!isAsyncIterable(result)) {
          slot();
          return result;
        }
        let forget: Release = () => undefined;
        const stream = new Endable(result, () => {
          slot();
          forget();
        });
        forget = keys.track(actor.keyId, () => stream.end(revokedResult()));
        return stream;
      });
    },
  };
}
