// Project access keys for the SENS-compatible REST API (docs/rest-sens.md): create (the secret is
// shown once), list, revoke, and the check of a signed request. The HMAC scheme needs the
// secret on the server, so it is stored sealed with the gateway's secret key (secretKey.ts).
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Prisma } from "../db/client.ts";
import { ConflictError, LimitExceededError, NotFoundError } from "../domain/errors.ts";
import type { Actor, Deps } from "./deps.ts";
import { liveProject } from "./tenancy.ts";

/** Active (unrevoked) keys per project: enough to rotate one without downtime, like NCP's 2 per account. */
export const ACCESS_KEYS_PER_PROJECT = 2;
/** How far the request's timestamp may be from the gateway clock (SENS: 5 minutes). */
export const SIGNATURE_MAX_SKEW_MS = 5 * 60_000;
/** lastUsedAt is refreshed at most this often, so authentication is not a write per request. */
const LAST_USED_RESOLUTION_MS = 60_000;

const ACCESS_KEY_LENGTH = 20;
const SECRET_LENGTH = 40;
const ACCESS_KEY_PATTERN = /^[0-9A-Za-z]{20}$/;
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    // Rejection sampling keeps the alphabet uniform.
    for (const b of randomBytes(length * 2)) {
      if (b < 248) out += BASE62[b % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

/** Where-clause for "this caller's key of a live project". Every member lookup goes through it. */
export const ownAccessKey = (actor: Actor, id: string) =>
  ({
    id,
    accountId: actor.accountId,
    project: { deletedAt: null },
  }) satisfies Prisma.ProjectAccessKeyWhereInput;

export interface CreatedAccessKey {
  key: { id: string; accessKey: string; projectId: string; createdAt: Date };
  /** Shown exactly once; only its sealed form is stored. */
  secretKey: string;
}

/** Creates a key for one of the caller's live projects. */
export async function createAccessKey(
  deps: Deps,
  actor: Actor,
  projectId: string,
): Promise<CreatedAccessKey> {
  const accessKey = randomBase62(ACCESS_KEY_LENGTH);
  const secretKey = randomBase62(SECRET_LENGTH);
  // Sealed before the transaction: a missing SECRET_KEY is refused before anything is written.
  const secretEncrypted = deps.secrets.seal(secretKey, accessKey);
  const now = deps.clock.now();
  const key = await deps.db.$transaction(async (tx) => {
    const project = await tx.project.findFirst({ where: liveProject(actor, projectId) });
    if (!project) throw new NotFoundError("Project", projectId);
    // Same-value write on the project row: parallel creations for one project queue here, so
    // the count below cannot be passed by a race.
    const locked = await tx.project.updateMany({
      where: { ...liveProject(actor, projectId), updatedAt: project.updatedAt },
      data: { updatedAt: project.updatedAt },
    });
    if (locked.count !== 1)
      throw new ConflictError("The project is being changed concurrently; try again");
    const active = await tx.projectAccessKey.count({ where: { projectId, revokedAt: null } });
    if (active >= ACCESS_KEYS_PER_PROJECT) {
      throw new LimitExceededError(
        `A project has at most ${ACCESS_KEYS_PER_PROJECT} active access keys; revoke one first`,
        ACCESS_KEYS_PER_PROJECT,
        active,
      );
    }
    return tx.projectAccessKey.create({
      data: { accountId: actor.accountId, projectId, accessKey, secretEncrypted, createdAt: now },
      select: { id: true, accessKey: true, projectId: true, createdAt: true },
    });
  });
  return { key, secretKey };
}

/** The project's keys, oldest first, revoked ones included. */
export async function listAccessKeys(deps: Deps, actor: Actor, projectId: string) {
  return deps.db.projectAccessKey.findMany({
    where: { accountId: actor.accountId, projectId, project: { deletedAt: null } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
}

/** Revokes at once; revoking a revoked key changes nothing. Another account's id is missing. */
export async function revokeAccessKey(deps: Deps, actor: Actor, id: string) {
  const key = await deps.db.projectAccessKey.findFirst({ where: ownAccessKey(actor, id) });
  if (!key) throw new NotFoundError("ProjectAccessKey", id);
  if (key.revokedAt) return key;
  await deps.db.projectAccessKey.updateMany({
    where: { id, revokedAt: null },
    data: { revokedAt: deps.clock.now() },
  });
  return deps.db.projectAccessKey.findUniqueOrThrow({ where: { id } });
}

// ───────────────────────────── signed requests ─────────────────────────────

/** What SENS signs: `METHOD url\ntimestamp\naccessKey`, the url being path and query as sent. */
export const signingString = (method: string, url: string, timestamp: string, accessKey: string) =>
  `${method} ${url}\n${timestamp}\n${accessKey}`;

export interface SignedRequest {
  method: string;
  /** Path and query exactly as the client sent them (the request line's target). */
  url: string;
  timestamp: string | undefined;
  accessKey: string | undefined;
  signature: string | undefined;
}

export type SignatureCheck =
  | { ok: true; actor: Actor; projectId: string; accessKeyId: string }
  | {
      ok: false;
      reason: "MISSING_HEADERS" | "BAD_TIMESTAMP" | "UNKNOWN_KEY" | "BAD_SIGNATURE" | "REVOKED";
    };

/**
 * The 32 bytes of a signature spelled as SENS clients spell it — standard base64, padded (43
 * characters and one `=`) and canonical (it encodes back to itself: the unused low bits of
 * the last character are zero) — or null. Node's decoder also takes base64url, missing
 * padding and trailing garbage, so several strings would pass for one signature.
 */
function canonicalSignature(signature: string): Buffer | null {
  if (!/^[A-Za-z0-9+/]{43}=$/.test(signature)) return null;
  const bytes = Buffer.from(signature, "base64");
  return bytes.toString("base64") === signature ? bytes : null;
}

/** A secret that no key has, so unknown keys cost the same HMAC as known ones. */
const DECOY_SECRET = randomBase62(SECRET_LENGTH);

/**
 * Checks a SENS-signed request: all three headers, a timestamp within ±5 minutes of the
 * gateway clock, a known access key and its HMAC-SHA256 signature (canonical base64, then
 * compared in constant time), and that the key is not revoked. The actor is the key's account, as a member.
 */
export async function verifySignedRequest(deps: Deps, req: SignedRequest): Promise<SignatureCheck> {
  const { timestamp, accessKey, signature } = req;
  if (!timestamp || !accessKey || !signature) return { ok: false, reason: "MISSING_HEADERS" };
  const ts = /^\d{1,15}$/.test(timestamp) ? Number(timestamp) : NaN;
  if (
    !Number.isSafeInteger(ts) ||
    Math.abs(deps.clock.now().getTime() - ts) > SIGNATURE_MAX_SKEW_MS
  )
    return { ok: false, reason: "BAD_TIMESTAMP" };

  const key = ACCESS_KEY_PATTERN.test(accessKey)
    ? await deps.db.projectAccessKey.findUnique({
        where: { accessKey },
        include: { project: { select: { deletedAt: true } } },
      })
    : null;
  let secret = DECOY_SECRET;
  if (key) {
    try {
      secret = deps.secrets.open(key.secretEncrypted, key.accessKey);
    } catch (err) {
      // Not the caller's fault: the server's secret key is missing or not the one that sealed it.
      throw new Error(
        `cannot open the secret of access key ${key.id}: is SECRET_KEY the one it was created with?`,
        { cause: err },
      );
    }
  }
  const expected = createHmac("sha256", secret)
    .update(signingString(req.method, req.url, timestamp, accessKey))
    .digest();
  const given = canonicalSignature(signature);
  const matches = given !== null && timingSafeEqual(given, expected);
  if (!key) return { ok: false, reason: "UNKNOWN_KEY" };
  if (!matches) return { ok: false, reason: "BAD_SIGNATURE" };
  if (key.revokedAt || key.project.deletedAt) return { ok: false, reason: "REVOKED" };

  const now = deps.clock.now();
  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await deps.db.projectAccessKey.update({ where: { id: key.id }, data: { lastUsedAt: now } });
  }
  return {
    ok: true,
    projectId: key.projectId,
    accessKeyId: key.id,
    actor: { accountId: key.accountId, keyId: key.id, role: "MEMBER" },
  };
}
