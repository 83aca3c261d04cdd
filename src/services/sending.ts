// Sending (docs/sending.md): loads the facts a send depends on (project, approved sender,
// schedule, files, the 080 number, opt-outs), lets the pure rules of domain/sendPlan.ts turn
// input and facts into a checked plan — effective type, sender and content per recipient,
// byte counts, opt-out and AD decisions — that `previewMessage` returns as is and
// `sendMessage` persists in one transaction. Both share `planSend`, so a preview says
// exactly what a send would do.
import { createHash } from "node:crypto";
import { IdempotencyConflictError, NotFoundError, ValidationError } from "../domain/errors.ts";
import { yieldToEventLoop } from "../domain/pause.ts";
import { checkFileCount } from "../domain/mmsFile.ts";
import { checkReserveTime } from "../domain/reservations.ts";
import {
  blockOptedOut,
  checkCountry,
  checkSenderFormat,
  planSend as planRules,
  type SendFacts,
  type SendInput,
  type SendPlan,
  type SendTiming,
} from "../domain/sendPlan.ts";
import {
  IDEMPOTENCY_WINDOW_MS,
  persistDeferred,
  persistPlan,
  type KeyHolder,
} from "./sendWrites.ts";
import { optedOutNumbers } from "../db/optOuts.ts";
import { isApprovedSender } from "../db/senderNumbers.ts";
import { newId } from "../ids.ts";
import type { Actor, Deps } from "./deps.ts";
import { MMS_FILE_RETENTION_DAYS } from "./messages.ts";

export type {
  PlannedMessage,
  SendInput,
  SendMode,
  SendPlan,
  SendTiming,
} from "../domain/sendPlan.ts";

function hashPayload(actor: Actor, input: SendInput): string {
  const { idempotencyKey: _ignored, newFiles, ...payload } = input;
  const h = createHash("sha256").update(JSON.stringify([actor.accountId, payload]));
  for (const f of newFiles ?? []) h.update(f.fileName).update(f.data);
  return h.digest("hex");
}

/** Validates everything and computes what would be sent. Writes nothing. */
export async function planSend(deps: Deps, actor: Actor, input: SendInput): Promise<SendPlan> {
  const facts = await loadFacts(deps, actor, input);
  const plan = await planRules(input, facts, {
    newId,
    random: Math.random,
    pause: yieldToEventLoop,
  });
  // Only AD is held back by the 080 list, so only AD reads it (for the rows that passed).
  if (plan.contentType === "AD") {
    const optedOut = await deps.programs.read(() =>
      optedOutNumbers(
        plan.projectId,
        plan.messages.map((m) => m.to),
      ),
    );
    await yieldToEventLoop();
    blockOptedOut(plan, optedOut);
  }
  // Serialising 100,000 recipients to hash them is work: only a key needs it.
  if (input.idempotencyKey) plan.payloadHash = hashPayload(actor, input);
  return plan;
}

/** What the rules depend on that only the database knows; refuses what is missing or not allowed. */
async function loadFacts(deps: Deps, actor: Actor, input: SendInput): Promise<SendFacts> {
  checkFileCount(input.fileIds?.length ?? 0, input.newFiles?.length ?? 0, ["input", "fileIds"]);
  const now = deps.clock.now();
  const project = await deps.db.project.findFirst({
    where: { id: input.projectId, accountId: actor.accountId, deletedAt: null },
  });
  if (!project) throw new NotFoundError("Project", input.projectId);
  const countryCode = checkCountry(input.countryCode);
  const timing = await resolveTiming(deps, actor, project.id, input, now);
  const from = checkSenderFormat(input.from);
  if (!(await isApprovedSender(deps.db, actor.accountId, from))) {
    throw ValidationError.field(
      ["input", "from"],
      `${from} is not an APPROVED sender number of this account`,
    );
  }
  const fileIds = await existingFiles(deps, actor, input.fileIds ?? [], now);
  const newFiles = (input.newFiles ?? []).map((f) => ({ ...f, id: newId() }));
  // AD rules need the project's 080 number.
  let number080: string | null = null;
  if (input.contentType === "AD") {
    const service = await deps.db.optOutService.findFirst({
      where: { projectId: project.id, status: "COMPLETE" },
    });
    number080 = service?.number080 ?? null;
  }
  return { projectId: project.id, countryCode, from, timing, fileIds, newFiles, number080, now };
}

