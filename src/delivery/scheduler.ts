// The scheduler (docs/reservations-and-schedules.md): turns due reservations and schedule occurrences into messages
// for the dispatcher, records the ones it must not send (STALE, SKIP), and closes
// reservations and occurrences once all their messages are COMPLETED (DONE or FAIL).
//
// Exactly once, with any number of schedulers: every step is one database transaction that
// claims its rows (PostgreSQL: FOR UPDATE SKIP LOCKED; SQLite: the single writer lock) and
// writes the outcome in the same transaction. A reservation turns PROCESSING in the very
// transaction that creates its messages, and an occurrence row — unique per (template,
// instant) — is inserted in the transaction that creates its request; so a crash leaves
// either nothing done (the next tick redoes it) or everything done. Nothing stays
// PROCESSING on a dead scheduler: PROCESSING only waits for messages, which the
// dispatcher's leases already make crash-safe.
import type { DatabaseConfig } from "../config.ts";
import { openProgramRunner, query, type ProgramRunner, type TxProgram } from "../db/program.ts";
import { readDate, type SqlValue } from "../db/raw.ts";
import { nextOccurrence, ruleOf } from "../domain/localTime.ts";
import { normalizeOptOutNumber } from "../domain/optOut.ts";
import type { SkipReason } from "../domain/reservations.ts";
import { RESULT_CODES } from "../domain/resultCodes.ts";
import { newId } from "../ids.ts";
import type { StatusEvent } from "../realtime/events.ts";
import { occurrenceNotice, reservationNotice, type Notice } from "../realtime/pubsub.ts";
import type { Deps } from "../services/deps.ts";
import { optedOutNumbers } from "../services/optOut.ts";
import { insertMessages, type MessageTarget } from "../services/sendWrites.ts";
import { approvedSenders, senderKey } from "../services/senderNumbers.ts";
import { Snooze } from "../snooze.ts";
import { Backoff } from "../backoff.ts";
import { describeDbError, isDatabaseUnavailable } from "../db/errors.ts";

/** A request whose messages the scheduler creates now: from `source`'s stored recipients into `target`. */
interface MaterializeItem {
  source: string;
  contentType: "COMM" | "AD";
  target: MessageTarget;
}

export interface SchedulerOptions {
  /** How often due work is looked for. */
  pollMs: number;
  /** How late a reservation or occurrence may still be sent; older ones become STALE. */
  graceMs: number;
  /** Reservations or schedules per transaction. */
  batchSize: number;
  database: DatabaseConfig;
}

export interface SchedulerStats {
  reservationsStarted: number;
  occurrencesStarted: number;
  stale: number;
  skipped: number;
  finished: number;
}

/** At most this many IN (…) parameters per statement (SQLite's limit is 32766, PostgreSQL's 65535). */
const IN_CHUNK = 500;
/** Occurrences of one schedule handled per tick (a long outage is caught up over several). */
const OCCURRENCES_PER_TICK = 200;
const ERROR_BACKOFF_MS = 1000;
/** Longest wait between ticks while they fail (the database is unreachable). */
const MAX_BACKOFF_MS = 8000;

const chunks = <T>(items: readonly T[], size = IN_CHUNK): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};
const marks = (n: number) => Array.from({ length: n }, () => "?").join(", ");
/** For NOT NULL DateTime columns read through raw SQL. */
const toDate = (v: unknown): Date => readDate(v)!;

interface SourceRequest {
  requestId: string;
  accountId: string;
  projectId: string;
  from: string;
  contentType: "COMM" | "AD";
  countryCode: string;
  projectDeleted: boolean;
}

interface Outcome {
  notices: Notice[];
  events: StatusEvent[];
  count: number;
}

export class Scheduler {
  readonly stats: SchedulerStats = {
    reservationsStarted: 0,
    occurrencesStarted: 0,
    stale: 0,
    skipped: 0,
    finished: 0,
  };
  private running = false;
  private loopDone: Promise<void> = Promise.resolve();
  private readonly snooze = new Snooze();
  private runner: ProgramRunner | null = null;
  private readonly backoff = new Backoff(ERROR_BACKOFF_MS, MAX_BACKOFF_MS);

