// Runs after every test of every file (vitest setupFiles): moved clocks go back to real time
// and processes started with a moved clock are stopped, even when the test failed half-way
// (test/helpers/clocks.ts).
import { afterEach } from "vitest";
import { resetTestClocks } from "../helpers/clocks.ts";

afterEach(() => resetTestClocks());
