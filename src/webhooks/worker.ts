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
import { readProjectStatusEvents } from "../db/events.ts";
import {
  advanceCursor,
  claimEndpoint,
  CURSOR,
  deferEndpoint,
  dueEndpointIds,
  logHeads,
  recordFailure,
  releaseLease,
  type AttemptRecord,
  type WebhookLog,
} from "../db/webhookDelivery.ts";
import { finishedRequests, readProjectEvents, type RequestTotals } from "../db/webhookEvents.ts";
import type { EndpointRow } from "../db/webhooks.ts";
import type { Deps } from "../services/deps.ts";
import { Backoff } from "../backoff.ts";
import { Snooze } from "../snooze.ts";
import { parseTypes } from "./payload.ts";
import { type WebhookDeps, webhookDeps } from "./deps.ts";
import {
  planProjectUnits,
  planUnits,
  readsLog,
  requestsThatMayClose,
  type PlannedPost,
  type Unit,
} from "./steps.ts";
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

type StepResult = { next: EndpointRow } | "idle" | "stop";

export class WebhookWorker {
  readonly owner: string;
  private running = false;
  private loop: Promise<void> = Promise.resolve();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly snooze = new Snooze();

  constructor(
    private readonly deps: WebhookDeps,
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
    const ids = await this.deps.programs.read(() =>
      dueEndpointIds(this.owner, now, free + this.inFlight.size),
    );
    for (const id of ids) {
      if (!this.running || this.inFlight.size >= this.options.concurrency) break;
      if (this.inFlight.has(id)) continue;
      const until = this.leaseUntil();
      const row = await this.deps.programs.transaction(() =>
        claimEndpoint(id, this.owner, now, until),
      );
      if (!row) continue;
      const task = this.deliver(row)
        .catch(async (err: unknown) => {
          // Unexpected (a database outage, a bug): the endpoint waits a minute rather than
          // being claimed again at the next poll; its cursors are untouched.
          this.deps.logger.error({ err, endpointId: id }, "webhook delivery failed");
          const error = `internal: ${err instanceof Error ? err.message : String(err)}`;
          await this.defer(id, { delayMs: 60_000, error, disable: null }).catch(() => undefined);
        })
        .finally(() => this.inFlight.delete(id));
      this.inFlight.set(id, task);
    }
  }

  private defer(
    id: string,
    d: { delayMs: number; error: string; disable: string | null },
  ): Promise<void> {
    const now = this.deps.clock.now();
    const next = { nextAttemptAt: new Date(now.getTime() + d.delayMs), ...d };
    return this.deps.programs.transaction(() => deferEndpoint(id, this.owner, next, now));
  }

