// Background maintenance jobs (purges) run on an interval inside the gateway. Each job is
// idempotent and safe to run on several instances at once.
import type { Deps } from "./services/deps.ts";

export interface Job {
  name: string;
  intervalMs: number;
  run(deps: Deps): Promise<unknown>;
}

/** Jobs registered by the service modules (see services/*). */
export const jobs: Job[] = [];

export interface JobRunner {
  stop(): void;
}

export function startJobs(deps: Deps): JobRunner {
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
