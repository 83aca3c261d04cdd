// Sending (docs/sending.md): turns a send input into a checked plan — effective type,
// sender and content per recipient, byte counts, opt-out and AD decisions — that
// `previewMessage` returns as is and `sendMessage` persists in one transaction. Both paths
// share `planSend`, so a preview says exactly what a send would do.
import { createHash } from "node:crypto";
import {
  adMayBeDelivered,
  checkAdContent,
  describeAdIssue,
  makeAdCompliant,
} from "../domain/adPolicy.ts";
import { measureEucKr } from "../domain/bytes.ts";
import {
  applyCountryPolicy,
  isSupportedCountry,
  type CountryCode,
} from "../domain/countryPolicy.ts";
import {
  AdPolicyError,
  IdempotencyConflictError,
  NotFoundError,
  RecipientsRejectedError,
  ValidationError,
  type FieldIssue,
  type RecipientRowReport,
} from "../domain/errors.ts";
import {
  checkShape,
  checkText,
  decideType,
  describeTextIssue,
  type MessageType,
  type RequestedType,
} from "../domain/messageRules.ts";
import { RecipientCollector, type RecipientInput } from "../domain/recipients.ts";
import { RESULT_CODES } from "../domain/resultCodes.ts";
import { yieldToEventLoop } from "../domain/pause.ts";
import { checkFileCount, type CheckedMmsFile } from "../domain/mmsFile.ts";
import {
  IDEMPOTENCY_WINDOW_MS,
  persistDeferred,
  persistPlan,
  type KeyHolder,
} from "./sendWrites.ts";
import { newId } from "../ids.ts";
import type { Actor, Deps } from "./deps.ts";
import { MMS_FILE_RETENTION_DAYS } from "./messages.ts";
import { optedOutNumbers } from "./optOut.ts";
import { isApprovedSender } from "./senderNumbers.ts";
import { normaliseSenderNumber } from "../domain/senderNumber.ts";
import { checkReserveTime, type ReserveTime } from "../domain/reservations.ts";

export interface SendInput {
  projectId: string;
  type: RequestedType;
  contentType: "COMM" | "AD";
  countryCode: string;
  from: string;
  subject?: string | null;
  content: string;
  recipients: { list?: RecipientInput[] | null; text?: string | null; csv?: string | null };
  /** SEND_VALID sends the good rows and reports the rest; REFUSE_ALL refuses the request. */
  invalidRecipients: "SEND_VALID" | "REFUSE_ALL";
  fileIds?: string[] | null;
  /** Files uploaded with this request, already checked (domain/mmsFile.ts); stored with it. */
  newFiles?: CheckedMmsFile[] | null;
  /** Adds "(광고)" and the 080 footer to AD content instead of refusing it. */
  adAutoComply?: boolean | null;
  /** Recipients gave separate consent to AD at night (docs/sending.md#advertising-ad). */
  nightConsent?: boolean | null;
  /** Taiwan: keep the entered sender instead of a random one. */
  fixedSender?: boolean | null;
  idempotencyKey?: string | null;
  /** IMMEDIATE (default), RESERVATION (one-off at `reservation`, docs/reservations-and-schedules.md#reservations) or SCHEDULE (a template of `scheduleCode`, docs/reservations-and-schedules.md#schedules). */
  mode?: SendMode | null;
  reservation?: { localTime: string; timeZone?: string | null } | null;
  scheduleCode?: string | null;
}

export type SendMode = "IMMEDIATE" | "RESERVATION" | "SCHEDULE";

/** When the messages of a plan will be created: now, at a reservation time, or at every occurrence of a schedule. */
export type SendTiming =
  | { mode: "IMMEDIATE" }
  | { mode: "RESERVATION"; reserve: ReserveTime }
  | { mode: "SCHEDULE"; scheduleId: string };

export interface PlannedMessage {
  id: string;
  to: string;
  subject: string | null;
  content: string;
  bytes: number;
  /** Set when the gateway completes the message itself (opt-out); nothing goes to a carrier. */
  blocked: (typeof RESULT_CODES)[keyof typeof RESULT_CODES] | null;
}