  private release(id: string): Promise<void> {
    const now = this.deps.clock.now();
    return this.deps.programs.transaction(() => releaseLease(id, this.owner, now));
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
      // Both logs' heads in one read per round (a pending retry needs neither).
      const projectId = e.projectId;
      const heads = await this.deps.programs.read(() => logHeads(projectId));
      for (const log of logs) {
        const r = await this.step(e, log, heads[log]);
        if (r === "stop") return; // failure recorded, or the lease or epoch was lost
        if (r !== "idle") {
          e = r.next;
          worked = true;
        }
        if (!this.running) break;
      }
      if (!worked) break;
    }
    await this.release(e.id);
  }

  /** One step in one log: read after the cursor, POST, move the cursor (or record the failure). */
  private async step(e: EndpointRow, log: WebhookLog, logHead: number): Promise<StepResult> {
    const { cursor: cursorCol, pending: pendingCol } = CURSOR[log];
    const cursor = e[cursorCol];
    const pending = e[pendingCol];
    const head = pending ?? logHead;
    if (head <= cursor) return "idle";
    let units: Unit[];
    if (!readsLog(e, log)) units = [{ toSeq: head, posts: [] }];
    else {
      const limit = pending ? head - cursor : Math.max(READ_LIMIT, e.batchSize);
      units = await this.plan(e, log, cursor, head, limit, pending !== null);
      if (!units.length) return "idle";
    }
    const secrets = units.some((u) => u.posts.length) ? await this.secretsOf(e) : [];
    if (!secrets) return "stop"; // disabled: its secret cannot be opened
    const attempts: AttemptRecord[] = [];
    const { reached, failure } = await this.sendUnits(e, secrets, cursor, units, attempts);
    const now = this.deps.clock.now();
    if (failure) {
      // Units before the failed one were answered 2xx: the cursor moves past them first.
      const next = reached > cursor ? await this.advance(e, log, reached, attempts, now) : e;
      if (next) await this.fail(next, log, failure, reached > cursor ? [] : attempts, now);
      return "stop"; // recordFailure released the lease (or it was lost)
    }
    // Without a failure at least the first unit ended (sendUnits stops only after one), so
    // `reached` is past the cursor.
    const next = await this.advance(e, log, reached, attempts, now);
    return next ? { next } : "stop";
  }

  /**
   * Logs the step's attempts and moves the log's cursor to `reached`; null (lease released)
   * when a replay or a lost lease came first: the next claim starts from the new cursor.
   */
  private async advance(
    e: EndpointRow,
    log: WebhookLog,
    reached: number,
    attempts: readonly AttemptRecord[],
    now: Date,
  ): Promise<EndpointRow | null> {
    const until = this.leaseUntil();
    const moved = await this.deps.programs.transaction(() =>
      advanceCursor(e, this.owner, log, reached, attempts, now, until),
    );
    if (!moved) {
      await this.release(e.id);
      return null;
    }
    const { cursor, pending } = CURSOR[log];
    this.changed(e);
    return { ...e, [cursor]: reached, [pending]: null, failures: 0, failingSince: null };
  }

  private async plan(
    e: EndpointRow,
    log: WebhookLog,
    cursor: number,
    head: number,
    limit: number,
    whole: boolean,
  ): Promise<Unit[]> {
    const { programs } = this.deps;
    if (log === "project") {
      const events = await programs.read(() => readProjectEvents(e.projectId, cursor, head, limit));
      return events.length ? planProjectUnits(e, events, whole) : [];
    }
    const closes = parseTypes(e.eventTypes).has("REQUEST_COMPLETED");
    const { events, finished } = await programs.read(function* () {
      const events = yield* readProjectStatusEvents(e.accountId, e.projectId, cursor, head, limit);
      const completed = requestsThatMayClose(events);
      const seqs = new Set(events.map((x) => x.seq));
      const finished = closes
        ? yield* finishedRequests(programs.provider, completed, seqs)
        : new Map<string, RequestTotals>();
      return { events, finished };
    });
    return events.length ? planUnits(e, events, whole, finished) : [];
  }

  /** Tells webhookEndpointLag subscribers (on any gateway) that this endpoint moved. */
  private changed(e: EndpointRow): void {
    this.deps.changed({ id: e.id, accountId: e.accountId, projectId: e.projectId });
  }

  /**
   * The signing secrets, or null after disabling the endpoint when its secret cannot be
   * opened (sealed under a SECRET_KEY this gateway does not have): no retry could sign.
   */
  private async secretsOf(e: EndpointRow): Promise<string[] | null> {
    try {
      return openSecrets(this.deps.secrets, e, this.deps.clock.now());
    } catch (err) {
      this.deps.logger.error({ err, endpointId: e.id }, "webhook secret cannot be opened");
      const disable =
        "SECRET_UNREADABLE: the signing secret cannot be opened with this gateway's SECRET_KEY; rotate the secret, then enable the endpoint";
      await this.defer(e.id, { delayMs: 0, error: disable, disable });
      this.changed(e);
      return null;
    }
  }

  /** POSTs the units in order; stops at the first failure. `reached`: the cursor all 2xx answers allow. */
  private async sendUnits(
    e: EndpointRow,
    secrets: readonly string[],
    cursor: number,
    units: readonly Unit[],
    log: AttemptRecord[],
  ): Promise<{ reached: number; failure: Failure | null }> {
    let reached = cursor;
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

  private async attempt(e: EndpointRow, secrets: readonly string[], p: PlannedPost) {
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
  private async fail(
    e: EndpointRow,
    log: WebhookLog,
    f: Failure,
    before: readonly AttemptRecord[],
    now: Date,
  ): Promise<void> {
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
    const attempts = [...before, this.record(e, f.post, outcome, f.result)];
    const delay = nextDelayMs(e.failures + 1, f.result.retryAfter, now, this.options.retryPeriodMs);
    const failure = {
      toSeq: f.unit.toSeq,
      failingSince,
      nextAttemptAt: new Date(now.getTime() + delay),
      error: what.slice(0, 500),
      disable,
    };
    const recorded = await this.deps.programs.transaction(() =>
      recordFailure(e, this.owner, log, failure, attempts, now),
    );
    if (!recorded) await this.release(e.id);
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
  return new WebhookWorker(webhookDeps(deps), options).start();
}
