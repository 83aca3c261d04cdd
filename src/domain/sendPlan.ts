// The rules of a send (docs/sending.md), without I/O: given the input and the facts the
// service loaded (project, approved sender, timing, files, the 080 number), decide the type,
// the sender and content per recipient, the byte counts, the AD and country rules and which
// rows are refused. `blockOptedOut` then marks the AD messages to opted-out numbers.
// services/sending.ts loads the facts and persists the plan; tests call these directly.
import { adMayBeDelivered, checkAdContent, describeAdIssue, makeAdCompliant } from "./adPolicy.ts";
import { measureEucKr } from "./bytes.ts";
import { applyCountryPolicy, isSupportedCountry, type CountryCode } from "./countryPolicy.ts";
import {
  AdPolicyError,
  RecipientsRejectedError,
  ValidationError,
  type FieldIssue,
  type RecipientRowReport,
} from "./errors.ts";
import {
  checkShape,
  checkText,
  decideType,
  describeTextIssue,
  type MessageType,
  type RequestedType,
} from "./messageRules.ts";
import type { CheckedMmsFile } from "./mmsFile.ts";
import { forEachInSlices, mapInSlices, type Pause } from "./pause.ts";
import { RecipientCollector, type Recipient, type RecipientInput } from "./recipients.ts";
import type { ReserveTime } from "./reservations.ts";
import { RESULT_CODES } from "./resultCodes.ts";
import { normaliseSenderNumber } from "./senderNumber.ts";

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

/** What the service found out before planning: all of it checked already. */
export interface SendFacts {
  projectId: string;
  countryCode: CountryCode;
  /** The normalised sender, an APPROVED sender number of the account. */
  from: string;
  timing: SendTiming;
  /** Existing, unexpired files of the account, without repeats. */
  fileIds: string[];
  newFiles: (CheckedMmsFile & { id: string })[];
  /** The project's 080 number when its opt-out service is COMPLETE (only looked up for AD). */
  number080: string | null;
  now: Date;
}

/** What planning may not choose itself: ids, the random sender (Taiwan) and the pauses. */
export interface PlanTools {
  newId: () => string;
  random: () => number;
  pause: Pause;
}

/** The country code, if the gateway sends there. */
export function checkCountry(code: string): CountryCode {
  if (!isSupportedCountry(code))
    throw ValidationError.field(
      ["input", "countryCode"],
      `Country code ${code} is not supported (supported: 82, 1, 65, 81, 852, 86, 886)`,
    );
  return code;
}

/** The sender as stored (digits only), if it is one. */
export function checkSenderFormat(from: string): string {
  try {
    return normaliseSenderNumber(from);
  } catch {
    throw ValidationError.field(
      ["input", "from"],
      `"${from}" is not a sender number (8–12 digits)`,
    );
  }
}

interface RecipientText {
  r: Recipient;
  subject: string | null;
  content: string;
}

/** Validates everything and computes what would be sent; blocked is null on every message. */
export async function planSend(
  input: SendInput,
  facts: SendFacts,
  tools: PlanTools,
): Promise<SendPlan> {
  const { countryCode } = facts;
  const collector = new RecipientCollector(countryCode, tools.pause);
  if (input.recipients.list) await collector.addList(input.recipients.list);
  if (input.recipients.text) await collector.addText(input.recipients.text);
  if (input.recipients.csv) await collector.addCsv(input.recipients.csv);
  const collected = collector.result();
  const rejected: RecipientRowReport[] = [...collected.rejected];

  // Each pass over 100k recipients takes tens of ms: each gives way every SLICE rows.
  const texts = await effectiveTexts(input, facts, tools, collected.recipients);
  await tools.pause();
  const type = decideRequestType(input, facts, texts);
  if (input.contentType === "AD") checkAdRules(input, facts, texts);

  const { good, bytesOf } = await checkRows(type.type, texts.perRecipient, rejected, tools.pause);
  await tools.pause();
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
  const messages: PlannedMessage[] = await mapInSlices(
    good,
    (g) => ({
      id: tools.newId(),
      to: g.r.to,
      subject: g.subject,
      content: g.content,
      bytes: bytesOf(g),
      blocked: null,
    }),
    tools.pause,
  );
  return {
    projectId: facts.projectId,
    requestedType: input.type,
    type: type.type,
    typeNote: type.note ?? null,
    contentType: input.contentType,
    countryCode,
    from: facts.from,
    effectiveFrom: texts.effectiveFrom,
    subject: texts.defaultSubject,
    content: texts.defaultContent,
    fileIds: [...facts.fileIds, ...facts.newFiles.map((f) => f.id)],
    newFiles: facts.newFiles,
    nightConsent: input.nightConsent ?? false,
    messages,
    rejected,
    duplicates: collected.duplicates,
    payloadHash: null,
    timing: facts.timing,
  };
}

