// `webhookEndpointLag` (docs/webhooks.md#lag): the lag of each of a project's endpoints, at
// once and then whenever it changes. Driven by the bus, not by polling: the project's status
// events and notices (reservations, occurrences, ARS opt-outs — the logs' heads move) and
// the worker's and endpoint mutations' `webhook` notices (cursors move). Bursts coalesce to
// one read of the endpoints per COALESCE_MS; a slow consumer only gets the newest snapshot;
// a slow REFRESH_MS re-read covers a notice lost on the bus.
import { endpointLags, type EndpointLag } from "../db/webhooks.ts";
import { Channel } from "../realtime/channel.ts";
import type { Actor, Deps } from "../services/deps.ts";
import { getProject } from "../services/projects.ts";

export interface LagSnapshot {
  projectId: string;
  endpoints: EndpointLag[];
  at: Date;
}

export const COALESCE_MS = 250;
const REFRESH_MS = 10_000;

export async function subscribeEndpointLag(
  deps: Deps,
  actor: Actor,
  projectId: string,
): Promise<AsyncIterableIterator<LagSnapshot>> {
  const project = await getProject(deps, actor, projectId);
  let closed = false;
  let running = false;
  let dirty = false;
  let timer: NodeJS.Timeout | undefined;
  let dueAt = Infinity;
  let last = "";
  const stops: (() => void)[] = [];
  const channel = new Channel<LagSnapshot>(() => {
    closed = true;
    clearTimeout(timer);
    for (const stop of stops) stop();
  });

  /** Reads after `delay` unless a read is already due sooner (a steady stream cannot postpone it). */
  const schedule = (delay: number) => {
    const at = Date.now() + delay;
    if (at >= dueAt) return;
    clearTimeout(timer);
    dueAt = at;
    timer = setTimeout(() => {
      dueAt = Infinity;
      void refresh();
    }, delay);
  };

  async function refresh(): Promise<void> {
    if (closed || running) return;
    running = true;
    try {
      dirty = false;
      const endpoints = await endpointLags(deps.db, project.id);
      const key = JSON.stringify(endpoints);
      if (!closed && key !== last) {
        last = key;
        channel.pushLatest({ projectId: project.id, endpoints, at: deps.clock.now() });
      }
    } catch (err) {
      deps.logger.warn({ err, projectId: project.id }, "webhook lag read failed; retrying");
      dirty = true;
    } finally {
      running = false;
    }
    if (!closed) schedule(dirty ? COALESCE_MS : REFRESH_MS);
  }

  const touched = () => {
    if (closed) return;
    dirty = true;
    schedule(COALESCE_MS);
  };
  try {
    stops.push(await deps.pubsub.subscribe(project.id, touched));
    stops.push(await deps.pubsub.subscribeNotices(project.id, touched));
  } catch (err) {
    void channel.return();
    throw err;
  }
  await refresh();
  return channel;
}
