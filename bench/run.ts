// `npm run bench`: runs every benchmark in its own process (so one's memory does not skew
// another's) and prints their tables. Numbers are for reading, never asserted in tests.
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const tsx = join(import.meta.dirname, "..", "node_modules", ".bin", "tsx");
const only = process.argv[2];
// Flags after the name go to the soak (e.g. `npm run bench -- soak --seconds 90`).

const benches: [string, string[]][] = [
  ["send: 100k recipients, list, SQLite", ["bench/send.ts"]],
  ["send: 100k recipients, text block, SQLite", ["bench/send.ts", "--text"]],
  ["send: 100k recipients, list, PostgreSQL", ["bench/send.ts", "--postgres"]],
  ["history: page of 50 over HTTP, SQLite", ["bench/history.ts"]],
  [
    "dispatch: 100k messages READY → COMPLETED at 0 ms carrier latency, SQLite",
    ["bench/dispatch.ts"],
  ],
  [
    "dispatch: 50k messages READY → COMPLETED at 0 ms carrier latency, PostgreSQL",
    ["bench/dispatch.ts", "--postgres"],
  ],
  ["reservations: 10k due at the same minute → DONE, SQLite", ["bench/reservations.ts"]],
  [
    "reservations: 10k due at the same minute → DONE, PostgreSQL",
    ["bench/reservations.ts", "--postgres"],
  ],
  ["fan-out: 2,000 graphql-ws subscribers", ["bench/fanout.ts"]],
  [
    "fan-out (clients in a child process): 2,000 graphql-ws subscribers",
    ["bench/fanout.ts", "--split"],
  ],
  [
    "send: 100k US recipients (libphonenumber-js), text block, SQLite",
    ["bench/send.ts", "--text", "--us"],
  ],
  [
    "soak: memory over 5 minutes of mixed load, then one 100k send, SQLite",
    ["bench/soak.ts", ...process.argv.slice(3)],
  ],
  [
    "webhooks: 100k messages, batched and unbatched endpoints, dispatch with webhooks on vs off, SQLite",
    ["bench/webhooks.ts"],
  ],
  ["console: assets of the first load of /console, compressed", ["bench/console.ts"]],
  [
    "console-live: 100k messages completing on /console/results (Chromium), SQLite",
    ["bench/console-live.ts"],
  ],
];

let failed = false;
for (const [name, args] of benches) {
  if (only && !name.includes(only)) continue;
  console.log(`\n=== ${name}`);
  const r = spawnSync(tsx, args, { stdio: "inherit", env: process.env });
  if (r.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
