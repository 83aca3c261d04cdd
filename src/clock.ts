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
  /** The offset in ms, in shared memory: a thread given `shared` reads the same offset (webhooks/thread.ts). */
  private readonly offset: Float64Array;
  constructor(shared?: SharedArrayBuffer) {
    this.offset = new Float64Array(shared ?? new SharedArrayBuffer(8));
  }
  get shared(): SharedArrayBuffer {
    return this.offset.buffer as SharedArrayBuffer;
  }
  private get offsetMs(): number {
    return this.offset[0]!;
  }
  private set offsetMs(ms: number) {
    this.offset[0] = ms;
  }
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
