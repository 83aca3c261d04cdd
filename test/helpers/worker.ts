// Runs `src/worker.ts` as a real child process against a test database — started with
// `node --import tsx` so its pid is the worker itself and SIGKILL really kills it.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { stopAfterEachTestIfMoved } from "./clocks.ts";
import type { TestDatabase } from "./db.ts";

const root = join(import.meta.dirname, "..", "..");

export interface WorkerProcess {
  pid: number;
  /** Resolves with the dispatcher's lease owner once the worker logged "worker started". */
  ready: Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
  kill(signal: NodeJS.Signals): void;
}

export function spawnWorker(db: TestDatabase, env: Record<string, string> = {}): WorkerProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "src/worker.ts"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: db.url, DATA_DIR: db.dataDir, LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  const ready = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const owner = /"owner":"([^"]+)"[^\n]*"worker started"/.exec(out)?.[1];
      if (owner) resolve(owner);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    void exited.then(({ code, signal }) =>
      reject(
        new Error(`worker exited before it started (code ${code}, signal ${signal}):\n${out}`),
      ),
    );
  });
  ready.catch(() => undefined);
  const worker: WorkerProcess = {
    pid: child.pid!,
    ready,
    exited,
    output: () => out,
    kill: (signal) => child.kill(signal),
  };
  stopAfterEachTestIfMoved(env, worker);
  return worker;
}
