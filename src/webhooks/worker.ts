// The webhook delivery worker (docs/webhooks.md#delivery): runs wherever the dispatcher runs.
// Each endpoint is delivered by at most one worker at a time (a lease on its row), from its
// durable cursor, in seq order; the cursor moves only after the receiver answered 2xx, so
// a crash resends at most the step in flight (same webhook-id). Each endpoint occupies one
// of `concurrency` slots and every POST has a timeout, so a slow or dead endpoint delays
// nobody else — and message delivery, which runs in its own loop, not at all.
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { WebhookConfig } from "../config.ts";
import {
  advanceCursor,
  claimEndpoint,
  dueEndpointIds,
  logAttempts,
  projectHead,
  recordFailure,
  releaseLease,
  type AttemptRecord,
  type EndpointRow,
} from "../db/webhooks.ts";
import { readStatusEvents } from "../realtime/events.ts";
import type { Deps } from "../services/deps.ts";
import { Backoff } from "../backoff.ts";
import { Snooze } from "../snooze.ts";
import { planUnits, type PlannedPost, type Unit } from "./steps.ts";
import { post, type PostResult } from "./post.ts";
import { nextDelayMs, verdictOf } from "./retry.ts";
import { openSecrets } from "./secrets.ts";
import { signedHeaders } from "./signing.ts";
import { resolveTarget, UnsafeTargetError } from "./targets.ts";

export type AttemptOutcome = "SUCCESS" | "RETRY" | "GONE" | "FAILED" | "REFUSED";

export interface WebhookWorkerOptions extends WebhookConfig {
  owner?: string;
  /** Heard once per POST (metrics). */
  onAttempt?: (outcome: AttemptOutcome, latencyMs: number) => void;
}

/** Status events read per step (a batched endpoint reads at least its batch size). */
const READ_LIMIT = 200;

export class WebhookWorker {
  readonly owner: string;
  private running = false;
  private loop: Promise<void> = Promise.resolve();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly snooze = new Snooze();

  constructor(
    private readonly deps: Deps,
    private readonly options: WebhookWorkerOptions,
  ) {
    this.owner =
      options.owner ?? `${hostname()}:${process.pid}:webhooks:${randomUUID().slice(0, 8)}`;
  }

  private get leaseMs(): number {
    return 2 * this.options.timeoutMs + 30_000;
  }

  start(): this {
    this.running = true;
    this.loop = this.run();
    return this;
  }

  /** Stops claiming and waits for the steps in flight (each ends within its timeouts). */
  async stop(): Promise<void> {
    this.running = false;
    this.snooze.wake();
    await this.loop;
    await Promise.all(this.inFlight.values());
  }

  private async run(): Promise<void> {
    const backoff = new Backoff(500, 10_000);
    while (this.running) {
      let wait = this.options.pollMs;
      try {
        await this.claimDue();
        backoff.reset();
      } catch (err) {
        wait = backoff.next();
        this.deps.logger.warn({ err }, "webhook worker: claiming failed");
      }
      if (this.running) await this.snooze.sleep(wait);
    }
  }

  private async claimDue(): Promise<void> {
    const free = this.options.concurrency - this.inFlight.size;
    if (free <= 0) return;
    const now = this.deps.clock.now();
    const ids = await dueEndpointIds(this.deps.raw, now, free + this.inFlight.size);
    for (const id of ids) {
      if (!this.running || this.inFlight.size >= this.options.concurrency) break;
      if (this.inFlight.has(id)) continue;
      const row = await claimEndpoint(this.deps.db, id, this.owner, now, this.leaseUntil());
      if (!row) continue;
      const task = this.deliver(row)
        .catch(async (err: unknown) => {
          this.deps.logger.error({ err, endpointId: id }, "webhook delivery failed");
          await releaseLease(this.deps.db, id, this.owner).catch(() => undefined);
        })
        .finally(() => this.inFlight.delete(id));
      this.inFlight.set(id, task);
    }
  }

  private leaseUntil(): Date {
    return new Date(this.deps.clock.now().getTime() + this.leaseMs);
  }

