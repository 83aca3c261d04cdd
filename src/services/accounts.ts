// Accounts and their GraphQL API keys: create (up to a cap of active keys), authenticate,
// list, revoke — with who may manage which role's keys (keyPolicy.ts).
// Key format `sgw_<prefix>_<secret>`: the prefix is public and indexed, the whole token's
// SHA-256 is stored, the token itself is returned exactly once.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Db } from "../db/client.ts";
import {
  ForbiddenError,
  LimitExceededError,
  NotFoundError,
  ValidationError,
} from "../domain/errors.ts";
import { mayCreateKey, visibleKeyRoles } from "../domain/keyPolicy.ts";
import type { Actor, Deps } from "./deps.ts";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/** lastUsedAt is refreshed at most this often, so authentication is not a write per request. */
const LAST_USED_RESOLUTION_MS = 60_000;

function randomToken(length: number): string {
  const bytes = randomBytes(length * 2);
  let out = "";
  // Rejection sampling keeps the alphabet uniform.
  for (const b of bytes) {
    if (b < 248) out += BASE62[b % 62];
    if (out.length === length) return out;
  }
  return out + randomToken(length - out.length);
}

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

export type Role = "MEMBER" | "OPERATOR";

export interface IssuedKey {
  id: string;
  name: string;
  role: Role;
  /** The full token; shown once, never stored. */
  token: string;
}

function checkName(kind: string, name: string, max = 100): string {
  const trimmed = name.trim();
  if (trimmed.length < 1 || trimmed.length > max) {
    throw ValidationError.field(["name"], `${kind} name must be 1–${max} characters`);
  }
  return trimmed;
}

export async function createAccount(db: Db, name: string) {
  return db.account.create({ data: { name: checkName("account", name) } });
}

/**
 * Issues a key for an account that has fewer than `maxActive` unrevoked keys (null: no cap,
 * for the demo bootstrap on a fresh account and test fixtures). The count and the insert run
 * under a lock on the account row, so parallel creations cannot pass the cap.
 */
export async function issueApiKey(
  db: Db,
  accountId: string,
  name: string,
  role: Role,
  maxActive: number | null,
): Promise<IssuedKey> {
  const checkedName = checkName("key", name);
  const prefix = randomToken(12);
  const token = `sgw_${prefix}_${randomToken(32)}`;
  const key = await db.$transaction(async (tx) => {
    const account = await tx.account.findUnique({
      where: { id: accountId },
      select: { name: true },
    });
    if (!account) throw new NotFoundError("Account", accountId);
    if (maxActive !== null) {
      // Same-value write: parallel creations for one account queue here (row lock on
      // PostgreSQL, the write lock on SQLite), so the count below cannot be raced.
      await tx.account.updateMany({ where: { id: accountId }, data: { name: account.name } });
      const active = await tx.apiKey.count({ where: { accountId, revokedAt: null } });
      if (active >= maxActive) {
        throw new LimitExceededError(
          `An account has at most ${maxActive} active API keys; revoke one first`,
          maxActive,
          active,
        );
      }
    }
    return tx.apiKey.create({
      data: { accountId, name: checkedName, role, prefix, secretHash: sha256(token) },
    });
  });
  return { id: key.id, name: key.name, role, token };
}

/** createApiKey: the caller's role decides which roles it may issue (keyPolicy.ts). */
export async function createApiKeyFor(
  deps: Pick<Deps, "db" | "limits">,
  actor: Actor,
  name: string,
  role: Role,
): Promise<IssuedKey> {
  if (!mayCreateKey(actor.role, role))
    throw new ForbiddenError("Only an operator key can create operator keys");
  return issueApiKey(deps.db, actor.accountId, name, role, deps.limits.apiKeysPerAccount);
}

export type AuthResult =
  | { ok: true; actor: Actor }
  | { ok: false; reason: "MALFORMED" | "UNKNOWN" | "REVOKED" };

