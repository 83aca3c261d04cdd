// The dispatcher (docs/delivery-and-results.md#the-dispatcher): claims READY messages in batches under a lease, hands each to
// the carrier at most once per attempt, and records results in batches — every status
// change with its event in the same transaction, published after commit. Leases make it
// crash-safe: a dead worker's messages are reclaimed when their lease expires, and the
// completion guard (owner + attempt) means a message is completed exactly once even with
// several dispatchers in one or many processes. Carriers that wait long for a result (SENS
// polls) keep their leases renewed and store a reference (Message.carrierMessageId) that a
// later attempt resumes from instead of sending again.
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { DatabaseConfig, DispatchConfig } from "../config.ts";
import { openProgramRunner, query, type ProgramRunner, type TxProgram } from "../db/program.ts";
import type { SqlValue } from "../db/raw.ts";
import { adMayBeDelivered } from "../domain/adPolicy.ts";
import { RESULT_CODES, type ResultCode } from "../domain/resultCodes.ts";
import { appendStatusEvents, type NewStatusEvent, type StatusEvent } from "../realtime/events.ts";
import type { Deps } from "../services/deps.ts";
import { approvedSenders, senderKey } from "../services/senderNumbers.ts";
import {
  CarrierInterrupted,
  type CarrierFile,
  type CarrierMessage,
  type CarrierOutcome,
  type SendContext,
} from "./carrier.ts";
import { Snooze } from "../snooze.ts";
import { Backoff } from "../backoff.ts";
import { describeDbError, isDatabaseUnavailable } from "../db/errors.ts";

export type DispatcherOptions = Omit<DispatchConfig, "enabled"> & {
  /** The database deps.raw points at; SQLite gets a connection of the dispatcher's own (see db/program.ts). */
  database: DatabaseConfig;
  /** Lease owner written on claimed messages; unique per dispatcher by default. */
  owner?: string;
};

interface ClaimedMessage {
  id: string;
  accountId: string;
  projectId: string;
  requestId: string;
  to: string;
  countryCode: string;
  subject: string | null;
  content: string;
  attempt: number;
  /** What an earlier attempt's carrier stored (SendContext.saveRef); null when none did. */
  carrierMessageId: string | null;
}

/** A message being handed to the carrier by this dispatcher. */
interface Delivery {
  message: ClaimedMessage;
  /** Created only when the carrier reads `ctx.signal` (an AbortController costs ~3 µs per message). */
  abort: AbortController | null;
  /** The dispatcher stopped waiting for it (shutdown, timeout, lost lease). */
  stopped: boolean;
}

function stopDelivery(d: Delivery): void {
  d.stopped = true;
  d.abort?.abort();
}

/** What delivery needs from the request; immutable once accepted, so it is cached. */
interface RequestInfo {
  type: "SMS" | "LMS" | "MMS";
  contentType: "COMM" | "AD";
  from: string;
  effectiveFrom: string;
  nightConsent: boolean;
  /** MMS images (ids and names; carriers read the bytes through SendContext.loadFile). */
  files: CarrierFile[];
}

interface Completion {
  message: ClaimedMessage;
  outcome: Omit<CarrierOutcome, "result"> & { result: "SUCCESS" | "FAIL" };
}

export interface DispatcherStats {
  claimed: number;
  reclaimed: number;
  delivered: number;
  completed: number;
  /** Results dropped because another dispatcher had taken the message over (lease expired). */
  lostLeases: number;
}

/** Results wait at most this long for more to share a completion transaction. */
const FLUSH_DELAY_MS = 10;
/** Rows per multi-row statement on PostgreSQL (7 parameters each, far below the limit). */
const PG_CHUNK = 1000;
const REQUEST_CACHE_SIZE = 10_000;
const ERROR_BACKOFF_MS = 500;
/** Longest wait between retries while the database is unreachable. */
const MAX_BACKOFF_MS = 4000;

const CLAIM_COLUMNS = `"id", "accountId", "projectId", "requestId", "to", "countryCode", "subject", "content", "attempt", "carrierMessageId"`;

/** Dispatchers running in this process; `wake()` nudges them all. */
const active = new Set<Dispatcher>();

/** Tells the local dispatchers that messages were queued, so they claim at once instead of at the next poll. */
export function wake(): void {
  for (const d of active) d.wake();
}