  constructor(
    private readonly deps: Deps,
    private readonly options: SchedulerOptions,
  ) {}

  start(): this {
    if (this.running) return this;
    this.running = true;
    this.runner = openProgramRunner(this.options.database, this.deps.raw);
    this.loopDone = this.loop();
    return this;
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.snooze.wake();
    await this.loopDone;
    await this.runner?.close();
    this.runner = null;
  }

  /** Looks for due work now instead of at the next poll. */
  wake(): void {
    this.snooze.wake();
  }

  private async loop(): Promise<void> {
    while (this.running) {
      try {
        await this.tick();
        this.backoff.reset();
        await this.snooze.sleep(this.options.pollMs);
      } catch (err) {
        // Every step is its own transaction, so a failed tick is simply done again: what
        // committed is not redone, what did not is (see the header).
        const retryInMs = this.backoff.next();
        if (isDatabaseUnavailable(err))
          this.deps.logger.warn(
            { ...describeDbError(err), retryInMs },
            "scheduler tick failed: database unavailable; retrying",
          );
        else this.deps.logger.error({ err, retryInMs }, "scheduler tick failed; retrying");
        await this.snooze.sleep(retryInMs);
      }
    }
  }

  /** One pass: start what is due (in batches until none is left), then close what is finished. */
  async tick(): Promise<void> {
    const now = this.deps.clock.now();
    const todo = await this.pending(now);
    let started = false;
    for (let more = todo.reservations; more && this.running; ) {
      const out = await this.step(() => this.reservationsProgram(now));
      started ||= out.count > 0;
      more = out.count === this.options.batchSize;
    }
    for (let more = todo.schedules; more && this.running; ) {
      const out = await this.step(() => this.schedulesProgram(now));
      started ||= out.count > 0;
      more = out.count === this.options.batchSize;
    }
    if (started) this.deps.queued.notify();
    if (started || todo.processing) await this.step(() => this.finishProgram(now));
  }

  /** What this tick has to do, read without the write lock: an idle scheduler writes nothing. */
  private pending(now: Date) {
    return this.runner!.read(function* () {
      const any = function* (sql: string, params: SqlValue[] = []) {
        return (yield* query(`${sql} LIMIT 1`, params)).length > 0;
      };
      return {
        reservations: yield* any(
          `SELECT "id" FROM "Reservation" WHERE "status" = 'READY' AND "reserveTime" <= ?`,
          [now],
        ),
        schedules: yield* any(
          `SELECT "id" FROM "Schedule" WHERE "active" = ? AND "nextOccurrenceAt" <= ?`,
          [true, now],
        ),
        processing:
          (yield* any(`SELECT "id" FROM "Reservation" WHERE "status" = 'PROCESSING'`)) ||
          (yield* any(`SELECT "id" FROM "ScheduleOccurrence" WHERE "status" = 'PROCESSING'`)),
      };
    });
  }

  private async step(program: () => TxProgram<Outcome>): Promise<Outcome> {
    const out = await this.runner!.transaction(program);
    if (out.events.length) this.deps.pubsub.publish(out.events);
    if (out.notices.length) this.deps.pubsub.publishNotices(out.notices);
    return out;
  }

  // ── reservations ───────────────────────────────────────────────────────────────────

