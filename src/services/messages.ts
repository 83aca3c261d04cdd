// Message history (docs/delivery-and-results.md#history-and-retention): the filters users search by, the request progress counts,
// MMS file uploads, and the 30-day retention purge.
import type { Prisma } from "../db/client.ts";
import { ValidationError } from "../domain/errors.ts";
import type { MessageResult, MessageStatus } from "../domain/messageStatus.ts";
import { checkMmsFile } from "../domain/mmsFile.ts";
import type { ProgressCounts } from "../realtime/progress.ts";
import type { Actor, Deps } from "./deps.ts";

export const HISTORY_RETENTION_DAYS = 30;

export interface MessageFilter {
  projectId?: string | null;
  requestId?: string | null;
  requestedFrom?: Date | null;
  requestedTo?: Date | null;
  /** Completion time range (COMPLETED messages only). */
  completedFrom?: Date | null;
  completedTo?: Date | null;
  type?: "SMS" | "LMS" | "MMS" | null;
  contentType?: "COMM" | "AD" | null;
  status?: MessageStatus | null;
  result?: MessageResult | null;
  from?: string | null;
  to?: string | null;
}

const digits = (s: string) => s.replace(/\D/g, "");

/** Where-clause for the caller's message history; every filter of docs/delivery-and-results.md#history-and-retention. */
export function messageWhere(
  actor: Actor,
  f: MessageFilter | null | undefined,
): Prisma.MessageWhereInput {
  const where: Prisma.MessageWhereInput = {
    accountId: actor.accountId,
    project: { deletedAt: null },
  };
  if (!f) return where;
  if (f.requestedFrom && f.requestedTo && f.requestedTo < f.requestedFrom) {
    throw ValidationError.field(
      ["filter", "requestedTo"],
      "requestedTo is earlier than requestedFrom",
    );
  }
  if (f.completedFrom && f.completedTo && f.completedTo < f.completedFrom) {
    throw ValidationError.field(
      ["filter", "completedTo"],
      "completedTo is earlier than completedFrom",
    );
  }
  if (f.projectId) where.projectId = f.projectId;
  if (f.requestId) where.requestId = f.requestId;
  if (f.requestedFrom || f.requestedTo) {
    where.requestTime = {
      ...(f.requestedFrom ? { gte: f.requestedFrom } : {}),
      ...(f.requestedTo ? { lt: f.requestedTo } : {}),
    };
  }
  if (f.completedFrom || f.completedTo) {
    where.completeTime = {
      ...(f.completedFrom ? { gte: f.completedFrom } : {}),
      ...(f.completedTo ? { lt: f.completedTo } : {}),
    };
  }
  if (f.status) where.status = f.status;
  if (f.result) where.result = f.result;
  if (f.to) where.to = digits(f.to);
  const request: Prisma.MessageRequestWhereInput = {};
  if (f.type) request.type = f.type;
  if (f.contentType) request.contentType = f.contentType;
  if (f.from) request.from = digits(f.from);
  if (Object.keys(request).length) where.request = request;
  return where;
}

/** Counts by status and result of one request (the same shape the live stream pushes). */
export type RequestProgress = ProgressCounts;

/** The progress field that counts a status or a result: its name in lower case. */
const countOf = <S extends MessageStatus | MessageResult>(s: S) => s.toLowerCase() as Lowercase<S>;

/** Counts by status for many requests in two grouped queries (used by a DataLoader). */
export async function progressOf(
  deps: Deps,
  requestIds: readonly string[],
): Promise<RequestProgress[]> {
  const [byStatus, byResult] = await Promise.all([
    deps.db.message.groupBy({
      by: ["requestId", "status"],
      where: { requestId: { in: [...requestIds] } },
      _count: { _all: true },
    }),
    deps.db.message.groupBy({
      by: ["requestId", "result"],
      where: { requestId: { in: [...requestIds] }, status: "COMPLETED" },
      _count: { _all: true },
    }),
  ]);
  return requestIds.map((requestId) => {
    const p: RequestProgress = {
      requestId,
      total: 0,
      ready: 0,
      processing: 0,
      completed: 0,
      success: 0,
      fail: 0,
    };
    for (const g of byStatus) {
      if (g.requestId !== requestId) continue;
      p.total += g._count._all;
      p[countOf(g.status)] += g._count._all;
    }
    for (const g of byResult) {
      if (g.requestId !== requestId || !g.result) continue;
      p[countOf(g.result)] += g._count._all;
    }
    return p;
  });
}

/** Uploaded MMS files can be named in sends for this long, as SENS keeps its file ids (6 days). */
export const MMS_FILE_RETENTION_DAYS = 6;

/** Stores an MMS image for later sends (like SENS's file API); returns the file row. */
export async function uploadMmsFile(deps: Deps, actor: Actor, fileName: string, data: Buffer) {
  const checked = await checkMmsFile(fileName, data, ["file"]);
  const now = deps.clock.now();
  return deps.db.storedFile.create({
    data: {
      accountId: actor.accountId,
      purpose: "MMS",
      fileName: checked.fileName,
      mimeType: "image/jpeg",
      size: checked.size,
      width: checked.width,
      height: checked.height,
      data: new Uint8Array(checked.data),
      createdAt: now,
      expiresAt: new Date(now.getTime() + MMS_FILE_RETENTION_DAYS * 24 * 3600_000),
    },
    select: {
      id: true,
      fileName: true,
      mimeType: true,
      size: true,
      createdAt: true,
      expiresAt: true,
    },
  });
}

/**
 * Deletes expired MMS uploads that no request refers to. A file used by a request (or a
 * schedule template) stays as long as that request: its history shows the file names, and
 * every occurrence of a template sends it again.
 */
export async function purgeExpiredFiles(deps: Pick<Deps, "db" | "clock">): Promise<number> {
  const result = await deps.db.storedFile.deleteMany({
    where: { purpose: "MMS", expiresAt: { lt: deps.clock.now() }, requestFiles: { none: {} } },
  });
  return result.count;
}

/** Deletes requests (and, by cascade, their messages and events) older than the retention. */
export async function purgeHistory(deps: Pick<Deps, "db" | "clock">): Promise<number> {
  const cutoff = new Date(deps.clock.now().getTime() - HISTORY_RETENTION_DAYS * 24 * 3600 * 1000);
  // A reservation's history counts from its send time: kept until 30 days after it (and
  // while it has not ended). Schedule templates live as long as their schedule.
  const result = await deps.db.messageRequest.deleteMany({
    where: {
      requestTime: { lt: cutoff },
      template: { is: null },
      OR: [
        { reservation: { is: null } },
        {
          reservation: {
            is: {
              reserveTime: { lt: cutoff },
              status: { in: ["DONE", "FAIL", "CANCELED", "STALE", "SKIP"] },
            },
          },
        },
      ],
    },
  });
  return result.count;
}
