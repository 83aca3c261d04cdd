// Reads an imported recipient CSV off the main thread: csv-parse needs about 0.4 s of an
// idle core for 100,000 rows, too long to freeze the page. Answers with its CsvSummary.
import { summarizeCsv } from "./recipients.ts";

/** The worker's global scope (the console's tsconfig types the page, not workers). */
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<File>) => void) | null;
  postMessage(message: unknown): void;
};

scope.onmessage = (event) => {
  void event.data.text().then((text) => scope.postMessage(summarizeCsv(text)));
};
