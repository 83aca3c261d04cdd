// A TCP proxy in front of the gateway that can stop reading what the gateway sends: a
// client on a stalled network, as the gateway sees it (its socket writes stop being taken
// once the kernel buffers between the two are full).
import { connect, createServer, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

export interface StallingProxy {
  /** http://127.0.0.1:<port>, to use instead of the gateway's URL. */
  url: string;
  /** Stops reading from the gateway on every connection (open and future ones). */
  stall(): void;
  /** Reads and forwards again. */
  resume(): void;
  close(): Promise<void>;
}

export async function stallingProxy(targetUrl: string): Promise<StallingProxy> {
  const target = new URL(targetUrl);
  const upstreams = new Set<Socket>();
  const sockets = new Set<Socket>();
  let stalled = false;
  const server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    sockets.add(client).add(upstream);
    upstreams.add(upstream);
    if (stalled) upstream.pause();
    // Forwarded by hand, not piped: pipe() would resume a paused source on its own.
    client.on("data", (chunk) => upstream.write(chunk));
    upstream.on("data", (chunk) => client.write(chunk));
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
      upstreams.delete(upstream);
    };
    client.on("close", end).on("error", end);
    upstream.on("close", end).on("error", end);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${target.pathname === "/" ? "" : target.pathname}`,
    stall() {
      stalled = true;
      for (const u of upstreams) u.pause();
    },
    resume() {
      stalled = false;
      for (const u of upstreams) u.resume();
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
