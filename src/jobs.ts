// Background maintenance jobs (purges, leftover pending chunks) run on an interval inside the
// gateway. Every job is listed here, once; each is idempotent and safe to run on several
// instances at once.
import type { Deps } from "./services/deps.ts";
import { purgeExpiredFiles, purgeHistory } from "./services/messages.ts";
import { purgeStoppedOptOutServices } from "./services/optOut.ts";
import { materializePending } from "./services/pendingMessages.ts";
import { purgeVerificationSends } from "./services/senderNumbers.ts";
import { trimProjectEventLog, trimWebhookAttempts } from "./webhooks/endpoints.ts";

export interface Job {
  name: string;
  intervalMs: number;
  run(deps: Deps): Promise<unknown>;
}

const HOUR_MS = 60 * 60 * 1000;

/** Every background job of the gateway. */
export const JOBS: readonly Job[] = [
  // After a crash (or a stop) between chunks: the rest of a big send is created here.
  { name: "pending-messages", intervalMs: 10_000, run: (deps) => materializePending(deps) },
  { name: "purge-message-history", intervalMs: HOUR_MS, run: purgeHistory },
  { name: "purge-expired-mms-files", intervalMs: HOUR_MS, run: purgeExpiredFiles },
  { name: "purge-stopped-opt-out-services", intervalMs: HOUR_MS, run: purgeStoppedOptOutServices },
  { name: "purge-verification-sends", intervalMs: HOUR_MS, run: purgeVerificationSends },
  { name: "trim-webhook-attempts", intervalMs: HOUR_MS, run: trimWebhookAttempts },
  { name: "trim-project-events", intervalMs: HOUR_MS, run: trimProjectEventLog },
];

export interface JobRunner {
  stop(): void;
}

export function startJobs(deps: Deps, jobs: readonly Job[] = JOBS): JobRunner {
  const timers = jobs.map((job) => {
    const tick = () =>
      job
        .run(deps)
        .catch((err: unknown) =>
          deps.logger.error({ err, job: job.name }, "background job failed"),
        );
    void tick();
    const t = setInterval(tick, job.intervalMs);
    t.unref();
    return t;
  });
  return { stop: () => timers.forEach(clearInterval) };
}
