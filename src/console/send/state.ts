// What the Send form holds: its values, the attached images (checked when chosen) and the
// imported CSV (read when chosen). The checks are the pure rules of rules.ts/recipients.ts.
import { useState } from "react";
import { initialValues, type Attachment, type SendValues } from "./form.ts";
import type { CsvImport } from "./Recipients.tsx";
import type { CsvSummary } from "./recipients.ts";
import { fileProblems } from "./rules.ts";
import { DEFAULT_TIME_ZONE } from "./timing.ts";

let attachmentIds = 0;

/** The CSV's summary, computed in a worker (csvWorker.ts) so a big file never freezes the page. */
function readCsv(file: File): Promise<CsvSummary> {
  const worker = new Worker(new URL("./csvWorker.ts", import.meta.url), { type: "module" });
  return new Promise<CsvSummary>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<CsvSummary>) => resolve(event.data);
    worker.onerror = (event) => reject(new Error(event.message));
    worker.postMessage(file);
  }).finally(() => worker.terminate());
}

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
    setCsv(file ? { file, summary: await readCsv(file) } : null);
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
