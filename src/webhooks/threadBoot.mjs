// The webhook thread's entry (webhooks/thread.ts starts it). The gateway runs TypeScript
// through tsx, whose loader a worker thread does not inherit — not even from `--import tsx`
// in execArgv — so it is registered here, in plain JavaScript, before the thread's real
// entry is imported.
import { register } from "tsx/esm/api";

register();
await import("./threadMain.ts");
