// Giving way to the event loop inside long CPU work (validating 100,000 recipients), so one
// big request never stalls the other requests of every tenant. The scheduler is injected:
// tests count pauses instead of measuring time.

/** Resolves once the event loop has had a turn (timers, I/O, other requests). */
export type Pause = () => Promise<void>;

/** setImmediate runs after pending I/O callbacks, unlike a resolved promise or nextTick. */
export const yieldToEventLoop: Pause = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Items handled per turn by the slice helpers: ~5–10 ms of per-recipient work. */
export const SLICE = 10_000;

/** `items.map(fn)`, giving way to the event loop every `slice` items. */
export async function mapInSlices<T, U>(
  items: readonly T[],
  fn: (item: T, index: number) => U,
  pause: Pause,
  slice = SLICE,
): Promise<U[]> {
  const out = new Array<U>(items.length);
  for (let start = 0; start < items.length; start += slice) {
    if (start > 0) await pause();
    const end = Math.min(start + slice, items.length);
    for (let i = start; i < end; i++) out[i] = fn(items[i]!, i);
  }
  return out;
}

/** `items.forEach(fn)`, giving way to the event loop every `slice` items. */
export async function forEachInSlices<T>(
  items: readonly T[],
  fn: (item: T, index: number) => void,
  pause: Pause,
  slice = SLICE,
): Promise<void> {
  await mapInSlices(items, fn, pause, slice);
}
