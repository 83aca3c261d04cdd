// What webhook deliveries read from the logs, as transaction programs (db/program.ts) run by
// the delivery worker: which COMPLETED events close their request (with the request's
// counts), and the project event log after a cursor.
import type { ProjectEvent, ProjectEventType } from "../domain/projectEvents.ts";
import { query, type TxProgram } from "./program.ts";
import { dateOf, intOf, type Dialect } from "./sql.ts";

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
 * Cheap checks first: chunks still to write (by key), then one open message is enough to
 * rule a request out. On SQLite that message is looked for newest first: messages are
 * delivered roughly in the order they were written, so while a request is under way its
 * newest ones are the open ones, and the index scan stops at once instead of walking past
 * every message already delivered. The counts are only read for a request whose last
 * COMPLETED event is among `seqs`.
 */
export function* finishedRequests(
  dialect: Dialect,
  requestIds: readonly string[],
  seqs: ReadonlySet<number>,
): TxProgram<Map<string, RequestTotals>> {
  const out = new Map<string, RequestTotals>();
  const newestFirst = dialect === "sqlite" ? `ORDER BY "rowid" DESC` : "";
  for (const requestId of new Set(requestIds)) {
    const [chunk] = yield* query(
      `SELECT 1 AS "x" FROM "PendingMessageChunk" WHERE "requestId" = ? LIMIT 1`,
      [requestId],
    );
    if (chunk) continue;
    const [open] = yield* query(
      `SELECT 1 AS "x" FROM "Message" WHERE "requestId" = ? AND "status" <> 'COMPLETED'
       ${newestFirst} LIMIT 1`,
      [requestId],
    );
    if (open) continue;
    const [last] = yield* query(
      `SELECT "seq" FROM "MessageStatusEvent" WHERE "requestId" = ? AND "status" = 'COMPLETED'
       ORDER BY "seq" DESC LIMIT 1`,
      [requestId],
    );
    if (!last || !seqs.has(intOf(last.seq))) continue;
    const t: RequestTotals = { requestId, lastSeq: intOf(last.seq), total: 0, success: 0, fail: 0 };
    const results = yield* query(
      `SELECT "result", COUNT(*) AS "n" FROM "Message" WHERE "requestId" = ? GROUP BY "result"`,
      [requestId],
    );
    for (const r of results) {
      const n = intOf(r.n);
      t.total += n;
      if (r.result === "SUCCESS") t.success += n;
      else if (r.result === "FAIL") t.fail += n;
    }
    out.set(requestId, t);
  }
  return out;
}

/** Committed project events with afterSeq < seq ≤ upToSeq, in seq order, at most `limit`. */
export function* readProjectEvents(
  projectId: string,
  afterSeq: number,
  upToSeq: number,
  limit: number,
): TxProgram<ProjectEvent[]> {
  const rows = yield* query(
    `SELECT "accountId", "projectId", "seq", "type", "subjectId", "data", "createdAt"
     FROM "ProjectEvent" WHERE "projectId" = ? AND "seq" > ? AND "seq" <= ?
     ORDER BY "seq" LIMIT ?`,
    [projectId, afterSeq, upToSeq, limit],
  );
  return rows.map(
    (r) =>
      ({
        accountId: String(r.accountId),
        projectId: String(r.projectId),
        seq: intOf(r.seq),
        type: String(r.type) as ProjectEventType,
        subjectId: String(r.subjectId),
        data: JSON.parse(String(r.data)),
        createdAt: dateOf(r.createdAt),
      }) as ProjectEvent,
  );
}
