// Webhook endpoints as a service (docs/webhooks.md): create (the secret is returned once),
// update, rotate the secret, delete, replay, send a test event. Every check runs before
// anything is written; failures are typed (ValidationError, LimitExceededError, NotFoundError).
import {
  changeEndpoint,
  countEndpoints,
  findEndpoint,
  insertEndpoint,
  logAttempt,
  projectHead,
  removeEndpoint,
  storeRotatedSecret,
  trimAttempts,
} from "../db/webhooks.ts";
import { projectEventHead, trimProjectEvents } from "../db/projectEvents.ts";
import { LimitExceededError, NotFoundError, ValidationError } from "../domain/errors.ts";
import { newId } from "../ids.ts";
import type { Actor, Deps } from "../services/deps.ts";
import { HISTORY_RETENTION_DAYS } from "../services/messages.ts";
import { getProject } from "../services/projects.ts";
import { EVENT_TYPES, testEvent, type EventType } from "./payload.ts";
import { post } from "./post.ts";
import { openSecrets, ROTATION_OVERLAP_MS, sealSecret } from "./secrets.ts";
import { newSecret, signedHeaders } from "./signing.ts";
import { resolveTarget, UnsafeTargetError } from "./targets.ts";

export const DESCRIPTION_MAX = 500;
export const BATCH_MAX = 1000;

async function checkUrl(deps: Deps, url: string): Promise<string> {
  try {
    await resolveTarget(url.trim(), deps.webhooks);
  } catch (err) {
    if (err instanceof UnsafeTargetError)
      throw ValidationError.field(["input", "url"], `Webhook URL refused: ${err.message}`);
    throw err;
  }
  return url.trim();
}

function checkTypes(types: readonly string[]): string {
  const set = new Set(types);
  if (!set.size)
    throw ValidationError.field(["input", "eventTypes"], "Choose at least one event type");
  for (const t of set)
    if (!EVENT_TYPES.includes(t as EventType))
      throw ValidationError.field(["input", "eventTypes"], `Unknown event type ${t}`);
  return EVENT_TYPES.filter((t) => set.has(t)).join(",");
}

function checkDescription(d: string): string {
  if (d.length > DESCRIPTION_MAX)
    throw ValidationError.field(
      ["input", "description"],
      `Description must be at most ${DESCRIPTION_MAX} characters (got ${d.length})`,
    );
  return d;
}

function checkBatch(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > BATCH_MAX)
    throw ValidationError.field(["input", "batchSize"], `batchSize must be 1–${BATCH_MAX}`);
  return n;
}

export interface CreateEndpointInput {
  projectId: string;
  url: string;
  eventTypes: readonly string[];
  description?: string | null;
  batchSize?: number | null;
}

export async function createEndpoint(deps: Deps, actor: Actor, input: CreateEndpointInput) {
  const description = checkDescription(input.description ?? "");
  const eventTypes = checkTypes(input.eventTypes);
  const batchSize = checkBatch(input.batchSize ?? 1);
  const project = await getProject(deps, actor, input.projectId);
  const url = await checkUrl(deps, input.url);
  const limit = deps.webhooks.endpointsPerProject;
  const current = await countEndpoints(deps.db, project.id);
  if (current >= limit)
    throw new LimitExceededError(
      `A project has at most ${limit} webhook endpoints`,
      limit,
      current,
    );
  const id = newId();
  const secret = newSecret();
  const endpoint = await insertEndpoint(deps.db, {
    id,
    accountId: actor.accountId,
    projectId: project.id,
    url,
    eventTypes,
    description,
    batchSize,
    secretSealed: sealSecret(deps, id, secret),
    // New endpoints receive what happens from now on (in both logs); replay reaches back.
    cursorSeq: await projectHead(deps.db, project.id),
    projectCursorSeq: await projectEventHead(deps.db, project.id),
    now: deps.clock.now(),
  });
  endpointChanged(deps, endpoint);
  return { endpoint, secret };
}

/** Tells webhookEndpointLag subscribers (on any gateway) that the project's endpoints changed. */
export function endpointChanged(
  deps: Deps,
  e: { id: string; accountId: string; projectId: string },
): void {
  deps.pubsub.publishNotices([
    {
      kind: "webhook",
      accountId: e.accountId,
      projectId: e.projectId,
      endpointId: e.id,
      at: deps.clock.now().getTime(),
    },
  ]);
}