export class Dispatcher {
  readonly owner: string;
  readonly stats: DispatcherStats = {
    claimed: 0,
    reclaimed: 0,
    delivered: 0,
    completed: 0,
    lostLeases: 0,
  };
  private running = false;
  private loopDone: Promise<void> = Promise.resolve();
  private readonly snooze = new Snooze();
  /** Set by wake() and by full batches: skip the cheap "is there work?" probe. */
  private mayHaveWork = true;
  /** Bumped by wake(), so a wake-up that arrives during a claim is not lost. */
  private wakeups = 0;
  private inFlight = 0;
  private completions: Completion[] = [];
  private flushing: Promise<void> | null = null;
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly requests = new Map<string, RequestInfo>();
  private readonly idleWaiters: (() => void)[] = [];
  private runner: ProgramRunner | null = null;
  private readonly delivering = new Set<Delivery>();
  /** How long one carrier call may take before it ends 9003. */
  private readonly sendTimeoutMs: number;
  /** Set when sends may outlive the lease: in-flight leases are then renewed every LEASE_MS / 3. */
  private renewTimer: NodeJS.Timeout | undefined;
  private renewing: Promise<void> | null = null;
  private readonly claimBackoff = new Backoff(ERROR_BACKOFF_MS, MAX_BACKOFF_MS);
  /** Failing while results in hand cannot be recorded (see loop()). */
  private readonly recordBackoff = new Backoff(ERROR_BACKOFF_MS, MAX_BACKOFF_MS);

  constructor(
    private readonly deps: Deps,
    private readonly options: DispatcherOptions,
  ) {
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.sendTimeoutMs = deps.carrier.maxSendMs ?? options.carrierTimeoutMs;
  }

  start(): this {
    if (this.running) return this;
    this.running = true;
    this.runner = openProgramRunner(this.options.database, this.deps.raw);
    active.add(this);
    this.loopDone = this.loop();
    // Config guarantees LEASE_MS ≥ CARRIER_TIMEOUT_MS + 1000, so only carriers that declare a
    // longer maxSendMs (SENS) need renewals; the simulated carrier never does.
    if (this.sendTimeoutMs + 1000 > this.options.leaseMs) {
      this.renewTimer = setInterval(
        () => this.renewLeases(),
        Math.max(50, Math.floor(this.options.leaseMs / 3)),
      );
      this.renewTimer.unref();
    }
    return this;
  }

  /** Stops claiming, lets every message in hand finish (bounded by the carrier timeout) and records the results. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    active.delete(this);
    this.wake();
    await this.loopDone;
    // Carriers that listen (SENS while it polls) stop now; what they hold is released for
    // another dispatcher, which resumes from the stored reference. Others finish as before.
    for (const d of this.delivering) stopDelivery(d);
    while (this.inFlight > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    clearInterval(this.renewTimer);
    await this.renewing;
    clearTimeout(this.flushTimer);
    for (let tries = 0; this.completions.length && tries < 5; tries++) await this.flushAll();
    await this.flushing;
    if (this.completions.length) {
      this.deps.logger.error(
        { owner: this.owner, pending: this.completions.length },
        "dispatcher stopped with unrecorded results; their leases will expire and they will be retried",
      );
    }
    await this.runner?.close();
    this.runner = null;
  }

  wake(): void {
    this.mayHaveWork = true;
    this.wakeups++;
    this.snooze.wake();
  }

  private async loop(): Promise<void> {
    while (this.running) {
      // Messages claimed but not yet recorded count against the concurrency too, so a lease
      // never runs out while its result waits for the completion batch.
      const room = Math.min(
        this.options.batchSize,
        this.options.concurrency - this.inFlight - this.completions.length,
      );
      // While results in hand cannot be recorded, claim nothing: once their leases expire,
      // a claim could take those very messages again and hand them to the carrier a second
      // time. Recording comes back first (it retries on its own), then claiming resumes.
      if (room <= 0 || this.recordBackoff.failing) {
        await this.snooze.sleep(this.options.idleMs);
        continue;
      }
      let claimed = 0;
      const wakeups = this.wakeups;
      try {
        if (this.mayHaveWork || (await this.hasWork())) claimed = await this.claim(room);
        this.claimBackoff.reset();
      } catch (err) {
        const wait = this.claimBackoff.next();
        this.logFailure(err, "claiming messages failed", wait);
        await this.snooze.sleep(wait);
        continue;
      }
      // A full batch suggests more is waiting; so does a wake-up that came in meanwhile.
      this.mayHaveWork = claimed === room || this.wakeups !== wakeups;
      if (this.mayHaveWork) await new Promise((resolve) => setImmediate(resolve));
      else await this.snooze.sleep(this.options.idleMs);
    }
  }

  /** Cheap read-only probe, so an idle dispatcher does not take the write lock every poll. */
  private hasWork(): Promise<boolean> {
    const now = this.deps.clock.now();
    return this.runner!.read(function* () {
      if ((yield* query(`SELECT "id" FROM "Message" WHERE "status" = 'READY' LIMIT 1`)).length)
        return true;
      return (
        (yield* query(
          `SELECT "id" FROM "Message" WHERE "status" = 'PROCESSING' AND "leaseUntil" < ? LIMIT 1`,
          [now],
        )).length > 0
      );
    });
  }

