// Growing waits for background loops that retry after a failure (the dispatcher and the
// scheduler while the database is unreachable): quick retries for a blip, bounded ones for
// an outage, jittered so that many workers do not all retry in the same instant.
export class Backoff {
  private failures = 0;

  constructor(
    private readonly baseMs: number,
    private readonly maxMs: number,
  ) {}

  /** True after a failure and until the next success. */
  get failing(): boolean {
    return this.failures > 0;
  }

  /** Counts one more failure and returns how long to wait: base × 2^(n−1), capped, ±20 %. */
  next(): number {
    this.failures++;
    const ms = Math.min(this.maxMs, this.baseMs * 2 ** Math.min(this.failures - 1, 20));
    return Math.round(ms * (0.8 + Math.random() * 0.4));
  }

  reset(): void {
    this.failures = 0;
  }
}
