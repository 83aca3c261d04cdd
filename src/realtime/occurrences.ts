// `scheduleOccurrenceChanged` (docs/realtime.md#reservations-and-occurrences): a schedule's occurrences as the scheduler
// handles them — PROCESSING when its request is created (or SKIP / STALE when nothing is
// sent), then DONE or FAIL once every message is COMPLETED. Live notices; the occurrences
// handled so far are `Schedule.occurrences`.
import type { Db } from "../db/client.ts";
import type { Actor } from "../services/deps.ts";
import { getSchedule } from "../services/schedules.ts";
import { Channel } from "./channel.ts";
import type { EventBus, OccurrenceNotice } from "./pubsub.ts";

export async function subscribeOccurrenceNotices(
  deps: { db: Db; pubsub: EventBus },
  actor: Actor,
  scheduleId: string,
  queueLimit: number,
): Promise<AsyncIterableIterator<OccurrenceNotice>> {
  const schedule = await getSchedule(deps, actor, scheduleId);
  let unsubscribe: (() => void) | null = null;
  const channel = new Channel<OccurrenceNotice>(() => unsubscribe?.());
  unsubscribe = await deps.pubsub.subscribeNotices(schedule.projectId, (notices) => {
    for (const n of notices) {
      if (
        n.kind !== "occurrence" ||
        n.scheduleId !== schedule.id ||
        n.accountId !== actor.accountId ||
        channel.isClosed
      )
        continue;
      // Notices are small and rare; a client this far behind is cut off rather than buffered forever.
      if (channel.size >= queueLimit) return channel.end();
      channel.push(n);
    }
  });
  return channel;
}
