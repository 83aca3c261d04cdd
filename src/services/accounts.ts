// Accounts and their GraphQL API keys: create, authenticate, list, revoke.
// Key format `sgw_<prefix>_<secret>`: the prefix is public and indexed, the whole token's
// SHA-256 is stored, the token itself is returned exactly once.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Db } from "../db/client.ts";
import { NotFoundError, ValidationError } from "../domain/errors.ts";
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

export async function issueApiKey(db: Db, accountId: string, name: string, role: Role): Promise<IssuedKey> {
  const prefix = randomToken(12);
  const token = `sgw_${prefix}_${randomToken(32)}`;
  const key = await db.apiKey.create({
    data: { accountId, name: checkName("key", name), role, prefix, secretHash: sha256(token) },
  });
  return { id: key.id, name: key.name, role, token };
}

export type AuthResult = { ok: true; actor: Actor } | { ok: false; reason: "MALFORMED" | "UNKNOWN" | "REVOKED" };

/** Checks a bearer token. Unknown, forged and revoked keys are told apart only in logs. */
export async function authenticate(deps: Pick<Deps, "db" | "clock">, token: string): Promise<AuthResult> {
  const m = /^sgw_([0-9A-Za-z]{12})_[0-9A-Za-z]{32}$/.exec(token);
  if (!m) return { ok: false, reason: "MALFORMED" };
  const key = await deps.db.apiKey.findUnique({ where: { prefix: m[1]! } });
  if (!key) return { ok: false, reason: "UNKNOWN" };
  const given = Buffer.from(sha256(token), "hex");
  if (!timingSafeEqual(given, Buffer.from(key.secretHash, "hex"))) return { ok: false, reason: "UNKNOWN" };
  if (key.revokedAt) return { ok: false, reason: "REVOKED" };
  const now = deps.clock.now();
  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await deps.db.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: now } });
  }
  return { ok: true, actor: { accountId: key.accountId, keyId: key.id, role: key.role } };
}

export async function listApiKeys(db: Db, actor: Actor) {
  return db.apiKey.findMany({ where: { accountId: actor.accountId }, orderBy: { createdAt: "asc" } });
}

/**
 * Revokes one of the caller's keys; another account's key id is simply not found. The
 * revocation is announced on the bus after the write, so every gateway closes the key's open
 * sockets and SSE streams (src/realtime/keyWatch.ts); announcing an already revoked key again
 * is harmless.
 */
export async function revokeApiKey(deps: Pick<Deps, "db" | "clock" | "pubsub">, accountId: string, keyId: string) {
  const key = await deps.db.apiKey.findFirst({ where: { id: keyId, accountId } });
  if (!key) throw new NotFoundError("ApiKey", keyId);
  const revoked = key.revokedAt ? key : await deps.db.apiKey.update({ where: { id: key.id }, data: { revokedAt: deps.clock.now() } });
  deps.pubsub.publishRevocations([revoked.id]);
  return revoked;
}

/** Revokes by the public prefix or id, for the CLI (which is not tenant-scoped). */
export async function revokeApiKeyByAnyId(deps: Pick<Deps, "db" | "clock" | "pubsub">, idOrPrefix: string) {
  const prefix = /^sgw_([0-9A-Za-z]{12})/.exec(idOrPrefix)?.[1] ?? idOrPrefix;
  const key = await deps.db.apiKey.findFirst({ where: { OR: [{ id: idOrPrefix }, { prefix }] } });
  if (!key) throw new NotFoundError("ApiKey", idOrPrefix);
  const revoked = await deps.db.apiKey.update({ where: { id: key.id }, data: { revokedAt: key.revokedAt ?? deps.clock.now() } });
  deps.pubsub.publishRevocations([revoked.id]);
  return revoked;
}

/**
 * On a fresh database: one demo account with an operator key and a member key. Returns the
 * tokens so the caller can print them once; returns null when any account exists.
 */
/** The demo account has a fixed id, so two processes starting on one empty database cannot both create it (the primary key decides). */
export const DEMO_ACCOUNT_ID = "demo-account";

export async function bootstrapDemo(db: Db): Promise<{ accountId: string; operator: IssuedKey; member: IssuedKey } | null> {
  if ((await db.account.count()) > 0) return null;
  try {
    await db.account.create({ data: { id: DEMO_ACCOUNT_ID, name: "Demo account" } });
  } catch (err) {
    if ((err as { code?: string }).code === "P2002") return null; // another process was first
    throw err;
  }
  // Only the process that created the account issues (and prints) the keys.
  const operator = await issueApiKey(db, DEMO_ACCOUNT_ID, "demo operator", "OPERATOR");
  const member = await issueApiKey(db, DEMO_ACCOUNT_ID, "demo member", "MEMBER");
  return { accountId: DEMO_ACCOUNT_ID, operator, member };
}