  /** Delivers while the endpoint has events and answers 2xx; always ends without our lease. */
  private async deliver(start: EndpointRow): Promise<void> {
    let e = start;
    while (this.running) {
      const head = e.pendingToSeq ?? (await projectHead(this.deps.db, e.projectId));
      if (head <= e.cursorSeq) break;
      const limit = e.pendingToSeq ? head - e.cursorSeq : Math.max(READ_LIMIT, e.batchSize);
      const events = await readStatusEvents(
        this.deps.db,
        { accountId: e.accountId, projectId: e.projectId },
        e.cursorSeq,
        head,
        limit,
      );
      if (!events.length) break;
      const units = await planUnits(this.deps.db, e, events, e.pendingToSeq !== null);
      const log: AttemptRecord[] = [];
      const { reached, failure } = await this.sendUnits(e, units, log);
      await logAttempts(this.deps.db, log);
      const now = this.deps.clock.now();
      if (reached > e.cursorSeq) {
        if (!(await advanceCursor(this.deps.db, e, this.owner, reached, now, this.leaseUntil()))) {
          // Replayed meanwhile (or the lease was lost): the next claim starts from the new cursor.
          await releaseLease(this.deps.db, e.id, this.owner);
          return;
        }
        e = { ...e, cursorSeq: reached, pendingToSeq: null, failures: 0, failingSince: null };
      }
      if (failure) {
        await this.fail(e, failure, now);
        return; // recordFailure released the lease
      }
    }
    await releaseLease(this.deps.db, e.id, this.owner);
  }

  /** POSTs the units in order; stops at the first failure. `reached`: the cursor all 2xx answers allow. */
  private async sendUnits(
    e: EndpointRow,
    units: readonly Unit[],
    log: AttemptRecord[],
  ): Promise<{ reached: number; failure: Failure | null }> {
    let reached = e.cursorSeq;
    const secrets = openSecrets(this.deps, e, this.deps.clock.now());
    for (const unit of units) {
      for (const p of unit.posts) {
        const { result, refused } = await this.attempt(e, secrets, p);
        const verdict = verdictOf(result.status);
        if (verdict !== "SUCCESS") return { reached, failure: { unit, post: p, result, refused } };
        log.push(this.record(e, p, "SUCCESS", result));
      }
      reached = unit.toSeq;
      if (!this.running) break;
    }
    return { reached, failure: null };
  }

  private async attempt(e: EndpointRow, secrets: string[], p: PlannedPost) {
    try {
      const target = await resolveTarget(e.url, this.options);
      // The signature's timestamp is real time: receivers compare it with their own clocks.
      const headers = signedHeaders(secrets, p.id, Math.floor(Date.now() / 1000), p.body);
      return {
        result: await post(target, headers, p.body, this.options.timeoutMs),
        refused: false,
      };
    } catch (err) {
      if (!(err instanceof UnsafeTargetError)) throw err;
      const result: PostResult = {
        status: null,
        retryAfter: null,
        response: `refused: ${err.message}`,
        latencyMs: 0,
      };
      return { result, refused: true };
    }
  }

  /** Schedules the retry of the failed unit, or disables the endpoint (410, or the retry period is over). */
  private async fail(e: EndpointRow, f: Failure, now: Date): Promise<void> {
    const failingSince = e.failingSince ?? now;
    const expired = now.getTime() - failingSince.getTime() >= this.options.retryPeriodMs;
    const what = f.result.status === null ? f.result.response : `HTTP ${f.result.status}`;
    const gone = verdictOf(f.result.status) === "GONE";
    const disable = gone
      ? "GONE: the endpoint answered 410 Gone"
      : expired
        ? `FAILING: no successful delivery since ${failingSince.toISOString()} (last: ${what})`
        : null;
    const outcome = gone ? "GONE" : disable ? "FAILED" : f.refused ? "REFUSED" : "RETRY";
    await logAttempts(this.deps.db, [this.record(e, f.post, outcome, f.result)]);
    const delay = nextDelayMs(e.failures + 1, f.result.retryAfter, now, this.options.retryPeriodMs);
    const recorded = await recordFailure(this.deps.db, e, this.owner, {
      toSeq: f.unit.toSeq,
      failingSince,
      nextAttemptAt: new Date(now.getTime() + delay),
      error: what.slice(0, 500),
      disable,
    });
    if (!recorded) await releaseLease(this.deps.db, e.id, this.owner);
  }

  private record(
    e: EndpointRow,
    p: PlannedPost,
    outcome: AttemptOutcome,
    r: PostResult,
  ): AttemptRecord {
    this.options.onAttempt?.(outcome, r.latencyMs);
    return {
      endpointId: e.id,
      webhookId: p.id,
      firstSeq: p.firstSeq,
      lastSeq: p.lastSeq,
      events: p.events,
      outcome,
      statusCode: r.status,
      latencyMs: r.latencyMs,
      response: r.response,
      createdAt: this.deps.clock.now(),
    };
  }
}

interface Failure {
  unit: Unit;
  post: PlannedPost;
  result: PostResult;
  refused: boolean;
}

export function startWebhookWorker(deps: Deps, options: WebhookWorkerOptions): WebhookWorker {
  return new WebhookWorker(deps, options).start();
}
