// Hands each published event to a topic's local listeners in time slices: after SLICE_MS of
// delivering, the remaining listeners wait for the next turn of the event loop, so one
// tenant's thousands of subscribers cannot stall every other request for seconds (a
// 200-message send to 2,000 subscribers is 800,000 frames). Per topic, events reach
// listeners in publish order. A publisher faster than the fan-out is slowed down instead of
// queueing without bound: once more than MAX_BACKLOG_EVENTS wait on a topic, the publish
// call itself delivers the oldest ones until the backlog is under the bound again.

type Deliver = (event: Event) => void;

/**
 * Most time spent delivering in one turn of the event loop (one listener call may overrun
 * it). 40 ms: one event to 2,000 graphql-ws subscribers (~26 ms of frame writes) still goes
 * out in one piece, so the p99 event-to-client latency stays where it was without slicing,
 * and no other request waits longer than that for its turn (10 ms slices took the fan-out
 * bench's server-side p99 from 30–42 ms to 79 ms).
 */
export const FAN_OUT_SLICE_MS = 40;
const SLICE_MS = FAN_OUT_SLICE_MS;
/** Published status events (or notices) waiting per topic before the publisher delivers them itself. */
const MAX_BACKLOG_EVENTS = 20_000;

interface Job {
  event: Event;
  /**
   * The topic's live set, iterated across turns: a listener removed meanwhile is skipped;
   * one added meanwhile may see the event, which every stream tolerates (status streams drop
   * seqs they already read from the log; notice streams compare states).
   */
  rest: Iterator<Deliver>;
  /** Status events (or notices) it carries, for the backlog bound. */
  size: number;
}

interface Topic {
  jobs: Job[];
  /** Sum of the jobs' sizes. */
  waiting: number;
  running: boolean;
  scheduled: boolean;
}

const sizeOf = (event: Event) => {
  const detail = (event as CustomEvent<unknown>).detail;
  return Array.isArray(detail) ? detail.length : 1;
};

export class SlicedFanOut {
  private readonly topics = new Map<string, Topic>();

  constructor(
    private readonly sliceMs = SLICE_MS,
    private readonly maxBacklog = MAX_BACKLOG_EVENTS,
  ) {}

  deliver(name: string, listeners: ReadonlySet<Deliver>, event: Event): void {
    if (listeners.size === 0) return;
    const job: Job = { event, rest: listeners.values(), size: sizeOf(event) };
    let topic = this.topics.get(name);
    if (!topic)
      this.topics.set(name, (topic = { jobs: [], waiting: 0, running: false, scheduled: false }));
    topic.jobs.push(job);
    topic.waiting += job.size;
    // A listener published: the running loop gets to it. Jobs were already waiting: a run
    // is scheduled for the next turn, unless the backlog is over the bound.
    if (topic.running) return;
    if (topic.jobs.length === 1) this.run(name, topic, -1);
    else if (topic.waiting > this.maxBacklog) this.run(name, topic, this.maxBacklog);
  }

  /** Whether events published on `name` are still being handed to its listeners. */
  busy(name: string): boolean {
    return this.topics.has(name);
  }

  /** Jobs (publish calls) waiting for delivery on every topic (tests). */
  get backlog(): number {
    let n = 0;
    for (const t of this.topics.values()) n += t.jobs.length;
    return n;
  }

  /**
   * Delivers until the slice is used up — or, with `downTo` ≥ 0, without a time limit until
   * at most `downTo` events wait (the publisher paying for a backlog it outran).
   */
  private run(name: string, topic: Topic, downTo: number): void {
    const deadline = downTo >= 0 ? Infinity : performance.now() + this.sliceMs;
    topic.running = true;
    try {
      while (topic.jobs.length && !(downTo >= 0 && topic.waiting <= downTo)) {
        const job = topic.jobs[0]!;
        for (;;) {
          if (performance.now() >= deadline) {
            this.later(name, topic);
            return;
          }
          const step = job.rest.next();
          if (step.done) break;
          step.value(job.event);
        }
        topic.jobs.shift();
        topic.waiting -= job.size;
      }
      if (topic.jobs.length) this.later(name, topic);
      else this.topics.delete(name);
    } finally {
      topic.running = false;
    }
  }

  private later(name: string, topic: Topic): void {
    if (topic.scheduled) return;
    topic.scheduled = true;
    setImmediate(() => {
      topic.scheduled = false;
      if (!topic.running && topic.jobs.length) this.run(name, topic, -1);
    });
  }
}
