// Polls `read` until `accept` holds, for state that settles asynchronously (a scheduler, a
// worker process); fails with the last value seen. Tests never assert on how long it took.
export async function eventually<T>(
  read: () => T | Promise<T>,
  accept: (value: T) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(value)})`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Polls `check` until it returns something truthy, and returns that. */
export function until<T>(
  check: () => T | Promise<T>,
  what: string,
  timeoutMs = 20_000,
): Promise<NonNullable<T>> {
  return eventually(check, Boolean, what, timeoutMs) as Promise<NonNullable<T>>;
}
