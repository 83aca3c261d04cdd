// Big immediate sends on SQLite without one long transaction. better-sqlite3 runs a
// transaction on the event loop's thread, and inserting 100,000 messages at once held it for
// ~150–250 ms: every other tenant waited. So the accepting transaction writes the first
// CHUNK messages and the rest as PendingMessageChunk rows (a few JSON rows, fast), and the
// messages are then created one chunk per transaction, giving way to the event loop between
// chunks. Each chunk transaction inserts its messages and deletes its chunk row together,
// so a crash between chunks leaves the rest pending — never lost, never created twice — and
// the `pending-messages` job (or the next send's own loop) finishes them. PostgreSQL does
// not need this: its transaction runs on the server, not on our thread.
import { insertMany, query, type SqlOp, type Row } from "../db/program.ts";
import { readDate } from "../db/raw.ts";
import { yieldToEventLoop } from "../domain/pause.ts";
import type { Deps } from "./deps.ts";

/** Messages per transaction: ~10 ms of SQLite work, well under the event-loop budget. */
export const PENDING_CHUNK = 5_000;

/** One message as stored in a chunk row: [id, to, subject, content]. */
export type PendingMessage = [id: string, to: string, subject: string | null, content: string];

/**
 * The chunk rows for `messages` (in order), numbered from 0, built before the accepting
 * transaction — serialising 100,000 messages is work too, so it gives way between chunks.
 */
export async function pendingChunkRows(
  requestId: string,
  messages: readonly PendingMessage[],
  now: Date,
): Promise<(string | number | Date)[][]> {
  const rows: (string | number | Date)[][] = [];
  for (let i = 0, chunk = 0; i < messages.length; i += PENDING_CHUNK, chunk++) {
    rows.push([requestId, chunk, JSON.stringify(messages.slice(i, i + PENDING_CHUNK)), now]);
    await yieldToEventLoop();
  }
  return rows;
}

/** Writes chunk rows from pendingChunkRows; inside the accepting transaction. */
export function* insertPendingChunks(
  rows: (string | number | Date)[][],
): Generator<SqlOp, void, Row[]> {
  yield* insertMany("PendingMessageChunk", ["requestId", "chunk", "rows", "createdAt"], rows);
}

/** Creates the messages of one pending chunk (the oldest, of `requestId` or of any request) and deletes it. */
function* materializeOne(requestId: string | null): Generator<SqlOp, boolean, Row[]> {
  const [chunk] = yield* query<{
    requestId: string;
    chunk: number;
    rows: string;
    accountId: string;
    projectId: string;
    countryCode: string;
    requestTime: unknown;
  }>(
    `SELECT c."requestId", c."chunk", c."rows", q."accountId", q."projectId", q."countryCode", q."requestTime"
     FROM "PendingMessageChunk" c JOIN "MessageRequest" q ON q."id" = c."requestId"
     ${requestId ? `WHERE c."requestId" = ?` : ""} ORDER BY c."createdAt", c."requestId", c."chunk" LIMIT 1`,
    requestId ? [requestId] : [],
  );
  if (!chunk) return false;
  const requestTime = readDate(chunk.requestTime)!;
  const messages = JSON.parse(chunk.rows) as PendingMessage[];
  yield* insertMany(
    "Message",
    [
      "id",
      "accountId",
      "projectId",
      "requestId",
      "to",
      "countryCode",
      "subject",
      "content",
      "status",
      "requestTime",
    ],
    messages.map(([id, to, subject, content]) => [
      id,
      chunk.accountId,
      chunk.projectId,
      chunk.requestId,
      to,
      chunk.countryCode,
      subject,
      content,
      "READY",
      requestTime,
    ]),
  );
  yield* query(`DELETE FROM "PendingMessageChunk" WHERE "requestId" = ? AND "chunk" = ?`, [
    chunk.requestId,
    chunk.chunk,
  ]);
  return true;
}

/**
 * Turns pending chunks into messages, one transaction each, until none is left (of
 * `requestId`, or of every request). Safe to run anywhere at once: SQLite has one writer,
 * and each transaction re-reads what is still pending.
 */
export async function materializePending(
  deps: Pick<Deps, "programs" | "queued">,
  requestId: string | null = null,
): Promise<number> {
  let chunks = 0;
  while (await deps.programs.transaction(() => materializeOne(requestId))) {
    chunks++;
    // The dispatcher can start on what is there; other requests get their turn.
    deps.queued.notify();
    await yieldToEventLoop();
  }
  return chunks;
}
