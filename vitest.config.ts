import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

export default defineConfig({
  // One graphql instance: Vite would pick the ESM build for our files while dependencies
  // loaded by Node get the CJS build ("Cannot use GraphQLSchema from another module").
  // Only the bare specifier: deep imports (graphql/jsutils/…) resolve as Node resolves them.
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve("graphql") }] },
  test: {
    include: ["test/**/*.test.ts"],
    // Every clock a test moved is put back after it (test/helpers/clocks.ts).
    setupFiles: ["test/setup/clocks.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Each file starts its own gateway on its own database (SQLite file or PostgreSQL db).
    fileParallelism: true,
    maxWorkers: 2,
    env: { NODE_ENV: "test" },
  },
});
