// What the webhook delivery worker (webhooks/worker.ts) needs, and how a gateway gives it
// that on its own connections and event loop (webhooks/thread.ts builds it in a thread).
import type { Clock } from "../clock.ts";
import type { ProgramRunner } from "../db/program.ts";
import type { Logger } from "../logger.ts";
import type { SecretBox } from "../secretKey.ts";
import type { Deps } from "../services/deps.ts";
import { endpointChanged } from "./endpoints.ts";

/** The endpoint whose cursors or failure state moved (webhookEndpointLag subscribers hear of it). */
export type ChangedEndpoint = Parameters<typeof endpointChanged>[1];

/**
 * What the worker needs: transaction programs on its own connections (no Prisma client, so it
 * can run in a thread of its own, webhooks/thread.ts), time, a logger, the secret box that
 * opens signing secrets, and someone to tell that an endpoint moved (lag subscribers).
 */
export interface WebhookDeps {
  programs: ProgramRunner;
  clock: Clock;
  logger: Logger;
  secrets: SecretBox;
  changed(endpoint: ChangedEndpoint): void;
}

/** The worker's deps on the gateway's own connections (the worker runs on its event loop). */
export function webhookDeps(deps: Deps): WebhookDeps {
  return {
    programs: deps.programs,
    clock: deps.clock,
    logger: deps.logger,
    secrets: deps.secrets,
    changed: (e) => endpointChanged(deps, e),
  };
}