/**
 * The 080 list is where recipients refuse advertising: AD messages to a listed number are
 * completed by the gateway (OPTED_OUT); notices (COMM) still reach them.
 */
export function blockOptedOut(plan: SendPlan, optedOut: ReadonlySet<string>): SendPlan {
  if (plan.contentType !== "AD" || optedOut.size === 0) return plan;
  for (const m of plan.messages) if (optedOut.has(m.to)) m.blocked = RESULT_CODES.OPTED_OUT;
  return plan;
}

/** Effective sender and content per recipient: override or default, AD helper, country policy. */
async function effectiveTexts(
  input: SendInput,
  facts: SendFacts,
  tools: Pick<PlanTools, "random" | "pause">,
  recipients: Recipient[],
) {
  const { random } = tools;
  const { countryCode, from, number080 } = facts;
  const fixedSender = input.fixedSender ?? false;
  const effective = (content: string) => {
    let c = content;
    if (input.contentType === "AD" && input.adAutoComply && number080)
      c = makeAdCompliant(countryCode, c, number080);
    return applyCountryPolicy(countryCode, from, c, { random, fixedSender }).content;
  };
  const defaultSubject = input.subject?.length ? input.subject : null;
  const defaultContent = effective(input.content);
  const effectiveFrom = applyCountryPolicy(countryCode, from, "", { random, fixedSender }).from;
  const perRecipient: RecipientText[] = await mapInSlices(
    recipients,
    (r) => ({
      r,
      subject: r.subject ?? defaultSubject,
      content: r.content !== undefined ? effective(r.content) : defaultContent,
    }),
    tools.pause,
  );
  return { defaultSubject, defaultContent, effectiveFrom, perRecipient };
}

type Texts = Awaited<ReturnType<typeof effectiveTexts>>;

/** The request's type from its longest content; the request's own text must fit it. */
function decideRequestType(input: SendInput, facts: SendFacts, texts: Texts) {
  const { defaultSubject, defaultContent, perRecipient } = texts;
  const fileCount = facts.fileIds.length + facts.newFiles.length;
  // Measure each distinct content once: big sends mostly share one text.
  let maxContentBytes = measureEucKr(defaultContent).bytes;
  const measured = new Set<string>([defaultContent]);
  for (const p of perRecipient) {
    if (measured.has(p.content)) continue;
    measured.add(p.content);
    maxContentBytes = Math.max(maxContentBytes, measureEucKr(p.content).bytes);
  }
  const decision = decideType(input.type, {
    hasSubject:
      perRecipient.some((p) => p.subject) || (perRecipient.length === 0 && defaultSubject !== null),
    maxContentBytes,
    fileCount,
  });
  const issues: FieldIssue[] = checkShape(decision.type, {
    hasSubject: defaultSubject !== null,
    fileCount,
  }).map((i) => ({ ...i, path: ["input", ...i.path] }));
  // Per-recipient overrides that do not fit are row errors (checkRows).
  for (const t of checkText(decision.type, defaultSubject, defaultContent)) {
    issues.push({ path: ["input", t.field], message: describeTextIssue(t) });
  }
  if (issues.length) throw new ValidationError(issues.map((i) => i.message).join("; "), issues);
  return decision;
}

/** The AD rules: "(광고)", the 080 number, and the night rule for what sends at a known time. */
function checkAdRules(input: SendInput, facts: SendFacts, texts: Texts): void {
  const { countryCode, number080, timing } = facts;
  const violations = new Set<string>();
  for (const text of new Set([texts.defaultContent, ...texts.perRecipient.map((p) => p.content)])) {
    for (const issue of checkAdContent(countryCode, text, number080))
      violations.add(describeAdIssue(issue, number080));
  }
  // The night rule is checked again at delivery time; here it refuses what is certain to
  // be blocked: an immediate send now, or a reservation whose time falls in the night.
  // Schedule templates are only checked at each occurrence.
  const sendsAt =
    timing.mode === "IMMEDIATE"
      ? facts.now
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

/** Each recipient's own subject and content must fit the type; the rows that do not are reported. */
async function checkRows(
  type: MessageType,
  perRecipient: RecipientText[],
  rejected: RecipientRowReport[],
  pause: Pause,
) {
  const textCache = new Map<string, { bytes: number; problem: string | null }>();
  const keyOf = (p: RecipientText) => `${p.subject ?? ""}\u0000${p.content}`;
  const good: RecipientText[] = [];
  await forEachInSlices(
    perRecipient,
    (p) => {
      const key = keyOf(p);
      let checked = textCache.get(key);
      if (!checked) {
        const problems = checkText(type, p.subject, p.content);
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
    },
    pause,
  );
  return { good, bytesOf: (p: RecipientText) => textCache.get(keyOf(p))!.bytes };
}