  private *reservationsProgram(now: Date): TxProgram<Outcome> {
    const notices: Notice[] = [];

    // Too late: not sent at all (docs/reservations-and-schedules.md#reservation-statuses: STALE).
    const stale = yield* query<{
      id: string;
      accountId: string;
      projectId: string;
      requestId: string;
    }>(
      `UPDATE "Reservation" SET "status" = 'STALE', "statusReason" = 'NOT_PROCESSED_IN_TIME', "finishedAt" = ?, "updatedAt" = ?
       WHERE "status" = 'READY' AND "reserveTime" < ?
       RETURNING "id", "accountId", "projectId", "requestId"`,
      [now, now, new Date(now.getTime() - this.options.graceMs)],
    );
    for (const r of stale)
      notices.push(reservationNotice(r, "STALE", "NOT_PROCESSED_IN_TIME", now));
    this.stats.stale += stale.length;

    const lock = this.runner!.provider === "postgresql" ? "FOR UPDATE OF r SKIP LOCKED" : "";
    const due = yield* query<{
      id: string;
      accountId: string;
      projectId: string;
      requestId: string;
      from: string;
      contentType: "COMM" | "AD";
      countryCode: string;
      requestTime: unknown;
      deletedAt: unknown;
    }>(
      `SELECT r."id", r."accountId", r."projectId", r."requestId", q."from", q."contentType", q."countryCode", q."requestTime", p."deletedAt"
       FROM "Reservation" r JOIN "MessageRequest" q ON q."id" = r."requestId" JOIN "Project" p ON p."id" = r."projectId"
       WHERE r."status" = 'READY' AND r."reserveTime" <= ?
       ORDER BY r."reserveTime" LIMIT ? ${lock}`,
      [now, this.options.batchSize],
    );
    if (!due.length) return { notices, events: [], count: 0 };
    const reasons = yield* this.skipReasons(
      due.map((r) => ({ ...r, projectDeleted: r.deletedAt !== null })),
    );
    const go = due.filter((r) => !reasons.has(r.requestId));
    for (const [reason, group] of groupBy(
      due.filter((r) => reasons.has(r.requestId)),
      (r) => reasons.get(r.requestId)!,
    )) {
      for (const ids of chunks(group.map((r) => r.id))) {
        yield* query(
          `UPDATE "Reservation" SET "status" = 'SKIP', "statusReason" = ?, "finishedAt" = ?, "updatedAt" = ? WHERE "id" IN (${marks(ids.length)})`,
          [reason, now, now, ...ids],
        );
      }
      for (const r of group) notices.push(reservationNotice(r, "SKIP", reason, now));
    }
    this.stats.skipped += due.length - go.length;
    // A reservation's messages belong to its own request (its requestId is what the user got).
    const events = yield* this.materialize(
      go.map((r) => ({
        source: r.requestId,
        contentType: r.contentType,
        target: {
          accountId: r.accountId,
          projectId: r.projectId,
          requestId: r.requestId,
          countryCode: r.countryCode,
          requestTime: toDate(r.requestTime),
        },
      })),
      now,
    );
    for (const ids of chunks(go.map((r) => r.id))) {
      yield* query(
        `UPDATE "Reservation" SET "status" = 'PROCESSING', "processedAt" = ?, "updatedAt" = ? WHERE "id" IN (${marks(ids.length)})`,
        [now, now, ...ids],
      );
    }
    // The messages now hold the recipients.
    for (const ids of chunks(go.map((r) => r.requestId))) {
      yield* query(
        `DELETE FROM "DeferredRecipient" WHERE "requestId" IN (${marks(ids.length)})`,
        ids,
      );
    }
    for (const r of go) notices.push(reservationNotice(r, "PROCESSING", null, now));
    this.stats.reservationsStarted += go.length;
    return { notices, events, count: due.length };
  }

  // ── schedules ──────────────────────────────────────────────────────────────────────