  /** A lost database is expected now and then (a warning, retried); anything else is an error. */
  private logFailure(
    err: unknown,
    what: string,
    retryInMs: number,
    extra: Record<string, unknown> = {},
  ): void {
    if (isDatabaseUnavailable(err))
      this.deps.logger.warn(
        { owner: this.owner, ...extra, ...describeDbError(err), retryInMs },
        `${what}: database unavailable; retrying`,
      );
    else
      this.deps.logger.error({ err, owner: this.owner, ...extra, retryInMs }, `${what}; retrying`);
  }

  // ── claiming ───────────────────────────────────────────────────────────────────────

  /** Claims up to `limit` messages (expired leases first), decides gateway-side outcomes, starts the rest. Returns how many it claimed. */
  private async claim(limit: number): Promise<number> {
    const now = this.deps.clock.now();
    const { claimed, reclaimed, deliver, events } = await this.runner!.transaction(() =>
      this.claimProgram(limit, now),
    );
    this.stats.claimed += claimed;
    this.stats.reclaimed += reclaimed;
    this.stats.completed += claimed - deliver.length;
    this.deps.pubsub.publish(events);
    for (const d of deliver) this.deliver(d.message, d.request);
    return claimed;
  }

  private *claimProgram(limit: number, now: Date) {
    const leaseUntil = new Date(now.getTime() + this.options.leaseMs);
    const expired = yield* this.claimRows(
      `"status" = 'PROCESSING' AND "leaseUntil" < ?`,
      [now],
      limit,
      leaseUntil,
    );
    const ready =
      expired.length < limit
        ? yield* this.claimRows(`"status" = 'READY'`, [], limit - expired.length, leaseUntil)
        : [];
    const claimed = [...expired, ...ready];
    const deliver: { message: ClaimedMessage; request: RequestInfo }[] = [];
    if (!claimed.length) return { claimed: 0, reclaimed: 0, deliver, events: [] as StatusEvent[] };
    yield* this.loadRequests(claimed);
    const approved = yield* approvedSenders(
      claimed.map((m) => ({
        accountId: m.accountId,
        number: this.requests.get(m.requestId)!.from,
      })),
    );
    const decided: Completion[] = [];
    for (const message of claimed) {
      const request = this.requests.get(message.requestId)!;
      const verdict = this.gatewayVerdict(message, request, approved, now);
      if (verdict)
        decided.push({
          message,
          outcome: {
            result: verdict.result,
            code: verdict.code,
            message: verdict.message,
            telcoCode: null,
            completeTime: now,
          },
        });
      else deliver.push({ message, request });
    }
    // Gateway-decided messages go straight to COMPLETED: their PROCESSING state is never
    // committed, so they get a single COMPLETED event.
    const done = yield* this.completeRows(decided);
    // A reclaimed message was PROCESSING already: a new attempt is not a status change.
    const wasProcessing = new Set(expired);
    const fresh = deliver.filter((d) => !wasProcessing.has(d.message));
    const events = yield* appendStatusEvents(
      [...fresh.map((d) => processingEvent(d.message)), ...done.map(completedEvent)],
      now,
    );
    return { claimed: claimed.length, reclaimed: expired.length, deliver, events };
  }

