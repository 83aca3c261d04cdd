// What webhook deliveries read from the event log: the project's status events after a
// cursor, and which COMPLETED events close their request (with the request's counts).
import type { Db } from "./client.ts";

export interface RequestTotals {
  requestId: string;
  /** The seq of the request's last COMPLETED event: the request.completed event follows it. */
  lastSeq: number;
  total: number;
  success: number;
  fail: number;
}

/**
 * Of the requests named, those whose every message is COMPLETED and that have no chunks
 * still to write, with their counts. Stable once true: a finished request never changes.
 */
export async function finishedRequests(
  db: Db,
  requestIds: readonly string[],
): Promise<Map<string, RequestTotals>> {
  const out = new Map<string, RequestTotals>();
  if (!requestIds.length) return out;
  const ids = [...new Set(requestIds)];
  const [open, pending, results, last] = await Promise.all([
    db.message.groupBy({
      by: ["requestId"],
      where: { requestId: { in: ids }, status: { not: "COMPLETED" } },
      _count: { _all: true },
    }),
    db.pendingMessageChunk.groupBy({
      by: ["requestId"],
      where: { requestId: { in: ids } },
      _count: { _all: true },
    }),
    db.message.groupBy({
      by: ["requestId", "result"],
      where: { requestId: { in: ids } },
      _count: { _all: true },
    }),
    db.messageStatusEvent.groupBy({
      by: ["requestId"],
      where: { requestId: { in: ids }, status: "COMPLETED" },
      _max: { seq: true },
    }),
  ]);
  const busy = new Set([...open, ...pending].map((r) => r.requestId));
  for (const l of last) {
    if (busy.has(l.requestId) || l._max.seq === null) continue;
    out.set(l.requestId, {
      requestId: l.requestId,
      lastSeq: l._max.seq,
      total: 0,
      success: 0,
      fail: 0,
    });
  }
  for (const r of results) {
    const t = out.get(r.requestId);
    if (!t) continue;
    t.total += r._count._all;
    if (r.result === "SUCCESS") t.success += r._count._all;
    else if (r.result === "FAIL") t.fail += r._count._all;
  }
  return out;
}
