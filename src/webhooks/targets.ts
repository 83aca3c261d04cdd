// Safe webhook targets (docs/webhooks.md#safe-targets): https only (http with
// WEBHOOK_ALLOW_HTTP), and no loopback, private, link-local, metadata or otherwise
// non-public address (unless WEBHOOK_ALLOW_PRIVATE_URLS). The name is resolved here and the
// request is pinned to the checked address, so a DNS answer that changes between the check
// and the connection (rebinding) cannot redirect it. Ranges are classified by ipaddr.js.
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";

export interface TargetRules {
  allowHttp: boolean;
  allowPrivateUrls: boolean;
}

export class UnsafeTargetError extends Error {
  override name = "UnsafeTargetError";
}

export const URL_MAX = 2000;

/** Checks the URL's form (no DNS); returns it parsed. */
export function parseTarget(raw: string, rules: TargetRules): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UnsafeTargetError("not an absolute URL");
  }
  if (raw.length > URL_MAX) throw new UnsafeTargetError(`longer than ${URL_MAX} characters`);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && rules.allowHttp))
    throw new UnsafeTargetError(rules.allowHttp ? "must be http or https" : "must be https");
  if (url.username || url.password) throw new UnsafeTargetError("must not carry credentials");
  if (url.hash) throw new UnsafeTargetError("must not have a #fragment");
  return url;
}

/** True for addresses on the public internet (ipaddr.js range "unicast"). */
export function isPublicAddress(address: string): boolean {
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range() === "unicast";
}

export interface ResolvedTarget {
  url: URL;
  address: string;
  family: 4 | 6;
}

/** Resolves the host and refuses it unless every address it has is allowed. */
export async function resolveTarget(raw: string, rules: TargetRules): Promise<ResolvedTarget> {
  const url = parseTarget(raw, rules);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: { address: string; family: number }[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await lookup(host, { all: true, verbatim: true });
    } catch (err) {
      throw new UnsafeTargetError(
        `host ${host} does not resolve (${(err as { code?: string }).code ?? "error"})`,
      );
    }
  }
  if (!addresses.length) throw new UnsafeTargetError(`host ${host} has no address`);
  if (!rules.allowPrivateUrls) {
    const bad = addresses.find((a) => !isPublicAddress(a.address));
    if (bad)
      throw new UnsafeTargetError(
        `${host} resolves to ${bad.address}, which is not a public address`,
      );
  }
  const first = addresses[0]!;
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}
