// The simulated carrier: asynchronous delivery with configurable latency and failure rate,
// deterministic when seeded, telco codes assigned by number. Delivered messages are kept in
// a bounded in-memory inbox per recipient, which is how developers (and tests) read the
// verification codes it "delivers" — see the operator query `simulatedInbox`.
import type { Clock } from "../clock.ts";
import type { Carrier, CarrierMessage, CarrierOutcome } from "./carrier.ts";

export interface SimulatedCarrierOptions {
  latencyMs: number;
  failureRate: number;
  seed?: string | undefined;
  clock: Clock;
  inboxSize?: number;
}

export interface InboxEntry {
  from: string;
  to: string;
  content: string;
  deliveredAt: Date;
}

const TELCOS = ["SKT", "KT", "LGT"] as const;

/** Small, fast, seedable PRNG (mulberry32) — the same seed gives the same failures. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

export class SimulatedCarrier implements Carrier {
  readonly name = "simulated";
  private readonly random: () => number;
  private readonly inbox = new Map<string, InboxEntry[]>();
  private readonly inboxSize: number;

  constructor(private readonly options: SimulatedCarrierOptions) {
    this.random = prng(options.seed ? hash(options.seed) : (Math.random() * 2 ** 32) >>> 0);
    this.inboxSize = options.inboxSize ?? 20;
  }

  /** Telco by number: stable, so a frontend sees the same telco for the same phone. */
  static telcoFor(to: string): string {
    return TELCOS[hash(to) % TELCOS.length]!;
  }

  async send(message: CarrierMessage): Promise<CarrierOutcome> {
    if (this.options.latencyMs > 0) await new Promise((r) => setTimeout(r, this.options.latencyMs));
    const fail = this.options.failureRate > 0 && this.random() < this.options.failureRate;
    const completeTime = this.options.clock.now();
    if (fail) {
      return { result: "FAIL", code: "3018", message: "Recipient handset unreachable", telcoCode: SimulatedCarrier.telcoFor(message.to), completeTime };
    }
    const box = this.inbox.get(message.to) ?? [];
    box.unshift({ from: message.from, to: message.to, content: message.content, deliveredAt: completeTime });
    box.length = Math.min(box.length, this.inboxSize);
    this.inbox.set(message.to, box);
    return { result: "SUCCESS", code: "0", message: "success", telcoCode: SimulatedCarrier.telcoFor(message.to), completeTime };
  }

  /** Newest first. */
  inboxOf(to: string): InboxEntry[] {
    return [...(this.inbox.get(to) ?? [])];
  }
}
