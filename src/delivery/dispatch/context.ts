// What the pieces of one dispatcher share: its dependencies, options and lease owner name,
// the program runner it opened, its counters, and how it reports a failed database step.
import type { DatabaseConfig, DispatchConfig } from "../../config.ts";
import { describeDbError, isDatabaseUnavailable } from "../../db/errors.ts";
import {
  isDuplicateCompletedEvent,
  type AppendOptions,
  type NewStatusEvent,
} from "../../db/events.ts";
import type { ClaimedMessage, MessageOutcome } from "../../db/messages.ts";
import type { ProgramRunner, TxProgram } from "../../db/program.ts";
import type { Deps } from "../../services/deps.ts";

export type DispatcherOptions = Omit<DispatchConfig, "enabled"> & {
  /** The database deps.raw points at; SQLite gets a connection of the dispatcher's own (see db/program.ts). */
  database: DatabaseConfig;
  /** Lease owner written on claimed messages; unique per dispatcher by default. */
  owner?: string;
};

export interface DispatcherStats {
  claimed: number;
  reclaimed: number;
  delivered: number;
  completed: number;
  /** Results dropped because another dispatcher had taken the message over (lease expired). */
  lostLeases: number;
}

export interface DispatchContext {
  readonly deps: Deps;
  readonly options: DispatcherOptions;
  readonly owner: string;
  readonly runner: ProgramRunner;
  readonly stats: DispatcherStats;
}

/** A result in hand, waiting to be recorded. */
export interface Completion {
  message: ClaimedMessage;
  outcome: MessageOutcome;
}

/** A lost database is expected now and then (a warning, retried); anything else is an error. */
export function logFailure(
  ctx: DispatchContext,
  err: unknown,
  what: string,
  retryInMs: number,
  extra: Record<string, unknown> = {},
): void {
  const owner = ctx.owner;
  if (isDatabaseUnavailable(err))
    ctx.deps.logger.warn(
      { owner, ...extra, ...describeDbError(err), retryInMs },
      `${what}: database unavailable; retrying`,
    );
  else ctx.deps.logger.error({ err, owner, ...extra, retryInMs }, `${what}; retrying`);
}

/**
 * Runs a transaction that records status events. When the database refuses a second
 * COMPLETED event for a message (its unique index; the completion guard should never let
 * that happen), the refusal is logged and the program runs again leaving out the events
 * already recorded: the statuses still change, and the dispatcher goes on instead of
 * retrying a transaction that can never commit.
 */
export async function recordEvents<T>(
  ctx: DispatchContext,
  program: (append: AppendOptions) => TxProgram<T>,
): Promise<T> {
  try {
    return await ctx.runner.transaction(() => program({}));
  } catch (err) {
    if (!isDuplicateCompletedEvent(err)) throw err;
    ctx.deps.logger.error(
      { err, owner: ctx.owner },
      "the database refused a second COMPLETED event for a message; recording without it",
    );
    return ctx.runner.transaction(() => program({ skipRecordedCompletions: true }));
  }
}

export function processingEvent(m: ClaimedMessage): NewStatusEvent {
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

export function completedEvent(c: Completion): NewStatusEvent {
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