  /**
   * Ordering by the (status, leaseUntil) index makes both databases walk that index (oldest
   * leases first) instead of PostgreSQL's bitmap scan, which re-reads every dead entry left
   * by earlier claims of a big burst until vacuum runs; an index scan skips and marks them.
   */
  private *claimRows(
    condition: string,
    conditionParams: SqlValue[],
    limit: number,
    leaseUntil: Date,
  ): TxProgram<ClaimedMessage[]> {
    const set = `"status" = 'PROCESSING', "leaseOwner" = ?, "leaseUntil" = ?`;
    const params: SqlValue[] = [this.owner, leaseUntil, ...conditionParams, limit];
    const rows =
      this.runner!.provider === "postgresql"
        ? // SKIP LOCKED: concurrent dispatchers take disjoint batches instead of queueing on the same rows.
          yield* query<ClaimedMessage>(
            `UPDATE "Message" AS m SET ${set}, "attempt" = m."attempt" + 1
             FROM (SELECT "id" FROM "Message" WHERE ${condition} ORDER BY "status", "leaseUntil" LIMIT ? FOR UPDATE SKIP LOCKED) AS c
             WHERE m."id" = c."id"
             RETURNING ${CLAIM_COLUMNS.replace(/"(\w+)"/g, 'm."$1"')}`,
            params,
          )
        : // BEGIN IMMEDIATE already made this transaction the only writer.
          yield* query<ClaimedMessage>(
            `UPDATE "Message" SET ${set}, "attempt" = "attempt" + 1
             WHERE "id" IN (SELECT "id" FROM "Message" WHERE ${condition} ORDER BY "status", "leaseUntil" LIMIT ?)
             RETURNING ${CLAIM_COLUMNS}`,
            params,
          );
    return rows.map((r) => ({ ...r, attempt: Number(r.attempt) }));
  }

  private *loadRequests(claimed: ClaimedMessage[]): TxProgram<void> {
    const needed = [...new Set(claimed.map((m) => m.requestId))];
    let missing = needed.filter((id) => !this.requests.has(id));
    if (!missing.length) return;
    if (this.requests.size + missing.length > REQUEST_CACHE_SIZE) {
      this.requests.clear();
      missing = needed;
    }
    // The files come in the same statement (a row per file, one for a request without any),
    // so a claimed batch costs the same number of statements with or without MMS.
    const rows = yield* query<{
      id: string;
      type: RequestInfo["type"];
      contentType: RequestInfo["contentType"];
      from: string;
      effectiveFrom: string;
      nightConsent: unknown;
      fileId: string | null;
      fileName: string | null;
    }>(
      `SELECT r."id", r."type", r."contentType", r."from", r."effectiveFrom", r."nightConsent", rf."fileId", f."fileName"
       FROM "MessageRequest" AS r
       LEFT JOIN ("MessageRequestFile" AS rf JOIN "StoredFile" AS f ON f."id" = rf."fileId") ON rf."requestId" = r."id"
       WHERE r."id" IN (${missing.map(() => "?").join(", ")})
       ORDER BY rf."position"`,
      missing,
    );
    for (const r of rows) {
      let info = this.requests.get(r.id);
      if (!info) {
        info = {
          type: r.type,
          contentType: r.contentType,
          from: r.from,
          effectiveFrom: r.effectiveFrom,
          nightConsent: r.nightConsent === true || r.nightConsent === 1,
          files: [],
        };
        this.requests.set(r.id, info);
      }
      if (r.fileId !== null && r.fileName !== null)
        info.files.push({ id: r.fileId, fileName: r.fileName });
    }
  }

  /** Outcomes the gateway decides without a carrier, checked at delivery time. */
  private gatewayVerdict(
    m: ClaimedMessage,
    request: RequestInfo,
    approved: Set<string>,
    now: Date,
  ): ResultCode | null {
    // A message whose lease keeps expiring (its worker dies while sending it) is given up
    // rather than retried forever.
    if (m.attempt > this.options.maxAttempts) return RESULT_CODES.CARRIER_TIMEOUT;
    // An earlier attempt already handed it to the carrier: it only looks up the result now.
    if (m.carrierMessageId !== null) return null;
    if (!approved.has(senderKey(m.accountId, request.from)))
      return RESULT_CODES.SENDER_NOT_APPROVED;
    if (request.contentType === "AD" && !adMayBeDelivered(m.countryCode, now, request.nightConsent))
      return RESULT_CODES.NIGHT_TIME_BLOCKED;
    return null;
  }

