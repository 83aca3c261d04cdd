// Failed SENS REST authentications cost the client's address: each 401 takes a token from
// the address's bucket (SENS_REST_FAILED_AUTH_*), and an address with an empty bucket is
// refused with 429 before its signature is even checked — a right guess included, so
// throttled guessing learns nothing. Legitimate traffic never pays: success takes nothing.
import { isIPv6 } from "node:net";
import type { Buckets, Take } from "./rateLimit.ts";

/**
 * The bucket key of a peer address. IPv4 (and IPv4-mapped IPv6) as is; IPv6 by its /64,
 * the block one host is usually given, so hopping between its addresses does not reset it.
 */
export function clientAddress(remote: string | undefined): string {
  if (!remote) return "unknown";
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(remote);
  if (mapped) return mapped[1]!;
  if (!isIPv6(remote)) return remote;
  const [head = "", tail = ""] = remote.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = remote.includes("::") && tail ? tail.split(":") : [];
  const groups = remote.includes("::")
    ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}

/** Whether `address` may try to authenticate now (looks only, takes nothing). */
export function mayAuthenticate(buckets: Buckets, address: string): Promise<Take> {
  return buckets.take(address, 0);
}

/** Charges one failed authentication to `address`. */
export async function chargeFailure(buckets: Buckets, address: string): Promise<void> {
  await buckets.take(address, 1);
}
