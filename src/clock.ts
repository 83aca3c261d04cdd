// Time as a dependency: services ask the clock, tests move it instead of sleeping.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * Real time plus an adjustable offset: time keeps flowing (so ordering by time still works)
 * while tests jump ahead with `advance` — e.g. past a 3-minute verification window.
 */
export class OffsetClock implements Clock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
  /** Jump so that now() returns (about) `d`. */
  set(d: Date): void {
    this.offsetMs = d.getTime() - Date.now();
  }
  /** Back to real time. */
  reset(): void {
    this.offsetMs = 0;
  }
}