  // ── delivering ─────────────────────────────────────────────────────────────────────

  private deliver(m: ClaimedMessage, request: RequestInfo): void {
    this.inFlight++;
    const message: CarrierMessage = {
      id: m.id,
      type: request.type,
      contentType: request.contentType,
      countryCode: m.countryCode,
      from: request.effectiveFrom,
      senderNumber: request.from,
      to: m.to,
      subject: m.subject,
      content: m.content,
      files: request.files,
      carrierRef: m.carrierMessageId,
    };
    const delivery: Delivery = { message: m, abort: null, stopped: !this.running };
    this.delivering.add(delivery);
    const ctx: SendContext = {
      saveRef: (ref) => this.saveRef(m, ref),
      loadFile: this.loadFile,
      get signal() {
        if (!delivery.abort) {
          delivery.abort = new AbortController();
          if (delivery.stopped) delivery.abort.abort();
        }
        return delivery.abort.signal;
      },
    };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>(
      (resolve) => (timer = setTimeout(() => resolve(null), this.sendTimeoutMs)),
    );
    // The carrier is called exactly once for this attempt; a late answer after the timeout is ignored.
    Promise.race([this.deps.carrier.send(message, ctx), timeout])
      .then(
        (outcome): Completion["outcome"] => {
          if (outcome) return outcome;
          stopDelivery(delivery);
          return {
            result: "FAIL",
            code: RESULT_CODES.CARRIER_TIMEOUT.code,
            message: RESULT_CODES.CARRIER_TIMEOUT.message,
            telcoCode: null,
            completeTime: this.deps.clock.now(),
          };
        },
        (err: unknown): Completion["outcome"] | null => {
          if (err instanceof CarrierInterrupted) return null;
          this.deps.logger.warn({ err, messageId: m.id }, "carrier refused a message");
          return {
            result: "FAIL",
            code: RESULT_CODES.CARRIER_REJECTED.code,
            message: RESULT_CODES.CARRIER_REJECTED.message,
            telcoCode: null,
            completeTime: this.deps.clock.now(),
          };
        },
      )
      .then((outcome) => {
        clearTimeout(timer);
        this.delivering.delete(delivery);
        if (outcome === null) return this.release(m).then(() => this.settled());
        this.stats.delivered++;
        this.completions.push({ message: m, outcome });
        this.scheduleFlush();
        this.settled();
      });
  }

  /** One delivery left the carrier (with a result, or released). */
  private settled(): void {
    this.inFlight--;
    if (this.inFlight === 0)
      this.idleWaiters.splice(0).forEach((w) => {
        w();
      });
    // A freed slot may unblock a dispatcher waiting for room.
    if (this.completions.length + this.inFlight < this.options.concurrency) this.snooze.wake();
  }

  // ── carrier references and long sends ─────────────────────────────────────────────

  /** SendContext.saveRef: guarded like a completion; also extends the lease. */
  private async saveRef(m: ClaimedMessage, ref: string | null): Promise<boolean> {
    const leaseUntil = new Date(this.deps.clock.now().getTime() + this.options.leaseMs);
    const owner = this.owner;
    const rows = await this.runner!.transaction(function* () {
      return yield* query<{ id: string }>(
        `UPDATE "Message" SET "carrierMessageId" = ?, "leaseUntil" = ?
         WHERE "id" = ? AND "status" = 'PROCESSING' AND "leaseOwner" = ? AND "attempt" = ? RETURNING "id"`,
        [ref, leaseUntil, m.id, owner, m.attempt],
      );
    });
    return rows.length > 0;
  }

  /** SendContext.loadFile: one stored file's bytes, read only when a carrier asks for them. */
  private readonly loadFile = (fileId: string): Promise<Buffer | null> =>
    this.runner!.read(function* () {
      const [row] = yield* query<{ data: Buffer }>(
        `SELECT "data" FROM "StoredFile" WHERE "id" = ?`,
        [fileId],
      );
      return row ? row.data : null;
    });

