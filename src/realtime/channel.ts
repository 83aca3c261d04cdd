// A push-to-pull async iterator for subscription streams. Unlike an async generator, its
// return() takes effect at once even while the consumer awaits next(), so a client that
// disconnects releases its listeners immediately instead of at the next event.
//
// A consumer that can take items synchronously (the graphql-ws frame writer in
// graphql/sharedExecution.ts) uses poll() and onChange() instead of next(): an item pushed
// then reaches it in the producer's own call, with no promise per item.

/**
 * A stream its consumer can read without a promise per item: poll() takes what is queued,
 * onChange() says when to poll again. Channel is one; realtime/batches.ts is a view of one.
 */
export interface Pollable<T> extends AsyncIterableIterator<T> {
  poll(): { value: T } | "done" | "empty";
  onChange(listener: (() => void) | null): void;
  return(): Promise<IteratorResult<T>>;
}

export function isPollable<T>(stream: AsyncIterable<T>): stream is Pollable<T> {
  const s = stream as Partial<Pollable<T>>;
  return typeof s.poll === "function" && typeof s.onChange === "function";
}

export class Channel<T> implements Pollable<T> {
  private items: T[] = [];
  private head = 0;
  private waiting: ((result: IteratorResult<T>) => void) | null = null;
  private drainWaiters: { below: number; resolve: () => void }[] = [];
  private ended = false;
  private closed = false;
  private listener: (() => void) | null = null;

  /** `onClose` runs exactly once: when the consumer returns early or the stream has ended and drained. */
  constructor(private readonly onClose: () => void = () => undefined) {}

  /** Items queued and not yet taken by the consumer. */
  get size(): number {
    return this.items.length - this.head;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  push(item: T): void {
    if (this.closed || this.ended) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve({ value: item, done: false });
      return;
    }
    this.items.push(item);
    this.listener?.();
  }

  /** Calls `listener` synchronously whenever an item is queued or the channel ends or closes. */
  onChange(listener: (() => void) | null): void {
    this.listener = listener;
  }

  /** The next item without waiting: `{ value }`, `done` once ended and drained or closed, or `empty`. */
  poll(): { value: T } | "done" | "empty" {
    if (this.size > 0) return { value: this.take() };
    if (this.closed || this.ended) {
      this.close();
      return "done";
    }
    return "empty";
  }

  /** Keeps only the newest queued item (for latest-value streams such as progress counts). */
  pushLatest(item: T): void {
    if (this.size > 0) {
      this.items = [item];
      this.head = 0;
    } else {
      this.push(item);
    }
  }

  /** No more items: the consumer gets what is queued, then `done`. */
  end(): void {
    if (this.ended || this.closed) return;
    this.ended = true;
    if (this.size === 0) this.close();
    else this.listener?.();
  }

  /** Resolves when fewer than `below` items are queued (or the stream closed): producer backpressure. */
  waitForRoom(below: number): Promise<void> {
    if (this.size < below || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push({ below, resolve }));
  }

  next(): Promise<IteratorResult<T>> {
    if (this.size > 0) return Promise.resolve({ value: this.take(), done: false });
    if (this.closed || this.ended) {
      this.close();
      return Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve) => (this.waiting = resolve));
  }

  return(): Promise<IteratorResult<T>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(): Promise<IteratorResult<T>> {
    return this.return();
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  /** Removes and returns the first queued item (there is one). */
  private take(): T {
    const value = this.items[this.head]!;
    this.items[this.head++] = undefined as T;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    this.notifyDrain();
    if (this.ended && this.size === 0) this.close();
    return value;
  }

  private notifyDrain(): void {
    if (!this.drainWaiters.length) return;
    const size = this.size;
    const ready = this.drainWaiters.filter((w) => size < w.below || this.closed);
    this.drainWaiters = this.drainWaiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve();
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.items = [];
    this.head = 0;
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.({ value: undefined, done: true });
    this.notifyDrain();
    this.onClose();
    this.listener?.();
  }
}
