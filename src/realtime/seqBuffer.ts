// The live events a status stream has heard but not yet handled, in seq order (they nearly
// always arrive in order, so an insert is a push; a late one moves into place).
import type { StatusEvent } from "./events.ts";

/** Live events not yet processed, kept sorted by seq (they nearly always arrive in order). */
export class SeqBuffer {
  private items: StatusEvent[] = [];
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  peek(): StatusEvent | undefined {
    return this.items[this.head];
  }

  shift(): void {
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  insert(e: StatusEvent): void {
    let i = this.items.length;
    while (i > this.head && this.items[i - 1]!.seq > e.seq) i--;
    if (i > this.head && this.items[i - 1]!.seq === e.seq) return; // the same event twice
    this.items.splice(i, 0, e);
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }
}