  private *schedulesProgram(now: Date): TxProgram<Outcome> {
    const lock = this.runner!.provider === "postgresql" ? "FOR UPDATE OF s SKIP LOCKED" : "";
    const schedules = yield* query<{
      id: string;
      accountId: string;
      projectId: string;
      daysOfWeek: string;
      time: string;
      timeZone: string;
      startsAt: unknown;
      endsAt: unknown;
      nextOccurrenceAt: unknown;
      deletedAt: unknown;
    }>(
      `SELECT s."id", s."accountId", s."projectId", s."daysOfWeek", s."time", s."timeZone", s."startsAt", s."endsAt", s."nextOccurrenceAt", p."deletedAt"
       FROM "Schedule" s JOIN "Project" p ON p."id" = s."projectId"
       WHERE s."active" = ? AND s."nextOccurrenceAt" <= ?
       ORDER BY s."nextOccurrenceAt" LIMIT ? ${lock}`,
      [true, now, this.options.batchSize],
    );
    const events: StatusEvent[] = [];
    const notices: Notice[] = [];
    for (const s of schedules) {
      const rule = ruleOf({ ...s, startsAt: toDate(s.startsAt), endsAt: toDate(s.endsAt) });
      const first = toDate(s.nextOccurrenceAt);
      // The pending occurrence and every later one up to now (more after a long outage).
      const instants = [first];
      while (instants.length < OCCURRENCES_PER_TICK) {
        const next = nextOccurrence(rule, instants[instants.length - 1]!);
        if (!next || next > now) break;
        instants.push(next);
      }
      const templates = yield* query<{
        id: string;
        requestId: string;
        createdAt: unknown;
        detachedAt: unknown;
        from: string;
        contentType: "COMM" | "AD";
        countryCode: string;
      }>(
        `SELECT t."id", t."requestId", t."createdAt", t."detachedAt", q."from", q."contentType", q."countryCode"
         FROM "ScheduleTemplate" t JOIN "MessageRequest" q ON q."id" = t."requestId" WHERE t."scheduleId" = ?`,
        [s.id],
      );
      const reasons = yield* this.skipReasons(
        templates.map((t) => ({
          ...t,
          accountId: s.accountId,
          projectId: s.projectId,
          projectDeleted: s.deletedAt !== null,
        })),
      );
      const started: MaterializeItem[] = [];
      for (const instant of instants) {
        const stale = instant.getTime() < now.getTime() - this.options.graceMs;
        for (const t of templates) {
          // A template takes part in the occurrences it was attached for.
          if (
            toDate(t.createdAt) > instant ||
            (t.detachedAt !== null && toDate(t.detachedAt) <= instant)
          )
            continue;
          const reason = stale ? "NOT_PROCESSED_IN_TIME" : (reasons.get(t.requestId) ?? null);
          const status = stale ? "STALE" : reason ? "SKIP" : "PROCESSING";
          const requestId = status === "PROCESSING" ? newId() : null;
          const occurrenceId = newId();
          // The unique (template, instant) row is the exactly-once guard: whoever inserts it sends.
          const inserted = yield* query(
            `INSERT INTO "ScheduleOccurrence" ("id", "accountId", "scheduleId", "templateId", "scheduledFor", "status", "statusReason", "requestId", "createdAt", "finishedAt")
             VALUES (?, ?, ?, ?, ?, ${this.runner!.provider === "postgresql" ? `?::"OccurrenceStatus"` : "?"}, ?, ?, ?, ?)
             ON CONFLICT ("templateId", "scheduledFor") DO NOTHING RETURNING "id"`,
            [
              occurrenceId,
              s.accountId,
              s.id,
              t.id,
              instant,
              status,
              reason,
              requestId,
              now,
              status === "PROCESSING" ? null : now,
            ],
          );
          if (!inserted.length) continue;
          notices.push(
            occurrenceNotice(
              {
                id: occurrenceId,
                accountId: s.accountId,
                projectId: s.projectId,
                scheduleId: s.id,
                scheduledFor: instant,
                requestId,
              },
              status,
              reason,
              now,
            ),
          );
          if (status === "STALE") this.stats.stale++;
          if (status === "SKIP") this.stats.skipped++;
          if (!requestId) continue;
          yield* query(
            `INSERT INTO "MessageRequest" ("id", "accountId", "projectId", "requestedType", "type", "contentType", "countryCode", "from", "effectiveFrom", "subject", "content", "mode", "status", "statusCode", "statusName", "recipientCount", "nightConsent", "requestTime", "scheduleId", "occurrenceId")
             SELECT ?, "accountId", "projectId", "requestedType", "type", "contentType", "countryCode", "from", "effectiveFrom", "subject", "content", "mode", "status", "statusCode", "statusName", "recipientCount", "nightConsent", ?, "scheduleId", ?
             FROM "MessageRequest" WHERE "id" = ?`,
            [requestId, now, occurrenceId, t.requestId],
          );
          yield* query(
            `INSERT INTO "MessageRequestFile" ("requestId", "fileId", "position") SELECT ?, "fileId", "position" FROM "MessageRequestFile" WHERE "requestId" = ?`,
            [requestId, t.requestId],
          );
          started.push({
            source: t.requestId,
            contentType: t.contentType,
            target: {
              accountId: s.accountId,
              projectId: s.projectId,
              requestId,
              countryCode: t.countryCode,
              requestTime: now,
            },
          });
          this.stats.occurrencesStarted++;
        }
      }
      events.push(...(yield* this.materialize(started, now)));
      const next = nextOccurrence(rule, instants[instants.length - 1]!);
      yield* query(`UPDATE "Schedule" SET "nextOccurrenceAt" = ?, "updatedAt" = ? WHERE "id" = ?`, [
        next,
        now,
        s.id,
      ]);
    }
    return { notices, events, count: schedules.length };
  }