/** Checks a bearer token. Unknown, forged and revoked keys are told apart only in logs. */
export async function authenticate(
  deps: Pick<Deps, "db" | "clock">,
  token: string,
): Promise<AuthResult> {
  const m = /^sgw_([0-9A-Za-z]{12})_[0-9A-Za-z]{32}$/.exec(token);
  if (!m) return { ok: false, reason: "MALFORMED" };
  const key = await deps.db.apiKey.findUnique({ where: { prefix: m[1]! } });
  if (!key) return { ok: false, reason: "UNKNOWN" };
  const given = Buffer.from(sha256(token), "hex");
  if (!timingSafeEqual(given, Buffer.from(key.secretHash, "hex")))
    return { ok: false, reason: "UNKNOWN" };
  if (key.revokedAt) return { ok: false, reason: "REVOKED" };
  const now = deps.clock.now();
  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await deps.db.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: now } });
  }
  return { ok: true, actor: { accountId: key.accountId, keyId: key.id, role: key.role } };
}

/** The keys of the caller's account that its role may see (a member never sees operator keys). */
const visibleKeys = (actor: Actor) => ({
  accountId: actor.accountId,
  role: { in: [...visibleKeyRoles(actor.role)] },
});

export async function listApiKeys(db: Db, actor: Actor) {
  return db.apiKey.findMany({
    where: visibleKeys(actor),
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
}

/**
 * Revokes a key the caller may see, its own included. A key it may not see — another
 * account's, or an operator key for a member — is simply not found, so it learns nothing.
 * The revocation is announced on the bus after the write, so every gateway closes the key's
 * open sockets and SSE streams (src/realtime/keyWatch.ts); announcing an already revoked key
 * again is harmless.
 */
export async function revokeApiKey(
  deps: Pick<Deps, "db" | "clock" | "pubsub">,
  actor: Actor,
  keyId: string,
) {
  const key = await deps.db.apiKey.findFirst({ where: { id: keyId, ...visibleKeys(actor) } });
  if (!key) throw new NotFoundError("ApiKey", keyId);
  const revoked = key.revokedAt
    ? key
    : await deps.db.apiKey.update({ where: { id: key.id }, data: { revokedAt: deps.clock.now() } });
  deps.pubsub.publishRevocations([revoked.id]);
  return revoked;
}

/** Revokes by the public prefix or id, for the CLI (which is not tenant-scoped). */
export async function revokeApiKeyByAnyId(
  deps: Pick<Deps, "db" | "clock" | "pubsub">,
  idOrPrefix: string,
) {
  const prefix = /^sgw_([0-9A-Za-z]{12})/.exec(idOrPrefix)?.[1] ?? idOrPrefix;
  const key = await deps.db.apiKey.findFirst({ where: { OR: [{ id: idOrPrefix }, { prefix }] } });
  if (!key) throw new NotFoundError("ApiKey", idOrPrefix);
  const revoked = await deps.db.apiKey.update({
    where: { id: key.id },
    data: { revokedAt: key.revokedAt ?? deps.clock.now() },
  });
  deps.pubsub.publishRevocations([revoked.id]);
  return revoked;
}

/**
 * On a fresh database: one demo account with an operator key and a member key. Returns the
 * tokens so the caller can print them once; returns null when any account exists.
 */
/** The demo account has a fixed id, so two processes starting on one empty database cannot both create it (the primary key decides). */
export const DEMO_ACCOUNT_ID = "demo-account";

export async function bootstrapDemo(
  db: Db,
): Promise<{ accountId: string; operator: IssuedKey; member: IssuedKey } | null> {
  if ((await db.account.count()) > 0) return null;
  try {
    await db.account.create({ data: { id: DEMO_ACCOUNT_ID, name: "Demo account" } });
  } catch (err) {
    if ((err as { code?: string }).code === "P2002") return null; // another process was first
    throw err;
  }
  // Only the process that created the account issues (and prints) the keys.
  // No cap: the account is new, and API_KEYS_PER_ACCOUNT is at least 2.
  const operator = await issueApiKey(db, DEMO_ACCOUNT_ID, "demo operator", "OPERATOR", null);
  const member = await issueApiKey(db, DEMO_ACCOUNT_ID, "demo member", "MEMBER", null);
  return { accountId: DEMO_ACCOUNT_ID, operator, member };
}
