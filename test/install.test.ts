// Issue 11 item 10: a fresh clone installs without warnings a newcomer must interpret, and
// `engines` tells the truth. Reads package.json and the lockfile, and runs npm itself on a
// copy of them (dry run, no scripts), so the worktree's node_modules is never touched.
import { execFile } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import semver from "semver";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = new URL("..", import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  engines: { node: string };
};
const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
};

/** The oldest release of each line we claim: "^20.19.0 || ^22.13.0 || >=24.0.0" → 20.19.0, 22.13.0, 24.0.0. */
const claimedMinimums = pkg.engines.node
  .split("||")
  .map((range) => semver.minVersion(range)!.version);

/** npm's warnings that come from this machine's own npm config, not from the project. */
const machineConfig = /^npm warn Unknown (user|env|project|global|builtin) config /;

describe("engines", () => {
  it("claims the Node version this suite runs on", () => {
    expect(semver.satisfies(process.version, pkg.engines.node)).toBe(true);
  });

  it("every locked package supports the oldest release of every Node line we claim", () => {
    const refusals = Object.entries(lock.packages).flatMap(([path, meta]) => {
      const range = !Array.isArray(meta.engines) ? meta.engines?.node : undefined;
      if (!path || !range) return [];
      return claimedMinimums
        .filter((v) => !semver.satisfies(v, range))
        .map((v) => `${path}@${meta.version} wants node ${range}, not ${v}`);
    });
    expect(claimedMinimums.length).toBeGreaterThan(1);
    expect(refusals).toEqual([]);
  });
});

describe("npm ci", () => {
  it("resolves the lockfile without ERESOLVE, EBADENGINE or any other warning", {
    timeout: 120_000,
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "smsgw-ci-"));
    try {
      for (const f of ["package.json", "package-lock.json"])
        copyFileSync(join(root, f), join(dir, f));
      const { stderr } = await run(
        "npm",
        ["ci", "--dry-run", "--ignore-scripts", "--no-audit", "--no-fund"],
        { cwd: dir, maxBuffer: 16 << 20 },
      );
      const warnings = stderr
        .split("\n")
        .filter((l) => /^npm (warn|error)/i.test(l) && !machineConfig.test(l));
      expect(warnings).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("every installed package with an install script is declared in allowScripts", {
    timeout: 60_000,
  }, async () => {
    const { stdout } = await run("npm", ["install-scripts", "ls"], { cwd: root });
    expect(stdout.trim()).toBe("No packages with unreviewed install scripts.");
  });
});
