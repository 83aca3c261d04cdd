// Sender numbers (docs/sender-numbers.md): registration by SMS code or by document, SMS confirmation and
// resend (services/senderVerification.ts), operator review and soft deletion
// (services/senderNumberReview.ts). Rules live in domain/senderNumber.ts; this is the I/O.
import { randomBytes } from "node:crypto";
import { fileTypeFromBuffer } from "file-type";
import type { Db, Prisma } from "../db/client.ts";
import {
  ConflictError,
  ForbiddenError,
  LimitExceededError,
  NotFoundError,
} from "../domain/errors.ts";
import {
  ACTIVE_SENDER_STATUSES,
  DeliveryFailedError,
  PROOF_MAX_BYTES,
  SENDER_NUMBER_LIMIT,
  VERIFICATION_CODE_TTL_MS,
  VERIFICATION_SENDER,
  VERIFICATION_SEND_WINDOW_MS,
  VERIFICATION_SENDS_PER_WINDOW,
  checkProof,
  cleanFileName,
  hashVerificationCode,
  newVerificationCode,
  validateRegistration,
  verificationMessage,
  type SenderNumberMethod,
  type SenderNumberStatus,
} from "../domain/senderNumber.ts";
import type { Actor, Deps } from "./deps.ts";
import { getProject } from "./projects.ts";

type Client = Db | Prisma.TransactionClient;

/**
 * Interactive transactions here are short (a lock, two reads, a few inserts), but on
 * PostgreSQL concurrent registrations of one account queue behind the account lock, so
 * they may wait longer for it than Prisma's 2 s default.
 */
export const TX_OPTIONS = { maxWait: 10_000, timeout: 15_000 };

/** Where-clause for "this caller's live sender number". Every member lookup goes through it. */
export const ownSenderNumber = (actor: Actor, id: string) => ({
  id,
  accountId: actor.accountId,
  deletedAt: null,
});

export async function getSenderNumber(deps: Deps, actor: Actor, id: string) {
  const sn = await deps.db.senderNumber.findFirst({ where: ownSenderNumber(actor, id) });
  if (!sn) throw new NotFoundError("SenderNumber", id);
  return sn;
}

export interface SenderNumberFilter {
  status?: readonly SenderNumberStatus[] | null | undefined;
  method?: SenderNumberMethod | null | undefined;
}

/** The member list: the account's live numbers, optionally by status and method. */
export function senderNumberListWhere(actor: Actor, f: SenderNumberFilter) {
  return {
    accountId: actor.accountId,
    deletedAt: null,
    // Distinct values: a list is bound as SQL parameters, and 40,000 copies of one status would overflow them.
    ...(f.status?.length ? { status: { in: [...new Set(f.status)] } } : {}),
    ...(f.method ? { method: f.method } : {}),
  };
}

export const DEFAULT_REVIEW_QUEUE: readonly SenderNumberStatus[] = ["READY", "IN_PROGRESS"];

/** The operator queue: DOCUMENT requests of every account, by status. */
export function reviewQueueWhere(status: readonly SenderNumberStatus[] | null | undefined) {
  return {
    method: "DOCUMENT" as const,
    deletedAt: null,
    status: { in: [...new Set(status?.length ? status : DEFAULT_REVIEW_QUEUE)] },
  };
}

export function requireOperator(actor: Actor): void {
  // The schema's auth scopes already refuse members; this keeps the service safe on its own.
  if (actor.role !== "OPERATOR") throw new ForbiddenError("Only operators review sender numbers");
}

/** Ids are made here, not by the database, because an SMS code is hashed with the id before the row exists. */
function newSenderNumberId(): string {
  return `c${Date.now().toString(36)}${randomBytes(8).toString("hex")}`;
}

/**
 * Serialises the registrations of one account. Prisma drops an UPDATE whose data is empty,
 * so the name is written back to itself; the row lock that UPDATE takes on PostgreSQL is
 * held until commit (SQLite serialises all writers anyway). Matching the old name keeps a
 * concurrent rename from being overwritten: the update then matches nothing and is retried.
 */
