// The gateways' shared clocks, so that test/setup/clocks.ts can put every one back to real
// time after each test: a test that moves a clock can never leak its time into the next one.
import type { OffsetClock } from "../../src/clock.ts";

const clocks = new Set<OffsetClock>();

/** Registers a clock tests may move (the harness does it for every gateway's clock). */
export function resetAfterEachTest(clock: OffsetClock): void {
  clocks.add(clock);
}

export function resetTestClocks(): void {
  for (const clock of clocks) clock.reset();
}