  /** A carrier stopped safely (CarrierInterrupted): end the lease now so any dispatcher takes the message over. */
  private async release(m: ClaimedMessage): Promise<void> {
    const now = this.deps.clock.now();
    const owner = this.owner;
    try {
      await this.runner!.transaction(function* () {
        yield* query(
          `UPDATE "Message" SET "leaseUntil" = ? WHERE "id" = ? AND "status" = 'PROCESSING' AND "leaseOwner" = ? AND "attempt" = ?`,
          [now, m.id, owner, m.attempt],
        );
      });
    } catch (err) {
      this.deps.logger.warn(
        { err, messageId: m.id },
        "releasing an interrupted message failed; it is taken over when its lease expires",
      );
    }
  }

  /**
   * Extends the leases of the messages in the carrier's hands, for carriers whose sends
   * outlive LEASE_MS. A lease found lost (another dispatcher took the message over after a
   * stall) aborts that send: its result would be dropped anyway.
   */
  private renewLeases(): void {
    if (this.renewing || !this.delivering.size || !this.runner) return;
    const held = [...this.delivering];
    const leaseUntil = new Date(this.deps.clock.now().getTime() + this.options.leaseMs);
    const owner = this.owner;
    this.renewing = this.runner
      .transaction(function* () {
        const kept = new Set<string>();
        for (let i = 0; i < held.length; i += PG_CHUNK) {
          const ids = held.slice(i, i + PG_CHUNK).map((d) => d.message.id);
          const rows = yield* query<{ id: string; attempt: unknown }>(
            `UPDATE "Message" SET "leaseUntil" = ? WHERE "status" = 'PROCESSING' AND "leaseOwner" = ? AND "id" IN (${ids.map(() => "?").join(", ")}) RETURNING "id", "attempt"`,
            [leaseUntil, owner, ...ids],
          );
          for (const r of rows) kept.add(`${r.id}\u0000${Number(r.attempt)}`);
        }
        return kept;
      })
      .then(
        (kept) => {
          for (const d of held) {
            if (this.delivering.has(d) && !kept.has(`${d.message.id}\u0000${d.message.attempt}`)) {
              this.deps.logger.warn(
                { owner: this.owner, messageId: d.message.id },
                "lease lost while the carrier had the message; another dispatcher took it over",
              );
              stopDelivery(d);
            }
          }
        },
        (err: unknown) =>
          this.deps.logger.error(
            { err, owner: this.owner },
            "renewing leases failed; retrying at the next interval",
          ),
      )
      .finally(() => (this.renewing = null));
  }

  // ── completing ─────────────────────────────────────────────────────────────────────

  private scheduleFlush(): void {
    if (this.flushing) return; // the running flush picks these up
    if (this.completions.length >= this.options.batchSize) this.flushAll();
    else this.flushTimer ??= setTimeout(() => this.flushAll(), FLUSH_DELAY_MS);
  }

  private flushAll(): Promise<void> {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.flushing ??= (async () => {
      try {
        while (this.completions.length) {
          const batch = this.completions.splice(0, this.options.batchSize);
          try {
            await this.recordCompletions(batch);
            // Claiming resumes once every result held before the failure is recorded.
            if (!this.completions.length) this.recordBackoff.reset();
          } catch (err) {
            // Still ours until the lease expires (the guard rejects it afterwards): retry.
            // A commit whose answer was lost may have applied: the retry then finds the
            // messages COMPLETED already and changes nothing (the guard again).
            const wait = this.recordBackoff.next();
            this.logFailure(err, "recording delivery results failed", wait, {
              count: batch.length,
            });
            this.completions.unshift(...batch);
            await new Promise((resolve) => setTimeout(resolve, wait));
            if (!this.running) break;
          }
        }
      } finally {
        this.flushing = null;
        if (this.completions.length && this.running) this.scheduleFlush();
        this.snooze.wake();
      }
    })();
    return this.flushing;
  }

  private async recordCompletions(batch: Completion[]): Promise<void> {
    const now = this.deps.clock.now();
    const self = this;
    const { applied, events } = await this.runner!.transaction(function* () {
      const applied = yield* self.completeRows(batch);
      return { applied, events: yield* appendStatusEvents(applied.map(completedEvent), now) };
    });
    this.stats.completed += applied.length;
    if (applied.length < batch.length) {
      this.stats.lostLeases += batch.length - applied.length;
      this.deps.logger.warn(
        { owner: this.owner, lost: batch.length - applied.length },
        "results dropped: leases expired and the messages were taken over",
      );
    }
    this.deps.pubsub.publish(events);
  }

