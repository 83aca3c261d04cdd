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
 * Cheap checks first (one open message is enough to rule a request out, found by index);
 * the counts are only read for a request whose last COMPLETED event is among `seqs`.
 */
export async function finishedRequests(
  db: Db,
  requestIds: readonly string[],
  seqs: ReadonlySet<number>,
): Promise<Map<string, RequestTotals>> {
  const out = new Map<string, RequestTotals>();
  for (const requestId of new Set(requestIds)) {
    const open = await db.message.findFirst({
      where: { requestId, status: { not: "COMPLETED" } },
      select: { id: true },
    });
    if (open) continue;
    const chunk = await db.pendingMessageChunk.findFirst({
      where: { requestId },
      select: { chunk: true },
    });
    if (chunk) continue;
    const last = await db.messageStatusEvent.findFirst({
      where: { requestId, status: "COMPLETED" },
      orderBy: { seq: "desc" },
      select: { seq: true },
    });
    if (!last || !seqs.has(last.seq)) continue;
    const t: RequestTotals = { requestId, lastSeq: last.seq, total: 0, success: 0, fail: 0 };
    const results = await db.message.groupBy({
      by: ["result"],
      where: { requestId },
      _count: { _all: true },
    });
    for (const r of results) {
      t.total += r._count._all;
      if (r.result === "SUCCESS") t.success += r._count._all;
      else if (r.result === "FAIL") t.fail += r._count._all;
    }
    out.set(requestId, t);
  }
  return out;
}
