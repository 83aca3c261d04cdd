// Signing secrets at rest: sealed with the gateway's secret key (src/secretKey.ts), bound to
// the endpoint id. While a rotation overlaps, both the new and the previous secret sign.
import type { EndpointRow } from "../db/webhooks.ts";
import type { SecretBox } from "../secretKey.ts";
import type { Deps } from "../services/deps.ts";

/** How long the previous secret keeps signing after a rotation (docs/webhooks.md#rotating-the-secret). */
export const ROTATION_OVERLAP_MS = 24 * 3_600_000;

export const sealSecret = (deps: Deps, endpointId: string, secret: string) =>
  deps.secrets.seal(secret, `webhook:${endpointId}`);

/**
 * The secrets a request is signed with now: the current one, then the previous during its
 * overlap. Throws when the current one cannot be opened (sealed under another SECRET_KEY).
 */
export function openSecrets(
  box: SecretBox,
  e: Pick<EndpointRow, "id" | "secretSealed" | "previousSealed" | "previousUntil">,
  now: Date,
): string[] {
  const context = `webhook:${e.id}`;
  const out = [box.open(e.secretSealed, context)];
  if (e.previousSealed && e.previousUntil && e.previousUntil > now) {
    // A previous secret sealed under an older SECRET_KEY is dropped: the new one still signs.
    try {
      out.push(box.open(e.previousSealed, context));
    } catch {}
  }
  return out;
}
