// An interruptible sleep for background loops (dispatcher, subscription pumps): `sleep(ms)`
// waits until the time is up or `wake()` is called, whichever comes first.
export class Snooze {
  private wakeUp: (() => void) | null = null;

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wakeUp = null;
        resolve();
      }, ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** Ends the current sleep at once; does nothing when nobody sleeps. */
  wake(): void {
    const w = this.wakeUp;
    this.wakeUp = null;
    w?.();
  }
}
