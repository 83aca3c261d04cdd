// Revocation reaches streams that are already open: every graphql-ws socket and SSE
// subscription is tracked under its API key, and is closed when a revocation arrives on the
// bus (from any gateway or the CLI) or when the periodic re-check finds the key revoked or
// gone — so a lost publish cannot leave a revoked key streaming for longer than KEY_RECHECK_MS.
import type { Db } from "../db/client.ts";
import type { Logger } from "../logger.ts";
import type { EventBus } from "./pubsub.ts";

/** Ends one open stream of a revoked key; called at most once. */
export type Closer = () => void;

/** Ids per re-check query, well under every database's parameter limit. */
const CHECK_CHUNK = 500;

export class KeyWatch {
  private readonly byKey = new Map<string, Set<Closer>>();
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | null = null;
  private checking = false;

  constructor(
    private readonly deps: { db: Db; pubsub: EventBus; logger: Logger },
    private readonly recheckMs: number,
  ) {}

  async start(): Promise<void> {
    this.unsubscribe = await this.deps.pubsub.subscribeRevocations((keyIds) =>
      this.revoked(keyIds),
    );
    this.timer = setInterval(() => void this.recheck(), this.recheckMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  /** Registers an open stream of `keyId`; returns the function that forgets it (when the stream ends on its own). */
  track(keyId: string, close: Closer): () => void {
    let set = this.byKey.get(keyId);
    if (!set) this.byKey.set(keyId, (set = new Set()));
    set.add(close);
    return () => {
      const current = this.byKey.get(keyId);
      if (!current?.delete(close)) return;
      if (current.size === 0) this.byKey.delete(keyId);
    };
  }

  /** Streams open now (tests). */
  get size(): number {
    let n = 0;
    for (const set of this.byKey.values()) n += set.size;
    return n;
  }

  /** Closes every open stream of these keys. */
  revoked(keyIds: readonly string[]): void {
    for (const keyId of keyIds) {
      const set = this.byKey.get(keyId);
      if (!set) continue;
      this.byKey.delete(keyId);
      this.deps.logger.info(
        { keyId, streams: set.size },
        "closing the open streams of a revoked API key",
      );
      for (const close of set) {
        try {
          close();
        } catch (err) {
          this.deps.logger.error({ err, keyId }, "closing a revoked key's stream failed");
        }
      }
    }
  }

  /** The safety net: keys of open streams that are revoked or no longer exist are closed. */
  async recheck(): Promise<void> {
    if (this.checking || this.byKey.size === 0) return;
    this.checking = true;
    try {
      const ids = [...this.byKey.keys()];
      for (let i = 0; i < ids.length; i += CHECK_CHUNK) {
        const chunk = ids.slice(i, i + CHECK_CHUNK);
        const active = await this.deps.db.apiKey.findMany({
          where: { id: { in: chunk }, revokedAt: null },
          select: { id: true },
        });
        const alive = new Set(active.map((k) => k.id));
        this.revoked(chunk.filter((id) => !alive.has(id)));
      }
    } catch (err) {
      this.deps.logger.warn(
        { err },
        "re-checking the keys of open streams failed; retrying at the next interval",
      );
    } finally {
      this.checking = false;
    }
  }
}