  /**
   * Marks messages COMPLETED if this dispatcher still holds them (same owner and attempt,
   * still PROCESSING) and returns the ones it did: that guard is what makes completion
   * exactly-once when a lease expired and another dispatcher took the message over.
   */
  private *completeRows(batch: Completion[]): TxProgram<Completion[]> {
    if (!batch.length) return [];
    const done = new Set<string>();
    if (this.runner!.provider === "postgresql") {
      // Right after a burst the planner's statistics are stale: it expects one matching
      // row and picks a nested loop that rescans the VALUES list per row (~250k row
      // comparisons per batch of 500). A hash join is right for every batch size, so the
      // nested loop is switched off for the rest of this transaction; the explicit id list
      // keeps a primary-key path open.
      yield* query(`SET LOCAL enable_nestloop = off`);
      for (let i = 0; i < batch.length; i += PG_CHUNK) {
        const chunk = batch.slice(i, i + PG_CHUNK);
        const rows = yield* query<{ id: string }>(
          `UPDATE "Message" AS m SET "status" = 'COMPLETED', "result" = CAST(v.result AS "MessageResult"), "resultCode" = v.code, "resultMessage" = v.msg,
             "telcoCode" = v.telco, "completeTime" = CAST(v.completed_at AS TIMESTAMP(3)), "leaseUntil" = NULL
           FROM (VALUES ${chunk.map(() => "(?, ?, ?, ?, ?, ?, ?)").join(", ")}) AS v(id, attempt, result, code, msg, telco, completed_at)
           WHERE m."id" = v.id AND m."id" IN (${chunk.map(() => "?").join(", ")})
             AND m."status" = 'PROCESSING' AND m."leaseOwner" = ? AND m."attempt" = CAST(v.attempt AS INTEGER)
           RETURNING m."id"`,
          [
            ...chunk.flatMap((c) => [
              c.message.id,
              String(c.message.attempt),
              c.outcome.result,
              c.outcome.code,
              c.outcome.message,
              c.outcome.telcoCode,
              c.outcome.completeTime,
            ]),
            ...chunk.map((c) => c.message.id),
            this.owner,
          ],
        );
        for (const r of rows) done.add(r.id);
      }
    } else {
      // One cached prepared statement per row is the fastest better-sqlite3 path.
      for (const c of batch) {
        const rows = yield* query<{ id: string }>(
          `UPDATE "Message" SET "status" = 'COMPLETED', "result" = ?, "resultCode" = ?, "resultMessage" = ?, "telcoCode" = ?, "completeTime" = ?, "leaseUntil" = NULL
           WHERE "id" = ? AND "status" = 'PROCESSING' AND "leaseOwner" = ? AND "attempt" = ? RETURNING "id"`,
          [
            c.outcome.result,
            c.outcome.code,
            c.outcome.message,
            c.outcome.telcoCode,
            c.outcome.completeTime,
            c.message.id,
            this.owner,
            c.message.attempt,
          ],
        );
        if (rows.length) done.add(c.message.id);
      }
    }
    return batch.filter((c) => done.has(c.message.id));
  }
}

function processingEvent(m: ClaimedMessage): NewStatusEvent {
  return {
    accountId: m.accountId,
    projectId: m.projectId,
    requestId: m.requestId,
    messageId: m.id,
    status: "PROCESSING",
    result: null,
    resultCode: null,
    resultMessage: null,
    telcoCode: null,
    completeTime: null,
  };
}

function completedEvent(c: Completion): NewStatusEvent {
  const m = c.message;
  return {
    accountId: m.accountId,
    projectId: m.projectId,
    requestId: m.requestId,
    messageId: m.id,
    status: "COMPLETED",
    result: c.outcome.result,
    resultCode: c.outcome.code,
    resultMessage: c.outcome.message,
    telcoCode: c.outcome.telcoCode,
    completeTime: c.outcome.completeTime,
  };
}

export function startDispatcher(deps: Deps, options: DispatcherOptions): Dispatcher {
  return new Dispatcher(deps, options).start();
}
