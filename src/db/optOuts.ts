// The opt-out tables' lookups for sending: which recipients are on a project's active opt-out
// list (raw, so sends and the scheduler's transactions share it), which projects have a
// COMPLETE 080 service, and the single-number check (through Prisma). Only the list of a
// COMPLETE service counts; a STOPPED service's list is already empty.
import { normalizeOptOutNumber, optOutServiceMachine } from "../domain/optOut.ts";
import type { Db, Prisma } from "./client.ts";
import { query, type TxProgram } from "./program.ts";
import { statusIs } from "./guards.ts";
import { chunks, intOf, marks } from "./sql.ts";

type Client = Db | Prisma.TransactionClient;

const COMPLETE = statusIs(optOutServiceMachine, "COMPLETE");

/** Whether `number` (any accepted format) is on the project's opt-out list. */
export async function isOptedOut(db: Client, projectId: string, number: string): Promise<boolean> {
  const check = normalizeOptOutNumber(number);
  if (!check.ok) return false;
  const found = await db.optOutNumber.findFirst({
    where: { projectId, service: { status: "COMPLETE" }, number: check.number },
    select: { id: true },
  });
  return found !== null;
}

/**
 * The numbers among `numbers` (any accepted spelling) that are on the project's active
 * opt-out list, as normalised digits (compare with normalizeOptOutNumber(n).number).
 */
export function* optedOutNumbers(
  projectId: string,
  numbers: Iterable<string>,
): TxProgram<Set<string>> {
  const wanted = new Set<string>();
  for (const n of numbers) {
    const check = normalizeOptOutNumber(n);
    if (check.ok) wanted.add(check.number);
  }
  const found = new Set<string>();
  if (!wanted.size) return found;
  const active = `"projectId" = ? AND "serviceId" IN (SELECT "id" FROM "OptOutService" WHERE "projectId" = ? AND ${COMPLETE})`;
  const [count] = yield* query<{ n: unknown }>(
    `SELECT COUNT(*) AS "n" FROM "OptOutNumber" WHERE ${active}`,
    [projectId, projectId],
  );
  const listSize = intOf(count?.n);
  if (listSize === 0) return found;
  // A big send usually outnumbers the opt-out list: then one scan of the list beats
  // hundreds of IN (…) lookups; a long list is probed with the numbers in slices instead.
  const probes = listSize > wanted.size ? chunks([...wanted]) : [[]];
  for (const slice of probes) {
    const rows = yield* query<{ number: string }>(
      `SELECT "number" FROM "OptOutNumber" WHERE ${active}${slice.length ? ` AND "number" IN (${marks(slice.length)})` : ""}`,
      [projectId, projectId, ...slice],
    );
    for (const r of rows) if (wanted.has(r.number)) found.add(r.number);
  }
  return found;
}

/** The given projects that have a COMPLETE 080 service (advertising needs one). */
export function* projectsWith080(projectIds: readonly string[]): TxProgram<Set<string>> {
  const out = new Set<string>();
  for (const ids of chunks([...new Set(projectIds)])) {
    const rows = yield* query<{ projectId: string }>(
      `SELECT DISTINCT "projectId" FROM "OptOutService" WHERE ${COMPLETE} AND "projectId" IN (${marks(ids.length)})`,
      ids,
    );
    for (const r of rows) out.add(r.projectId);
  }
  return out;
}
