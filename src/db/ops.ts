// What the operations endpoints read: the readiness ping and the message counts behind the
// /metrics gauges. Through Prisma's connection, so a scrape never sees a writer's
// uncommitted rows on SQLite.
import type { MessageResult, MessageStatus } from "../domain/messageStatus.ts";
import type { Db } from "./client.ts";
import { readDate } from "./raw.ts";

/** Resolves when the database answers a trivial statement. */
export async function pingDatabase(db: Db): Promise<void> {
  await db.$queryRawUnsafe("SELECT 1");
}

export interface MessageCount {
  status: MessageStatus;
  result: MessageResult | null;
  count: number;
  /** The oldest requestTime in the group; null when it cannot be read. */
  oldest: Date | null;
}

/**
 * Messages grouped by status and result. Raw SQL because Prisma's groupBy returns MIN of a
 * SQLite timestamp as an Invalid Date; counts arrive as bigint, MIN as a Date (PostgreSQL)
 * or epoch milliseconds (SQLite), decoded here.
 */
export async function countMessages(db: Db): Promise<MessageCount[]> {
  const rows = await db.$queryRawUnsafe<
    {
      status: MessageStatus;
      result: MessageResult | null;
      count: bigint | number;
      oldest: unknown;
    }[]
  >(
    `SELECT "status", "result", COUNT(*) AS "count", MIN("requestTime") AS "oldest" FROM "Message" GROUP BY "status", "result"`,
  );
  return rows.map((r) => {
    const oldest = readDate(r.oldest);
    return {
      status: r.status,
      result: r.result,
      count: Number(r.count),
      oldest: oldest && Number.isFinite(oldest.getTime()) ? oldest : null,
    };
  });
}
