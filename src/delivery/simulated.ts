// The simulated carrier: asynchronous delivery with configurable latency and failure rate,
// deterministic when seeded, telco codes assigned by number, and "magic" recipient numbers
// that always fail the same way so frontends can exercise failure states (docs/delivery-and-results.md#simulated-the-default).
// Delivered messages are kept in a bounded in-memory inbox per recipient, which is how
// developers (and tests) read the verification codes it "delivers" — see `simulatedInbox`.
import type { Clock } from "../clock.ts";
import { RESULT_CODES, type ResultCode } from "../domain/resultCodes.ts";
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

/** What a magic recipient number does, whatever the failure rate and seed. */
export type MagicBehaviour = { kind: "fail"; code: ResultCode } | { kind: "noAnswer" };

/**
 * Recipient numbers (Korean mobile format, so they pass recipient validation) with a fixed
 * outcome. `noAnswer` never resolves: the dispatcher's carrier timeout (CARRIER_TIMEOUT_MS)
 * completes it with 9003. The README lists this table.
 */
export const MAGIC_NUMBERS: Readonly<Record<string, MagicBehaviour>> = {
  "01000000001": { kind: "fail", code: RESULT_CODES.UNREACHABLE },
  "01000000002": { kind: "fail", code: RESULT_CODES.NUMBER_NOT_IN_SERVICE },
  "01000000003": { kind: "fail", code: RESULT_CODES.SPAM_BLOCKED },
  "01000000004": { kind: "noAnswer" },
};

/** Recipients whose inbox is kept (a development aid must not grow without bound). */
const INBOX_RECIPIENTS = 10_000;

const TELCOS = ["SKT", "KT", "LGT"] as const;

/** Bound on the per-recipient counters that keep seeded failures reproducible. */
const MAX_TRACKED_RECIPIENTS = 1_000_000;

/** Small, fast, seedable PRNG (mulberry32): one draw per seed value is all we need. */
function mulberry32(seed: number): number {
  let t = (seed + 0x6d2b79f5) >>> 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

export class SimulatedCarrier implements Carrier {
  readonly name = "simulated";
  private readonly inbox = new Map<string, InboxEntry[]>();
  private readonly inboxSize: number;
  private readonly seed: number | null;
  /** How often each recipient was sent to, for seeded draws (see `draw`). */
  private readonly sends = new Map<string, number>();

  constructor(private readonly options: SimulatedCarrierOptions) {
    this.seed = options.seed ? hash(options.seed) : null;
    this.inboxSize = options.inboxSize ?? 20;
  }

  /** Telco by number: stable, so a frontend sees the same telco for the same phone. */
  static telcoFor(to: string): string {
    return TELCOS[hash(to) % TELCOS.length]!;
  }

  /**
   * A uniform draw in [0, 1). Seeded draws depend on the seed, the recipient and how often
   * that recipient was sent to before — not on the order in which concurrent deliveries
   * happen to call us — so the same seed fails the same messages run after run.
   */
  private draw(to: string): number {
    if (this.seed === null) return Math.random();
    if (this.sends.size >= MAX_TRACKED_RECIPIENTS) this.sends.clear();
    const n = this.sends.get(to) ?? 0;
    this.sends.set(to, n + 1);
    return mulberry32(hash(`${this.seed}\u0000${to}\u0000${n}`));
  }

  async send(message: CarrierMessage): Promise<CarrierOutcome> {
    const magic = MAGIC_NUMBERS[message.to];
    if (magic?.kind === "noAnswer") return new Promise<never>(() => undefined);
    if (this.options.latencyMs > 0) await new Promise((r) => setTimeout(r, this.options.latencyMs));
    const telcoCode = SimulatedCarrier.telcoFor(message.to);
    const completeTime = this.options.clock.now();
    const failure =
      magic?.kind === "fail"
        ? magic.code
        : this.options.failureRate > 0 && this.draw(message.to) < this.options.failureRate
          ? RESULT_CODES.UNREACHABLE
          : null;
    if (failure)
      return {
        result: "FAIL",
        code: failure.code,
        message: failure.message,
        telcoCode,
        completeTime,
      };
    const box = this.inbox.get(message.to) ?? [];
    box.unshift({
      from: message.from,
      to: message.to,
      content: message.content,
      deliveredAt: completeTime,
    });
    box.length = Math.min(box.length, this.inboxSize);
    // Re-inserting keeps the Map in least-recently-delivered order, so the oldest recipient
    // is dropped first when the inbox holds too many numbers.
    this.inbox.delete(message.to);
    this.inbox.set(message.to, box);
    if (this.inbox.size > INBOX_RECIPIENTS) this.inbox.delete(this.inbox.keys().next().value!);
    return {
      result: "SUCCESS",
      code: RESULT_CODES.SUCCESS.code,
      message: RESULT_CODES.SUCCESS.message,
      telcoCode,
      completeTime,
    };
  }

  /** Newest first. */
  inboxOf(to: string): InboxEntry[] {
    return [...(this.inbox.get(to) ?? [])];
  }
}