export async function getEndpoint(deps: Deps, actor: Actor, id: string) {
  const e = await findEndpoint(deps.db, actor.accountId, id);
  if (!e) throw new NotFoundError("WebhookEndpoint", id);
  return e;
}

export interface UpdateEndpointInput {
  url?: string | null;
  eventTypes?: readonly string[] | null;
  description?: string | null;
  batchSize?: number | null;
  enabled?: boolean | null;
}

export async function updateEndpoint(
  deps: Deps,
  actor: Actor,
  id: string,
  input: UpdateEndpointInput,
) {
  const data: Parameters<typeof changeEndpoint>[2] = { now: deps.clock.now() };
  if (input.eventTypes != null) data.eventTypes = checkTypes(input.eventTypes);
  if (input.description != null) data.description = checkDescription(input.description);
  if (input.batchSize != null) data.batchSize = checkBatch(input.batchSize);
  if (input.enabled != null) data.enabled = input.enabled;
  await getEndpoint(deps, actor, id);
  if (input.url != null) data.url = await checkUrl(deps, input.url);
  const endpoint = await changeEndpoint(deps.db, id, data);
  endpointChanged(deps, endpoint);
  return endpoint;
}

/** A new secret signs from now on; the old one keeps signing too for ROTATION_OVERLAP_MS. */
export async function rotateSecret(deps: Deps, actor: Actor, id: string) {
  const e = await getEndpoint(deps, actor, id);
  const secret = newSecret();
  const until = new Date(deps.clock.now().getTime() + ROTATION_OVERLAP_MS);
  const endpoint = await storeRotatedSecret(
    deps.db,
    id,
    sealSecret(deps, id, secret),
    e.secretSealed,
    until,
  );
  return { endpoint, secret, previousValidUntil: until };
}

export async function deleteEndpoint(deps: Deps, actor: Actor, id: string): Promise<void> {
  const e = await getEndpoint(deps, actor, id);
  await removeEndpoint(deps.db, id);
  endpointChanged(deps, e);
}

/** POSTs one signed `webhook.test` event now (outside the event stream) and reports the answer. */
export async function sendTestEvent(deps: Deps, actor: Actor, id: string) {
  const e = await getEndpoint(deps, actor, id);
  const now = deps.clock.now();
  const webhookId = `test_${newId()}`;
  const body = JSON.stringify(testEvent(webhookId, e.projectId, now));
  let result: Awaited<ReturnType<typeof post>>;
  try {
    const target = await resolveTarget(e.url, deps.webhooks);
    const headers = signedHeaders(
      openSecrets(deps.secrets, e, now),
      webhookId,
      Math.floor(Date.now() / 1000),
      body,
    );
    result = await post(target, headers, body, deps.webhooks.timeoutMs);
  } catch (err) {
    if (!(err instanceof UnsafeTargetError)) throw err;
    result = { status: null, retryAfter: null, response: `refused: ${err.message}`, latencyMs: 0 };
  }
  const attempt = await logAttempt(deps.db, {
    endpointId: e.id,
    webhookId,
    firstSeq: 0,
    lastSeq: 0,
    events: 1,
    outcome: "TEST",
    statusCode: result.status,
    latencyMs: result.latencyMs,
    response: result.response,
    createdAt: now,
  });
  return { ...attempt, ok: result.status !== null && result.status >= 200 && result.status < 300 };
}

/** The job that keeps the delivery log to its last WEBHOOK_LOG_DAYS days (src/jobs.ts). */
export function trimWebhookAttempts(deps: Deps): Promise<unknown> {
  return trimAttempts(
    deps.db,
    new Date(deps.clock.now().getTime() - deps.webhooks.logDays * 24 * 3_600_000),
  );
}

/** The job that keeps the project event log as long as message history (src/jobs.ts). */
export function trimProjectEventLog(deps: Deps): Promise<unknown> {
  return trimProjectEvents(
    deps.db,
    new Date(deps.clock.now().getTime() - HISTORY_RETENTION_DAYS * 24 * 3_600_000),
  );
}