  // ── shared ─────────────────────────────────────────────────────────────────────────

  /** Why each request cannot be sent now (docs/reservations-and-schedules.md#checks-at-send-time: SKIP), keyed by requestId; absent = sendable. */
  private *skipReasons(requests: readonly SourceRequest[]): TxProgram<Map<string, SkipReason>> {
    const reasons = new Map<string, SkipReason>();
    if (!requests.length) return reasons;
    const approved = yield* approvedSenders(
      requests.map((r) => ({ accountId: r.accountId, number: r.from })),
    );
    const adProjects = [
      ...new Set(requests.filter((r) => r.contentType === "AD").map((r) => r.projectId)),
    ];
    const with080 = new Set<string>();
    for (const ids of chunks(adProjects)) {
      const rows = yield* query<{ projectId: string }>(
        `SELECT DISTINCT "projectId" FROM "OptOutService" WHERE "status" = 'COMPLETE' AND "projectId" IN (${marks(ids.length)})`,
        ids,
      );
      for (const r of rows) with080.add(r.projectId);
    }
    for (const r of requests) {
      if (r.projectDeleted) reasons.set(r.requestId, "PROJECT_DELETED");
      else if (!approved.has(senderKey(r.accountId, r.from)))
        reasons.set(r.requestId, "SENDER_NOT_APPROVED");
      else if (r.contentType === "AD" && !with080.has(r.projectId))
        reasons.set(r.requestId, "NO_OPT_OUT_SERVICE");
    }
    return reasons;
  }

  /**
   * Creates the messages of each target request from its source's deferred recipients.
   * Opt-outs are checked now, at send time, for advertising only (the 080 list is where
   * recipients refuse advertising, not notices): opted-out recipients of an AD request end
   * COMPLETED/fail 9001 without reaching a carrier, like in an immediate send.
   */
  private *materialize(items: readonly MaterializeItem[], now: Date): TxProgram<StatusEvent[]> {
    if (!items.length) return [];
    const recipients = new Map<string, { to: string; subject: string | null; content: string }[]>();
    for (const ids of chunks([...new Set(items.map((i) => i.source))])) {
      const rows = yield* query<{
        requestId: string;
        to: string;
        subject: string | null;
        content: string;
      }>(
        `SELECT "requestId", "to", "subject", "content" FROM "DeferredRecipient" WHERE "requestId" IN (${marks(ids.length)}) ORDER BY "requestId", "position"`,
        ids,
      );
      for (const r of rows) {
        const list = recipients.get(r.requestId);
        if (list) list.push(r);
        else recipients.set(r.requestId, [r]);
      }
    }
    const ads = items.filter((i) => i.contentType === "AD");
    const optedOut = yield* this.optedOut(
      ads.map((i) => ({
        projectId: i.target.projectId,
        numbers: (recipients.get(i.source) ?? []).map((r) => r.to),
      })),
    );
    const batches = items.map(({ source, target, contentType }) => ({
      target,
      messages: (recipients.get(source) ?? []).map((r) => ({
        id: newId(),
        to: r.to,
        subject: r.subject,
        content: r.content,
        blocked:
          contentType === "AD" && optedOut.has(`${target.projectId}\u0000${optOutKey(r.to)}`)
            ? RESULT_CODES.OPTED_OUT
            : null,
      })),
    }));
    return yield* insertMessages(batches, now);
  }