/** Files (MMS): the caller's own uploads, by id, each once; refused when missing or expired. */
async function existingFiles(
  deps: Deps,
  actor: Actor,
  ids: string[],
  now: Date,
): Promise<string[]> {
  const fileIds = [...new Set(ids)];
  if (!fileIds.length) return fileIds;
  const files = await deps.db.storedFile.findMany({
    where: { id: { in: fileIds }, accountId: actor.accountId, purpose: "MMS" },
    select: { id: true, expiresAt: true },
  });
  const found = new Set(files.map((f) => f.id));
  const missing = fileIds.filter((id) => !found.has(id));
  if (missing.length) throw new NotFoundError("File", missing.join(", "));
  const expired = files.filter((f) => f.expiresAt && f.expiresAt <= now);
  if (expired.length) {
    throw ValidationError.field(
      ["input", "fileIds"],
      `File ${expired.map((f) => f.id).join(", ")} expired (uploaded files can be used for ${MMS_FILE_RETENTION_DAYS} days); upload it again`,
    );
  }
  return fileIds;
}

async function resolveTiming(
  deps: Deps,
  actor: Actor,
  projectId: string,
  input: SendInput,
  now: Date,
): Promise<SendTiming> {
  const mode = input.mode ?? "IMMEDIATE";
  if (mode !== "RESERVATION" && input.reservation) {
    throw ValidationError.field(
      ["input", "reservation"],
      "reservation is only used with mode: RESERVATION",
    );
  }
  if (mode !== "SCHEDULE" && input.scheduleCode) {
    throw ValidationError.field(
      ["input", "scheduleCode"],
      "scheduleCode is only used with mode: SCHEDULE",
    );
  }
  if (mode === "RESERVATION") {
    if (!input.reservation)
      throw ValidationError.field(
        ["input", "reservation"],
        "mode: RESERVATION needs reservation { localTime, timeZone }",
      );
    const checked = checkReserveTime(input.reservation.localTime, input.reservation.timeZone, now);
    if (!checked.ok)
      throw ValidationError.field(
        ["input", "reservation", checked.field ?? "localTime"],
        checked.reason,
      );
    return { mode, reserve: checked.value };
  }
  if (mode === "SCHEDULE") {
    if (!input.scheduleCode?.trim())
      throw ValidationError.field(
        ["input", "scheduleCode"],
        "mode: SCHEDULE needs the scheduleCode of one of this project's schedules",
      );
    const schedule = await deps.db.schedule.findFirst({
      where: { accountId: actor.accountId, projectId, code: input.scheduleCode.trim() },
    });
    if (!schedule) throw new NotFoundError("Schedule", input.scheduleCode.trim());
    if (!schedule.active || schedule.nextOccurrenceAt === null) {
      throw ValidationError.field(
        ["input", "scheduleCode"],
        `Schedule ${schedule.code} has no occurrences left (inactive or past its active period)`,
      );
    }
    return { mode, scheduleId: schedule.id };
  }
  return { mode: "IMMEDIATE" };
}

export interface SendResult {
  requestId: string;
  /** True when an earlier request with the same idempotency key was returned. */
  replayed: boolean;
  plan: SendPlan | null;
}

/** Plans and persists a send: the request, every message, and events for gateway-completed ones. */
export async function sendMessage(deps: Deps, actor: Actor, input: SendInput): Promise<SendResult> {
  // Bounded lists first, before the idempotency lookup (planSend checks again for previews).
  checkFileCount(input.fileIds?.length ?? 0, input.newFiles?.length ?? 0, ["input", "fileIds"]);
  const now = deps.clock.now();
  if (input.idempotencyKey) {
    // Fast path: a retry of an accepted request is answered without planning it again. The
    // insert below is what makes the key exclusive under concurrency.
    const previous = await deps.db.messageRequest.findFirst({
      where: { accountId: actor.accountId, idempotencyKey: input.idempotencyKey },
    });
    if (previous && now.getTime() - previous.requestTime.getTime() < IDEMPOTENCY_WINDOW_MS)
      return replayOf(previous, hashPayload(actor, input));
  }
  const plan = await planSend(deps, actor, input);
  await yieldToEventLoop();
  const requestId = newId();
  const key = input.idempotencyKey ?? null;
  const winner =
    plan.timing.mode === "IMMEDIATE"
      ? await persistPlan(deps, actor, plan, requestId, now, key)
      : await persistDeferred(deps, actor, plan, requestId, now, key);
  if (winner) return replayOf(winner, plan.payloadHash);
  // This service queued the messages, so it wakes the local dispatcher (GraphQL and REST alike).
  if (plan.timing.mode === "IMMEDIATE") deps.queued.notify();
  return { requestId, replayed: false, plan };
}

/** The request that holds the idempotency key: the same payload is a replay, another one a conflict. */
function replayOf(holder: KeyHolder, payloadHash: string | null): SendResult {
  if (holder.payloadHash !== payloadHash) throw new IdempotencyConflictError(holder.id);
  return { requestId: holder.id, replayed: true, plan: null };
}
