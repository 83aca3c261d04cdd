// The clocks tests move, so that test/setup/clocks.ts can put every one back after each test:
// a test that moves a clock can never leak its time into the next one, even when it fails
// half-way. Two kinds: the in-process gateways' OffsetClocks (reset to real time), and child
// processes started with a moved clock (CLOCK_OFFSET_MS: fixed for the process's life, so
// the process is stopped instead).
import type { OffsetClock } from "../../src/clock.ts";

const clocks = new Set<OffsetClock>();

interface MovedProcess {
  kill(signal: NodeJS.Signals): void;
  exited: Promise<unknown>;
}
const moved = new Set<MovedProcess>();

/** Registers a clock tests may move (the harness does it for every gateway's clock). */
export function resetAfterEachTest(clock: OffsetClock): void {
  clocks.add(clock);
}

/**
 * Registers a child process if its environment moves its clock (a non-zero CLOCK_OFFSET_MS);
 * spawnWorker and spawnGateway do it for every process they start. Such a process must be
 * started inside the test that needs it: it is SIGKILLed when that test ends.
 */
export function stopAfterEachTestIfMoved(env: Record<string, string>, proc: MovedProcess): void {
  if (Number(env.CLOCK_OFFSET_MS ?? 0) === 0) return;
  moved.add(proc);
  void proc.exited.then(() => moved.delete(proc));
}

export async function resetTestClocks(): Promise<void> {
  for (const clock of clocks) clock.reset();
  const running = [...moved];
  for (const proc of running) proc.kill("SIGKILL");
  await Promise.all(running.map((proc) => proc.exited));
}
