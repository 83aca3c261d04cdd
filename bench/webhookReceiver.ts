// The webhook bench's receiver (bench/webhooks.ts): counts the events POSTed to each path and
// answers 204. Run in a child process with --child-receiver, as a real receiver runs on another
// machine; the parent asks for the counts over IPC ("counts") and gets a path → events map.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export function startReceiver(counts: Map<string, number>) {
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c));
    req.on("end", () => {
      const parsed = JSON.parse(body) as { type: string; data: { events?: unknown[] } };
      const n = parsed.type === "batch" ? parsed.data.events!.length : 1;
      counts.set(req.url!, (counts.get(req.url!) ?? 0) + n);
      res.writeHead(204).end();
    });
  });
  const listening = new Promise<string>((r) =>
    server.listen(0, "127.0.0.1", () =>
      r(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );
  const close = () => {
    server.closeAllConnections();
    server.close();
  };
  return { listening, close };
}

if (process.send) {
  const counts = new Map<string, number>();
  const receiver = startReceiver(counts);
  process.on("message", (m) => {
    if (m === "counts") process.send!({ counts: Object.fromEntries(counts) });
    if (m === "stop") {
      receiver.close();
      process.disconnect();
    }
  });
  void receiver.listening.then((base) => process.send!({ base }));
}