  /** The project of each given schedule. */
  private *projectsOfSchedules(scheduleIds: readonly string[]): TxProgram<Map<string, string>> {
    const out = new Map<string, string>();
    for (const ids of chunks([...new Set(scheduleIds)])) {
      const rows = yield* query<{ id: string; projectId: string }>(
        `SELECT "id", "projectId" FROM "Schedule" WHERE "id" IN (${marks(ids.length)})`,
        ids,
      );
      for (const r of rows) out.set(r.id, r.projectId);
    }
    return out;
  }

  /** `${projectId}\0${number}` for every given number on its project's active opt-out list. */
  private *optedOut(
    groups: readonly { projectId: string; numbers: string[] }[],
  ): TxProgram<Set<string>> {
    const byProject = new Map<string, string[]>();
    for (const g of groups)
      byProject.set(g.projectId, [...(byProject.get(g.projectId) ?? []), ...g.numbers]);
    const out = new Set<string>();
    for (const [projectId, numbers] of byProject) {
      for (const n of yield* optedOutNumbers(projectId, numbers)) out.add(`${projectId}\u0000${n}`);
    }
    return out;
  }

  /** PROCESSING reservations and occurrences whose messages are all COMPLETED become DONE (any success) or FAIL (none). */
  private *finishProgram(now: Date): TxProgram<Outcome> {
    const notices: Notice[] = [];
    let count = 0;
    for (const table of ["Reservation", "ScheduleOccurrence"] as const) {
      const messages = `FROM "Message" m WHERE m."requestId" = "${table}"."requestId"`;
      for (const [status, reason, success] of [
        ["DONE", null, "EXISTS"],
        ["FAIL", "NO_MESSAGE_DELIVERED", "NOT EXISTS"],
      ] as const) {
        const rows = yield* query<{
          id: string;
          accountId: string;
          projectId: string;
          requestId: string;
          scheduleId: string;
          scheduledFor: unknown;
        }>(
          `UPDATE "${table}" SET "status" = '${status}', "statusReason" = ?, "finishedAt" = ?${table === "Reservation" ? `, "updatedAt" = ?` : ""}
           WHERE "status" = 'PROCESSING'
             AND NOT EXISTS (SELECT 1 ${messages} AND m."status" <> 'COMPLETED')
             AND ${success} (SELECT 1 ${messages} AND m."result" = 'SUCCESS')
           RETURNING "id", "accountId", "requestId", ${table === "Reservation" ? `"projectId", '' AS "scheduleId", NULL AS "scheduledFor"` : `'' AS "projectId", "scheduleId", "scheduledFor"`}`,
          table === "Reservation" ? [reason, now, now] : [reason, now],
        );
        count += rows.length;
        if (table === "Reservation") {
          for (const r of rows) notices.push(reservationNotice(r, status, reason, now));
          continue;
        }
        // An occurrence row has no projectId: its schedule's.
        const projects = yield* this.projectsOfSchedules(rows.map((r) => r.scheduleId));
        for (const r of rows) {
          notices.push(
            occurrenceNotice(
              {
                ...r,
                projectId: projects.get(r.scheduleId)!,
                scheduledFor: toDate(r.scheduledFor),
              },
              status,
              reason,
              now,
            ),
          );
        }
      }
    }
    this.stats.finished += count;
    return { notices, events: [], count };
  }
}

function optOutKey(number: string): string {
  const check = normalizeOptOutNumber(number);
  return check.ok ? check.number : number;
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

export function startScheduler(deps: Deps, options: SchedulerOptions): Scheduler {
  return new Scheduler(deps, options).start();
}