async function lockAccount(tx: Prisma.TransactionClient, accountId: string): Promise<void> {
  for (let i = 0; i < 5; i++) {
    const { name } = await tx.account.findUniqueOrThrow({
      where: { id: accountId },
      select: { name: true },
    });
    const { count } = await tx.account.updateMany({
      where: { id: accountId, name },
      data: { name },
    });
    if (count === 1) return;
  }
  throw new ConflictError("The account changed repeatedly during registration; try again");
}

/** Refuses a duplicate active number and the 11th active number. */
async function checkRoom(db: Client, accountId: string, number: string): Promise<void> {
  const active = { accountId, deletedAt: null, status: { in: [...ACTIVE_SENDER_STATUSES] } };
  const duplicate = await db.senderNumber.findFirst({
    where: { ...active, number },
    select: { status: true },
  });
  if (duplicate) {
    throw new ConflictError(
      `${number} is already registered in this account (status ${duplicate.status}); delete it before registering it again`,
    );
  }
  const count = await db.senderNumber.count({ where: active });
  if (count >= SENDER_NUMBER_LIMIT) {
    throw new LimitExceededError(
      `An account can hold at most ${SENDER_NUMBER_LIMIT} sender numbers that are READY, IN_PROGRESS or APPROVED (it has ${count}); delete one first`,
      SENDER_NUMBER_LIMIT,
      count,
    );
  }
}

/**
 * Counts one verification SMS to `number` against the account's budget, before it is sent.
 * Under the account lock, so parallel registrations and resends cannot overspend; a send
 * that then fails still counts (the carrier may have delivered it anyway).
 */
export async function spendVerificationSend(
  deps: Deps,
  accountId: string,
  number: string,
): Promise<void> {
  const now = deps.clock.now();
  await deps.db.$transaction(async (tx) => {
    await lockAccount(tx, accountId);
    const since = new Date(now.getTime() - VERIFICATION_SEND_WINDOW_MS);
    const sent = await tx.verificationSend.count({
      where: { accountId, number, sentAt: { gte: since } },
    });
    if (sent >= VERIFICATION_SENDS_PER_WINDOW) {
      throw new LimitExceededError(
        `${sent} verification codes were sent to ${number} in the last ${VERIFICATION_SEND_WINDOW_MS / 3_600_000} hours, the most an account may send to one number; try again later or verify it by DOCUMENT`,
        VERIFICATION_SENDS_PER_WINDOW,
        sent,
      );
    }
    await tx.verificationSend.create({ data: { accountId, number, sentAt: now } });
  }, TX_OPTIONS);
}

/** Forgets verification sends that no longer count. */
export async function purgeVerificationSends(deps: Pick<Deps, "db" | "clock">): Promise<number> {
  const cutoff = new Date(deps.clock.now().getTime() - VERIFICATION_SEND_WINDOW_MS);
  return (await deps.db.verificationSend.deleteMany({ where: { sentAt: { lt: cutoff } } })).count;
}

/** Hands a verification code to the carrier; any failure becomes a DeliveryFailedError. */
export async function deliverCode(
  deps: Deps,
  senderNumberId: string,
  to: string,
  code: string,
  consequence: string,
): Promise<void> {
  let outcome: Awaited<ReturnType<typeof deps.carrier.send>>;
  try {
    outcome = await deps.carrier.send({
      // Unique per send, so a carrier's idempotency never swallows a resend.
      id: `${senderNumberId}.${randomBytes(4).toString("hex")}`,
      type: "SMS",
      countryCode: "82",
      from: VERIFICATION_SENDER,
      to,
      content: verificationMessage(code),
    });
  } catch (err) {
    deps.logger.warn(
      { err, senderNumberId, carrier: deps.carrier.name },
      "verification SMS could not be handed to the carrier",
    );
    throw new DeliveryFailedError(
      `The verification SMS could not be sent to ${to}; ${consequence}`,
      null,
    );
  }
  if (outcome.result !== "SUCCESS") {
    throw new DeliveryFailedError(
      `The carrier refused the verification SMS to ${to} (${outcome.code}: ${outcome.message}); ${consequence}`,
      outcome.code,
    );
  }
}

