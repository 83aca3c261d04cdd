// MMS attachments (docs/sending.md#mms-files): JPEG only (by content, not by name or declared type), at most
// 300 KB, at most 1500×1500 pixels, file name at most 40 characters.
import { fileTypeFromBuffer } from "file-type";
import { imageSize } from "image-size";
import { ValidationError } from "./errors.ts";
import { describeTextFlaw, findTextFlaw } from "./text.ts";

export const MMS_MAX_BYTES = 300 * 1024;
export const MMS_MAX_SIDE = 1500;
export const MMS_MAX_NAME = 40;
export const MMS_MAX_FILES = 3;

export interface CheckedMmsFile {
  fileName: string;
  size: number;
  width: number;
  height: number;
  data: Buffer;
}

/**
 * The file count of a send, checked before any file is looked up or read: a list of ids is
 * bound into one SQL `IN (…)`, so 40,000 of them failed in the database ("query parameter
 * limit exceeded") instead of being refused. Duplicates count: nobody needs to name a file
 * more than three times.
 */
export function checkFileCount(fileIds: number, uploads: number, path: string[]): void {
  const count = fileIds + uploads;
  if (count > MMS_MAX_FILES)
    throw ValidationError.field(path, `MMS carries at most ${MMS_MAX_FILES} files (got ${count})`);
}

/** Validates one upload; `path` names it in the error (e.g. ["input", "files", "1"]). */
export async function checkMmsFile(
  fileName: string,
  data: Buffer,
  path: string[],
): Promise<CheckedMmsFile> {
  const fail = (message: string) =>
    ValidationError.field(path, `${fileName || "file"}: ${message}`);
  const name = fileName.trim();
  if (!name) throw fail("a file name is required");
  // The name is stored and shown in the history: the text rule of every input applies.
  const flaw = findTextFlaw(name, "line");
  if (flaw)
    throw ValidationError.field(
      path,
      describeTextFlaw(`the file name of ${path.join(".")}`, flaw, "line"),
    );
  if ([...name].length > MMS_MAX_NAME)
    throw fail(`file name is ${[...name].length} characters; at most ${MMS_MAX_NAME}`);
  if (data.length === 0) throw fail("the file is empty");
  if (data.length > MMS_MAX_BYTES)
    throw fail(`the file is ${data.length} bytes; at most ${MMS_MAX_BYTES} (300 KB)`);
  const type = await fileTypeFromBuffer(data);
  if (type?.mime !== "image/jpeg")
    throw fail(`only JPEG images can be sent (this file is ${type?.mime ?? "not an image"})`);
  let size: { width?: number; height?: number };
  try {
    size = imageSize(data);
  } catch {
    throw fail("the JPEG is damaged (its dimensions cannot be read)");
  }
  const width = size.width ?? 0;
  const height = size.height ?? 0;
  if (!width || !height) throw fail("the JPEG has no dimensions");
  if (width > MMS_MAX_SIDE || height > MMS_MAX_SIDE)
    throw fail(`the image is ${width}×${height} px; at most ${MMS_MAX_SIDE}×${MMS_MAX_SIDE}`);
  return { fileName: name, size: data.length, width, height, data };
}
