// What every service needs: the database, the clock, a logger, the carrier used for
// verification codes and the box for access-key secrets. Built once by buildApp and shared
// by GraphQL, REST, CLI and workers.
import type { Clock } from "../clock.ts";
import type { WebhookConfig } from "../config.ts";
import type { Db } from "../db/client.ts";
import type { ProgramRunner } from "../db/program.ts";
import type { RawDb } from "../db/raw.ts";
import type { Carrier } from "../delivery/carrier.ts";
import type { Logger } from "../logger.ts";
import type { EventBus } from "../realtime/pubsub.ts";
import type { SecretBox } from "../secretKey.ts";
import type { QueueSignal } from "./queueSignal.ts";

export interface Deps {
  db: Db;
  /** Raw SQL for bulk hot paths (sending, dispatching); see db/raw.ts. */
  raw: RawDb;
  /** Write transactions of the hot paths, safe on SQLite (see db/program.ts). */
  programs: ProgramRunner;
  clock: Clock;
  logger: Logger;
  carrier: Carrier;
  /** Where committed status events are published (in memory, or Redis across processes). */
  pubsub: EventBus;
  /** Seals and opens REST access-key secrets (SECRET_KEY). */
  secrets: SecretBox;
  /** Configured caps the services enforce. */
  limits: { apiKeysPerAccount: number };
  /** Webhook target rules and limits (src/webhooks/). */
  webhooks: WebhookConfig;
  /** Told after messages were queued, so a local dispatcher can start at once. */
  queued: QueueSignal;
}

/** Who is calling: resolved from an API key. Every service call is scoped by it. */
export interface Actor {
  accountId: string;
  keyId: string;
  role: "MEMBER" | "OPERATOR";
}
