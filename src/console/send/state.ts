// What the Send form holds: its values, the attached images (checked when chosen) and the
// imported CSV (read when chosen). The checks are the pure rules of rules.ts/recipients.ts.
import { useState } from "react";
import { initialValues, type Attachment, type SendValues } from "./form.ts";
import type { CsvImport } from "./Recipients.tsx";
import { summarizeCsv } from "./recipients.ts";
import { fileProblems } from "./rules.ts";
import { DEFAULT_TIME_ZONE } from "./timing.ts";

let attachmentIds = 0;

const identity = (f: File) => [f.name, f.size, f.lastModified];

export function useSendState(onChange: () => void) {
  const [values, setValues] = useState<SendValues>(() => initialValues(DEFAULT_TIME_ZONE));
  const [attachments, setAttachments] = useState<Attachment[]>([]);
  const [csv, setCsv] = useState<CsvImport | null>(null);

  const set = <K extends keyof SendValues>(key: K, value: SendValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    onChange();
  };
  async function addFiles(files: File[]) {
    const checked = await Promise.all(
      files.map(async (file) => ({
        id: ++attachmentIds,
        file,
        problems: fileProblems(file.name, new Uint8Array(await file.arrayBuffer())),
      })),
    );
    setAttachments((a) => [...a, ...checked]);
  }
  const removeFile = (index: number) => setAttachments((a) => a.filter((_, i) => i !== index));
  async function chooseCsv(file: File | null) {
    setCsv(file ? { file, summary: summarizeCsv(await file.text()) } : null);
    onChange();
  }
  /** Identifies the form's content: a preview is current while this stays the same. */
  const signature = JSON.stringify([
    values,
    attachments.map((a) => identity(a.file)),
    csv ? identity(csv.file) : null,
  ]);
  return { values, set, attachments, addFiles, removeFile, csv, chooseCsv, signature };
}
