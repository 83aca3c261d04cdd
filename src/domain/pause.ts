// Giving way to the event loop inside long CPU work (validating 100,000 recipients), so one
// big request never stalls the other requests of every tenant. The scheduler is injected:
// tests count pauses instead of measuring time.

/** Resolves once the event loop has had a turn (timers, I/O, other requests). */
export type Pause = () => Promise<void>;

/** setImmediate runs after pending I/O callbacks, unlike a resolved promise or nextTick. */
export const yieldToEventLoop: Pause = () => new Promise<void>((resolve) => setImmediate(resolve));
