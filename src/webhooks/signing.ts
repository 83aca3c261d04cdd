// Standard Webhooks signatures (docs/webhooks.md#signatures): a secret is `whsec_` + base64
// of 32 random bytes, and a request is signed with HMAC-SHA256 over `id.timestamp.body`,
// sent as `webhook-signature: v1,<base64>` (several, space-separated, while a rotated secret
// overlaps). Written on node:crypto: it is four lines, and the reference package pulls in
// two pure-JS crypto dependencies to do the same; receivers verify with it unchanged.
import { createHmac, randomBytes } from "node:crypto";

const PREFIX = "whsec_";

export function newSecret(): string {
  return PREFIX + randomBytes(32).toString("base64");
}

/** The `v1,<base64>` signature of one request under one secret. */
export function sign(secret: string, id: string, timestampSec: number, body: string): string {
  const key = Buffer.from(
    secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret,
    "base64",
  );
  const mac = createHmac("sha256", key).update(`${id}.${timestampSec}.${body}`).digest("base64");
  return `v1,${mac}`;
}

/** The three headers of a signed request; every secret in `secrets` signs it. */
export function signedHeaders(
  secrets: readonly string[],
  id: string,
  timestampSec: number,
  body: string,
): Record<string, string> {
  return {
    "webhook-id": id,
    "webhook-timestamp": String(timestampSec),
    "webhook-signature": secrets.map((s) => sign(s, id, timestampSec, body)).join(" "),
  };
}
