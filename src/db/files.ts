// StoredFile rows as sends and carriers use them: the MMS images uploaded with a send, the
// links from a request to its images, and the bytes a carrier reads when it delivers.
import { insertMany, query, type TxProgram } from "./program.ts";

export interface NewMmsFile {
  id: string;
  fileName: string;
  size: number;
  width: number;
  height: number;
  data: Buffer;
}

/** Stores the images uploaded with a send (JPEG, checked) and links the request to `fileIds` in order. */
export function* insertRequestFiles(
  accountId: string,
  requestId: string,
  newFiles: readonly NewMmsFile[],
  fileIds: readonly string[],
  now: Date,
): TxProgram<void> {
  yield* insertMany(
    "StoredFile",
    [
      "id",
      "accountId",
      "purpose",
      "fileName",
      "mimeType",
      "size",
      "width",
      "height",
      "data",
      "createdAt",
    ],
    newFiles.map((f) => [
      f.id,
      accountId,
      "MMS",
      f.fileName,
      "image/jpeg",
      f.size,
      f.width,
      f.height,
      f.data,
      now,
    ]),
  );
  yield* insertMany(
    "MessageRequestFile",
    ["requestId", "fileId", "position"],
    fileIds.map((f, i) => [requestId, f, i]),
  );
}

/** One stored file's bytes; null when it is gone. */
export function* storedFileData(fileId: string): TxProgram<Buffer | null> {
  const [row] = yield* query<{ data: Buffer }>(`SELECT "data" FROM "StoredFile" WHERE "id" = ?`, [
    fileId,
  ]);
  return row ? row.data : null;
}
