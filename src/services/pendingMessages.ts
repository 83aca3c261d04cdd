// Big immediate sends on SQLite without one long transaction. better-sqlite3 runs a
// transaction on the event loop's thread, and inserting 100,000 messages at once held it for
// ~150–250 ms: every other tenant waited. So the accepting transaction writes the first
// CHUNK messages and the rest as PendingMessageChunk rows (a few JSON rows, fast), and the
// messages are then created one chunk per transaction, giving way to the event loop between
// chunks. Each chunk transaction inserts its messages and deletes its chunk row together,
// so a crash between chunks leaves the rest pending — never lost, never created twice — and
// the `pending-messages` job (or the next send's own loop) finishes them. PostgreSQL does
// not need this: its transaction runs on the server, not on our thread.
import { newId } from "../ids.ts";
import { insertNewMessages } from "../db/messages.ts";
import {
  deletePendingChunk,
  oldestPendingChunk,
  type NewPendingChunk,
  type PendingMessage,
} from "../db/pendingChunks.ts";
import type { TxProgram } from "../db/program.ts";
import { yieldToEventLoop } from "../domain/pause.ts";
import type { Deps } from "./deps.ts";

/**
 * Messages per transaction: 1,000 rows with the Message table's indexes take ~15 ms on an
 * idle core (~30 ms on a slow shared one), well under the event loop's ~100 ms budget.
 */
export const PENDING_CHUNK = 1_000;

/**
 * The chunk rows for `messages` (in order), numbered from 0, built before the accepting
 * transaction — serialising 100,000 messages is work too, so it gives way between chunks.
 */
export async function pendingChunkRows(
  requestId: string,
  messages: readonly PendingMessage[],
  now: Date,
): Promise<NewPendingChunk[]> {
  const rows: NewPendingChunk[] = [];
  for (let i = 0, chunk = 0; i < messages.length; i += PENDING_CHUNK, chunk++) {
    const json = JSON.stringify(messages.slice(i, i + PENDING_CHUNK));
    rows.push({ requestId, chunk, rows: json, createdAt: now });
    await yieldToEventLoop();
  }
  return rows;
}

/** Creates the messages of one pending chunk (the oldest, of `requestId` or of any request) and deletes it. */
function* materializeOne(requestId: string | null): TxProgram<boolean> {
  const chunk = yield* oldestPendingChunk(requestId);
  if (!chunk) return false;
  yield* insertNewMessages([
    {
      shared: {
        accountId: chunk.accountId,
        projectId: chunk.projectId,
        requestId: chunk.requestId,
        countryCode: chunk.countryCode,
        status: "READY",
        requestTime: chunk.requestTime,
      },
      messages: chunk.messages.map((m) => {
        if (typeof m === "string")
          return { id: newId(), to: m, subject: chunk.subject, content: chunk.content };
        if (m.length === 3) return { id: newId(), to: m[0], subject: m[1], content: m[2] };
        return { id: m[0], to: m[1], subject: m[2], content: m[3] };
      }),
    },
  ]);
  yield* deletePendingChunk(chunk.requestId, chunk.chunk);
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
