// Runs after every test of every file (vitest setupFiles): moved clocks go back to real time,
// even when the test failed half-way.
import { afterEach } from "vitest";
import { resetTestClocks } from "../helpers/clocks.ts";

afterEach(() => resetTestClocks());
