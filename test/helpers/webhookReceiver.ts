// A webhook receiver for tests: a real HTTP server on 127.0.0.1 and a free port that records
// every request and answers what `respond` says (200 by default). It also notes whether two
// requests were ever in flight at once (the lease promises they never are per endpoint).
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Most requests in flight at once, per path. */
  maxConcurrent: Map<string, number>;
  respond: (r: Received) => Answer | Promise<Answer>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const inFlight = new Map<string, number>();
  const receiver: Receiver = {
    url: "",
    received: [],
    maxConcurrent: new Map(),
    respond: () => ({ status: 200 }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = createServer((req, res) => {
    const path = req.url ?? "/";
    inFlight.set(path, (inFlight.get(path) ?? 0) + 1);
    receiver.maxConcurrent.set(
      path,
      Math.max(receiver.maxConcurrent.get(path) ?? 0, inFlight.get(path)!),
    );
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const r: Received = {
        path: req.url ?? "/",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      const answer = await receiver.respond(r);
      if (answer.status >= 200 && answer.status < 300) receiver.received.push(r);
      else receiver.received.push({ ...r, path: `${r.path}#refused` });
      inFlight.set(path, inFlight.get(path)! - 1);
      res.writeHead(answer.status, answer.headers ?? {});
      res.end(answer.body ?? "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return receiver;
}

/** The requests a path accepted (answered 2xx). */
export const accepted = (r: Receiver, path: string) => r.received.filter((x) => x.path === path);