export interface SendPlan {
  projectId: string;
  requestedType: RequestedType;
  type: MessageType;
  typeNote: string | null;
  contentType: "COMM" | "AD";
  countryCode: CountryCode;
  from: string;
  effectiveFrom: string;
  subject: string | null;
  content: string;
  fileIds: string[];
  newFiles: (CheckedMmsFile & { id: string })[];
  nightConsent: boolean;
  messages: PlannedMessage[];
  rejected: RecipientRowReport[];
  duplicates: RecipientRowReport[];
  /** Only with an idempotency key: it is what a retry's payload is compared with. */
  payloadHash: string | null;
  timing: SendTiming;
}

function hashPayload(actor: Actor, input: SendInput): string {
  const { idempotencyKey: _ignored, newFiles, ...payload } = input;
  const h = createHash("sha256").update(JSON.stringify([actor.accountId, payload]));
  for (const f of newFiles ?? []) h.update(f.fileName).update(f.data);
  return h.digest("hex");
}

/** Validates everything and computes what would be sent. Writes nothing. */
export async function planSend(deps: Deps, actor: Actor, input: SendInput): Promise<SendPlan> {
  checkFileCount(input.fileIds?.length ?? 0, input.newFiles?.length ?? 0, ["input", "fileIds"]);
  const now = deps.clock.now();
  const project = await deps.db.project.findFirst({
    where: { id: input.projectId, accountId: actor.accountId, deletedAt: null },
  });
  if (!project) throw new NotFoundError("Project", input.projectId);

  const issues: FieldIssue[] = [];
  if (!isSupportedCountry(input.countryCode)) {
    throw ValidationError.field(
      ["input", "countryCode"],
      `Country code ${input.countryCode} is not supported (supported: 82, 1, 65, 81, 852, 86, 886)`,
    );
  }
  const countryCode = input.countryCode;
  const timing = await resolveTiming(deps, actor, project.id, input, now);

  let from: string;
  try {
    from = normaliseSenderNumber(input.from);
  } catch {
    throw ValidationError.field(
      ["input", "from"],
      `"${input.from}" is not a sender number (8–12 digits)`,
    );
  }
  if (!(await isApprovedSender(deps.db, actor.accountId, from))) {
    throw ValidationError.field(
      ["input", "from"],
      `${from} is not an APPROVED sender number of this account`,
    );
  }

  // Files (MMS): the caller's own uploads, by id.
  const fileIds = [...new Set(input.fileIds ?? [])];
  if (fileIds.length) {
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
  }

  const newFiles = (input.newFiles ?? []).map((f) => ({ ...f, id: newId() }));
  const fileCount = fileIds.length + newFiles.length;

  // Recipients from every source.
  const collector = new RecipientCollector(countryCode);
  if (input.recipients.list) await collector.addList(input.recipients.list);
  if (input.recipients.text) await collector.addText(input.recipients.text);
  if (input.recipients.csv) await collector.addCsv(input.recipients.csv);
  const collected = collector.result();
  const rejected: RecipientRowReport[] = [...collected.rejected];

  // AD rules need the project's 080 number.
  let number080: string | null = null;
  if (input.contentType === "AD") {
    const service = await deps.db.optOutService.findFirst({
      where: { projectId: project.id, status: "COMPLETE" },
    });
    number080 = service?.number080 ?? null;
  }

  // Effective content per recipient: override or default, AD helper, country policy.
  const random = Math.random;
  const effective = (content: string) => {
    let c = content;
    if (input.contentType === "AD" && input.adAutoComply && number080)
      c = makeAdCompliant(countryCode, c, number080);
    return applyCountryPolicy(countryCode, from, c, {
      random,
      fixedSender: input.fixedSender ?? false,
    }).content;
  };
  const defaultSubject = input.subject?.length ? input.subject : null;
  const defaultContent = effective(input.content);
  const effectiveFrom = applyCountryPolicy(countryCode, from, "", {
    random,
    fixedSender: input.fixedSender ?? false,
  }).from;

  const perRecipient = collected.recipients.map((r) => ({
    r,
    subject: r.subject ?? defaultSubject,
    content: r.content !== undefined ? effective(r.content) : defaultContent,
  }));

  // Measure each distinct content once: big sends mostly share one text.
  let maxContentBytes = measureEucKr(defaultContent).bytes;
  const measured = new Set<string>([defaultContent]);
  for (const p of perRecipient) {
    if (measured.has(p.content)) continue;
    measured.add(p.content);
    maxContentBytes = Math.max(maxContentBytes, measureEucKr(p.content).bytes);
  }
  await yieldToEventLoop(); // each pass over 100k recipients takes tens of ms: give way between them
  const decision = decideType(input.type, {
    hasSubject:
      perRecipient.some((p) => p.subject) || (perRecipient.length === 0 && defaultSubject !== null),
    maxContentBytes,
    fileCount,
  });
  issues.push(
    ...checkShape(decision.type, { hasSubject: defaultSubject !== null, fileCount }).map((i) => ({
      ...i,
      path: ["input", ...i.path],
    })),
  );

  // The request's own text must fit; per-recipient overrides that do not fit are row errors.
  for (const t of checkText(decision.type, defaultSubject, defaultContent)) {
    issues.push({ path: ["input", t.field], message: describeTextIssue(t) });
  }
  if (issues.length) throw new ValidationError(issues.map((i) => i.message).join("; "), issues);

  if (input.contentType === "AD") {
    const violations = new Set<string>();
    for (const text of new Set([defaultContent, ...perRecipient.map((p) => p.content)])) {
      for (const issue of checkAdContent(countryCode, text, number080))
        violations.add(describeAdIssue(issue, number080));
    }
    // The night rule is checked again at delivery time; here it refuses what is certain to
    // be blocked: an immediate send now, or a reservation whose time falls in the night.
    // Schedule templates are only checked at each occurrence.
    const sendsAt =
      timing.mode === "IMMEDIATE"
        ? now
        : timing.mode === "RESERVATION"
          ? timing.reserve.instant
          : null;
    if (sendsAt && !adMayBeDelivered(countryCode, sendsAt, input.nightConsent ?? false)) {
      violations.add(
        `AD messages to Korea cannot be sent between 21:00 and 08:00 (Asia/Seoul) without the recipients' separate consent (nightConsent)${timing.mode === "RESERVATION" ? " — the reservation time falls in that window" : ""}`,
      );
    }
    if (violations.size) throw new AdPolicyError([...violations].join("; "), [...violations]);
  }

  const textCache = new Map<string, { bytes: number; problem: string | null }>();
  const good: typeof perRecipient = [];
  for (const p of perRecipient) {
    const key = `${p.subject ?? ""}\u0000${p.content}`;
    let checked = textCache.get(key);
    if (!checked) {
      const problems = checkText(decision.type, p.subject, p.content);
      checked = {
        bytes: measureEucKr(p.content).bytes,
        problem: problems.length ? problems.map(describeTextIssue).join("; ") : null,
      };
      textCache.set(key, checked);
    }
    if (checked.problem)
      rejected.push({
        source: p.r.source,
        row: p.r.row,
        value: p.r.to,
        code: "INVALID_CONTENT",
        reason: checked.problem,
      });
    else good.push(p);
  }

  await yieldToEventLoop();
  if (rejected.length && input.invalidRecipients === "REFUSE_ALL") {
    throw new RecipientsRejectedError(
      `${rejected.length} recipient row(s) cannot be sent; nothing was sent (set invalidRecipients: SEND_VALID to send the rest)`,
      rejected,
    );
  }
  if (!good.length) {
    throw new RecipientsRejectedError(
      collected.recipients.length || rejected.length
        ? "No recipient can be sent to"
        : "The request has no recipients",
      rejected,
    );
  }

  // The 080 list is where recipients refuse advertising: notices (COMM) still reach them.
  const optedOut =
    input.contentType === "AD"
      ? await deps.programs.read(() =>
          optedOutNumbers(
            project.id,
            good.map((g) => g.r.to),
          ),
        )
      : new Set<string>();
  await yieldToEventLoop();
  const messages: PlannedMessage[] = good.map((g) => ({
    id: newId(),
    to: g.r.to,
    subject: g.subject,
    content: g.content,
    bytes: textCache.get(`${g.subject ?? ""}\u0000${g.content}`)!.bytes,
    blocked: optedOut.has(g.r.to) ? RESULT_CODES.OPTED_OUT : null,
  }));

  return {
    projectId: project.id,
    requestedType: input.type,
    type: decision.type,
    typeNote: decision.note ?? null,
    contentType: input.contentType,
    countryCode,
    from,
    effectiveFrom,
    subject: defaultSubject,
    content: defaultContent,
    fileIds: [...fileIds, ...newFiles.map((f) => f.id)],
    newFiles,
    nightConsent: input.nightConsent ?? false,
    messages,
    rejected,
    duplicates: collected.duplicates,
    // Serialising 100,000 recipients to hash them is work: only a key needs it.
    payloadHash: input.idempotencyKey ? hashPayload(actor, input) : null,
    timing,
  };
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
