// The SenderNumber table's delivery-time lookups: which (account, number) pairs are APPROVED,
// live senders — raw, inside the dispatcher's and the scheduler's transactions — and the
// single check a send makes before it uses a number as `from` (through Prisma).
import { type SENDER_NUMBER_STATUSES, tryNormaliseSenderNumber } from "../domain/senderNumber.ts";
import type { Db, Prisma } from "./client.ts";
import { query, type TxProgram } from "./program.ts";
import { marks } from "./sql.ts";

type Client = Db | Prisma.TransactionClient;

const APPROVED: (typeof SENDER_NUMBER_STATUSES)[number] = "APPROVED";
/** Pairs per lookup: each brings up to two parameters. */
const PAIRS_PER_QUERY = 200;

/** The key approvedSenders uses: one account's one normalised number. */
export const senderKey = (accountId: string, number: string): string =>
  `${accountId}\u0000${number}`;

/**
 * senderKey of every (account, normalised number) pair that is an APPROVED, live sender —
 * the delivery-time check of the dispatcher and the scheduler, inside their transactions.
 */
export function* approvedSenders(
  pairs: readonly { accountId: string; number: string }[],
): TxProgram<Set<string>> {
  const approved = new Set<string>();
  const unique = [...new Map(pairs.map((p) => [senderKey(p.accountId, p.number), p])).values()];
  for (let i = 0; i < unique.length; i += PAIRS_PER_QUERY) {
    const slice = unique.slice(i, i + PAIRS_PER_QUERY);
    const accounts = [...new Set(slice.map((p) => p.accountId))];
    const numbers = [...new Set(slice.map((p) => p.number))];
    const rows = yield* query<{ accountId: string; number: string }>(
      `SELECT "accountId", "number" FROM "SenderNumber"
       WHERE "status" = '${APPROVED}' AND "deletedAt" IS NULL
         AND "accountId" IN (${marks(accounts.length)}) AND "number" IN (${marks(numbers.length)})`,
      [...accounts, ...numbers],
    );
    for (const r of rows) approved.add(senderKey(r.accountId, r.number));
  }
  return approved;
}

/**
 * Whether `number` (any accepted spelling) is an APPROVED, live sender number of the
 * account — the check every send makes before using it as `from` (docs/sender-numbers.md).
 */
export async function isApprovedSender(
  db: Client,
  accountId: string,
  number: string,
): Promise<boolean> {
  const normalised = tryNormaliseSenderNumber(number);
  if (!normalised) return false;
  const count = await db.senderNumber.count({
    where: { accountId, number: normalised, status: APPROVED, deletedAt: null },
  });
  return count > 0;
}
