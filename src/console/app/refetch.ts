// "Read it again": a screen bumps a counter after a change it made, and the lists under it
// read their query again from the gateway (network-only), never from urql's cache.
import { useEffect } from "react";
import type { OperationContext } from "urql";

export function useRefetchOn(
  refresh: number,
  reexecute: (opts?: Partial<OperationContext>) => void,
): void {
  useEffect(() => {
    if (refresh > 0) reexecute({ requestPolicy: "network-only" });
  }, [refresh, reexecute]);
}
