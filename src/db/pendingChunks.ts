// PendingMessageChunk rows: the messages of a big SQLite send that the accepting transaction
// stored as JSON chunks, to be created one chunk per transaction (services/pendingMessages.ts).
import { insertMany, query, type TxProgram } from "./program.ts";
import { readDate } from "./raw.ts";

/**
 * One message as stored in a chunk row. Its id is made when the chunk's messages are created
 * (one transaction, so a crash never makes it twice). Most messages of a big send carry the
 * request's own subject and content: those are stored as the number alone, the others as
 * [to, subject, content] — a fifth of the bytes the accepting transaction writes and
 * commits. [id, to, subject, content] is the first format (rows written before it changed).
 */
export type PendingMessage =
  | string
  | [to: string, subject: string | null, content: string]
  | [id: string, to: string, subject: string | null, content: string];

/** A chunk row as written: the request, its number from 0, the JSON of its messages. */
export interface NewPendingChunk {
  requestId: string;
  chunk: number;
  rows: string;
  createdAt: Date;
}

export function* insertPendingChunks(chunks: readonly NewPendingChunk[]): TxProgram<void> {
  yield* insertMany(
    "PendingMessageChunk",
    ["requestId", "chunk", "rows", "createdAt"],
    chunks.map((c) => [c.requestId, c.chunk, c.rows, c.createdAt]),
  );
}

/** The oldest pending chunk (of `requestId`, or of any request) with what its messages share. */
export interface PendingChunk {
  requestId: string;
  chunk: number;
  messages: PendingMessage[];
  accountId: string;
  projectId: string;
  countryCode: string;
  requestTime: Date;
  /** The request's own subject and content, for the messages stored as their number alone. */
  subject: string | null;
  content: string;
}

export function* oldestPendingChunk(requestId: string | null): TxProgram<PendingChunk | null> {
  const [row] = yield* query<{
    requestId: string;
    chunk: unknown;
    rows: string;
    accountId: string;
    projectId: string;
    countryCode: string;
    requestTime: unknown;
    subject: string | null;
    content: string;
  }>(
    `SELECT c."requestId", c."chunk", c."rows", q."accountId", q."projectId", q."countryCode", q."requestTime", q."subject", q."content"
     FROM "PendingMessageChunk" c JOIN "MessageRequest" q ON q."id" = c."requestId"
     ${requestId ? `WHERE c."requestId" = ?` : ""} ORDER BY c."createdAt", c."requestId", c."chunk" LIMIT 1`,
    requestId ? [requestId] : [],
  );
  if (!row) return null;
  return {
    requestId: row.requestId,
    chunk: Number(row.chunk),
    messages: JSON.parse(row.rows) as PendingMessage[],
    accountId: row.accountId,
    projectId: row.projectId,
    countryCode: row.countryCode,
    requestTime: readDate(row.requestTime)!,
    subject: row.subject,
    content: row.content,
  };
}

export function* deletePendingChunk(requestId: string, chunk: number): TxProgram<void> {
  yield* query(`DELETE FROM "PendingMessageChunk" WHERE "requestId" = ? AND "chunk" = ?`, [
    requestId,
    chunk,
  ]);
}
