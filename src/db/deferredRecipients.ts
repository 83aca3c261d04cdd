// The DeferredRecipient table's raw statements for the scheduler: a reservation's or a
// template's stored recipients, read when its messages are created, and removed once the
// messages hold them.
import { query, type TxProgram } from "./program.ts";
import { chunks, marks } from "./sql.ts";

export interface DeferredRecipient {
  to: string;
  subject: string | null;
  content: string;
}

/** The stored recipients of each given request, in their original order, keyed by requestId. */
export function* deferredRecipientsOf(
  requestIds: readonly string[],
): TxProgram<Map<string, DeferredRecipient[]>> {
  const out = new Map<string, DeferredRecipient[]>();
  for (const ids of chunks([...new Set(requestIds)])) {
    const rows = yield* query<DeferredRecipient & { requestId: string }>(
      `SELECT "requestId", "to", "subject", "content" FROM "DeferredRecipient" WHERE "requestId" IN (${marks(ids.length)}) ORDER BY "requestId", "position"`,
      ids,
    );
    for (const { requestId, to, subject, content } of rows) {
      const r = { to, subject, content };
      const list = out.get(requestId);
      if (list) list.push(r);
      else out.set(requestId, [r]);
    }
  }
  return out;
}

export function* deleteDeferredRecipients(requestIds: readonly string[]): TxProgram<void> {
  for (const ids of chunks(requestIds)) {
    yield* query(
      `DELETE FROM "DeferredRecipient" WHERE "requestId" IN (${marks(ids.length)})`,
      ids,
    );
  }
}
