// The webhook delivery worker (docs/webhooks.md#delivery): runs wherever the dispatcher runs.
// Each endpoint is delivered by at most one worker at a time (a lease on its row), from its
// durable cursors — one in the message status events, one in the project event log — each
// log in seq order; a cursor moves only after the receiver answered 2xx, so a crash resends
// at most the step in flight (same webhook-id). Each endpoint occupies one
// of `concurrency` slots and every POST has a timeout, so a slow or dead endpoint delays
// nobody else — and message delivery, which runs in its own loop, not at all.
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { WebhookConfig } from "../config.ts";
import { projectEventHead, readProjectEvents } from "../db/projectEvents.ts";
import {
  advanceCursor,
  claimEndpoint,
  CURSOR,
  dueEndpointIds,
  logAttempts,
  projectHead,
  recordFailure,
  releaseLease,
  type AttemptRecord,
  type EndpointRow,
  type WebhookLog,
} from "../db/webhooks.ts";
import { readProjectStatusEvents } from "../db/events.ts";
import type { Deps } from "../services/deps.ts";
import { Backoff } from "../backoff.ts";
import { Snooze } from "../snooze.ts";
import { parseTypes, STATUS_EVENT_TYPES, type EventType } from "./payload.ts";
import { planProjectUnits, planUnits, type PlannedPost, type Unit } from "./steps.ts";
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

/** Log entries read per step (a batched endpoint reads at least its batch size). */
const READ_LIMIT = 200;

/** Whether the endpoint receives any event type a log carries (else its cursor there just jumps). */
const readsLog = (e: EndpointRow, log: WebhookLog): boolean => {
  const types = parseTypes(e.eventTypes);
  const fromStatus = (t: EventType) => (STATUS_EVENT_TYPES as readonly string[]).includes(t);
  return [...types].some((t) => fromStatus(t) === (log === "status"));
};

type StepResult = { next: EndpointRow } | "idle" | "stop";

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

  /**
   * Delivers while the endpoint has events and answers 2xx, a step of each log in turn (a
   * pending retry first, so at most one range is ever pending); always ends without our lease.
   */
  private async deliver(start: EndpointRow): Promise<void> {
    let e = start;
    while (this.running) {
      const logs: WebhookLog[] =
        e.projectPendingToSeq !== null ? ["project", "status"] : ["status", "project"];
      let worked = false;
      for (const log of logs) {
        const r = await this.step(e, log);
        if (r === "stop") return; // failure recorded, or the lease or epoch was lost
        if (r !== "idle") {
          e = r.next;
          worked = true;
        }
        if (!this.running) break;
      }
      if (!worked) break;
    }
    await releaseLease(this.deps.db, e.id, this.owner);
  }

  /** One step in one log: read after the cursor, POST, move the cursor (or record the failure). */
  private async step(e: EndpointRow, log: WebhookLog): Promise<StepResult> {
    const { cursor: cursorCol, pending: pendingCol } = CURSOR[log];
    const cursor = e[cursorCol];
    const pending = e[pendingCol];
    const head = pending ?? (await this.head(e, log));
    if (head <= cursor) return "idle";
    let units: Unit[];
    if (!readsLog(e, log)) units = [{ toSeq: head, posts: [] }];
    else {
      const limit = pending ? head - cursor : Math.max(READ_LIMIT, e.batchSize);
      units = await this.plan(e, log, cursor, head, limit, pending !== null);
      if (!units.length) return "idle";
    }
    const attempts: AttemptRecord[] = [];
    const { reached, failure } = await this.sendUnits(e, cursor, units, attempts);
    await logAttempts(this.deps.db, attempts);
    const now = this.deps.clock.now();
    let next = e;
    if (reached > cursor) {
      const until = this.leaseUntil();
      if (!(await advanceCursor(this.deps.db, e, this.owner, log, reached, now, until))) {
        // Replayed meanwhile (or the lease was lost): the next claim starts from the new cursor.
        await releaseLease(this.deps.db, e.id, this.owner);
        return "stop";
      }
      next = { ...e, [cursorCol]: reached, [pendingCol]: null, failures: 0, failingSince: null };
      this.changed(e);
    }
    if (failure) {
      await this.fail(next, log, failure, now);
      return "stop"; // recordFailure released the lease
    }
    return reached > cursor ? { next } : "idle";
  }

  private head(e: EndpointRow, log: WebhookLog): Promise<number> {
    return log === "status"
      ? projectHead(this.deps.db, e.projectId)
      : projectEventHead(this.deps.db, e.projectId);
  }

  private async plan(
    e: EndpointRow,
    log: WebhookLog,
    cursor: number,
    head: number,
    limit: number,
    whole: boolean,
  ): Promise<Unit[]> {
    if (log === "project") {
      const events = await readProjectEvents(this.deps.db, e.projectId, cursor, head, limit);
      return events.length ? planProjectUnits(e, events, whole) : [];
    }
    const events = await this.deps.programs.read(() =>
      readProjectStatusEvents(e.accountId, e.projectId, cursor, head, limit),
    );
    return events.length ? planUnits(this.deps.db, e, events, whole) : [];
  }

  /** Tells webhookEndpointLag subscribers (on any gateway) that this endpoint moved. */
  private changed(e: EndpointRow): void {
    this.deps.pubsub.publishNotices([
      {
        kind: "webhook",
        accountId: e.accountId,
        projectId: e.projectId,
        endpointId: e.id,
        at: this.deps.clock.now().getTime(),
      },
    ]);
  }

  /** POSTs the units in order; stops at the first failure. `reached`: the cursor all 2xx answers allow. */
  private async sendUnits(
    e: EndpointRow,
    cursor: number,
    units: readonly Unit[],
    log: AttemptRecord[],
  ): Promise<{ reached: number; failure: Failure | null }> {
    let reached = cursor;
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
  private async fail(e: EndpointRow, log: WebhookLog, f: Failure, now: Date): Promise<void> {
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
    const recorded = await recordFailure(this.deps.db, e, this.owner, log, {
      toSeq: f.unit.toSeq,
      failingSince,
      nextAttemptAt: new Date(now.getTime() + delay),
      error: what.slice(0, 500),
      disable,
    });
    if (!recorded) await releaseLease(this.deps.db, e.id, this.owner);
    else this.changed(e);
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