interface CheckedProof {
  fileName: string;
  mimeType: string;
  size: number;
  data: Uint8Array<ArrayBuffer>;
}

async function readProof(file: File): Promise<CheckedProof> {
  // Refuse an oversize file before copying its bytes again.
  if (file.size > PROOF_MAX_BYTES || file.size === 0) checkProof(file.size, undefined);
  const data = new Uint8Array(await file.arrayBuffer());
  const detected = await fileTypeFromBuffer(data);
  const mimeType = checkProof(data.byteLength, detected?.mime);
  return {
    fileName: cleanFileName(file.name, `proof.${detected!.ext}`),
    mimeType,
    size: data.byteLength,
    data,
  };
}

export interface RegisterSenderNumberInput {
  number: string;
  method: SenderNumberMethod;
  /** Database id of one of the caller's live projects (DOCUMENT). */
  projectId?: string | null | undefined;
  contactEmail?: string | null | undefined;
  contactPhone?: string | null | undefined;
  purpose?: string | null | undefined;
  expectedDailyVolume?: number | null | undefined;
  proof?: File | null | undefined;
}

/**
 * Registers a number. Everything that can be refused is checked before anything is
 * written. For SMS the code is sent *before* the row is written: if the carrier fails,
 * nothing exists to clean up and the caller simply tries again. The cap and duplicate
 * checks run twice — once early so no SMS goes out for a request that would be refused,
 * and again under the account lock, which is the check that counts. Losing that race after
 * the SMS went out costs one unusable code, never an 11th number.
 */
export async function registerSenderNumber(
  deps: Deps,
  actor: Actor,
  input: RegisterSenderNumberInput,
) {
  const clean = validateRegistration({
    number: input.number,
    method: input.method,
    contactEmail: input.contactEmail,
    contactPhone: input.contactPhone,
    purpose: input.purpose,
    expectedDailyVolume: input.expectedDailyVolume,
    hasProjectId: input.projectId != null,
    hasProof: input.proof != null,
  });
  const proof = clean.method === "DOCUMENT" ? await readProof(input.proof!) : null;
  const project =
    clean.method === "DOCUMENT" ? await getProject(deps, actor, input.projectId!) : null;
  await checkRoom(deps.db, actor.accountId, clean.number);

  const id = newSenderNumberId();
  let verification: {
    verificationHash: string;
    verificationExpires: Date;
    verificationTries: number;
  } | null = null;
  if (clean.method === "SMS") {
    await spendVerificationSend(deps, actor.accountId, clean.number);
    const code = newVerificationCode();
    await deliverCode(deps, id, clean.number, code, "nothing was registered");
    verification = {
      verificationHash: hashVerificationCode(id, code),
      verificationExpires: new Date(deps.clock.now().getTime() + VERIFICATION_CODE_TTL_MS),
      verificationTries: 0,
    };
  }

  return deps.db.$transaction(async (tx) => {
    await lockAccount(tx, actor.accountId);
    await checkRoom(tx, actor.accountId, clean.number);
    const file = proof
      ? await tx.storedFile.create({
          data: { accountId: actor.accountId, purpose: "SENDER_PROOF", ...proof },
        })
      : null;
    const sn = await tx.senderNumber.create({
      data: {
        id,
        accountId: actor.accountId,
        projectId: project?.id ?? null,
        number: clean.number,
        method: clean.method,
        status: "READY",
        ...(clean.method === "DOCUMENT"
          ? {
              contactEmail: clean.contactEmail,
              contactPhone: clean.contactPhone,
              purpose: clean.purpose,
              expectedDailyVolume: clean.expectedDailyVolume,
              proofFileId: file!.id,
            }
          : verification),
      },
    });
    // The history starts with the request itself (fromStatus null).
    await tx.senderNumberReview.create({
      data: {
        senderNumberId: sn.id,
        accountId: actor.accountId,
        fromStatus: null,
        toStatus: "READY",
        actorKeyId: actor.keyId,
      },
    });
    return sn;
  }, TX_OPTIONS);
}
