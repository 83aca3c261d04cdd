import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

/**
 * Files the PostgreSQL pass leaves out: they open no database (pure rules, units, the docs,
 * the schema, the install check), or they drive a browser or compare the console's rules
 * with the gateway's — the API under them is tested on both databases by the other files.
 * Everything that stores or reads data runs on both.
 */
export const SQLITE_PASS_ONLY = [
  "test/units/**",
  "test/domain/**",
  "test/*.browser.test.ts",
  "test/console-*rules.test.ts",
  "test/architecture.test.ts",
  "test/bounds.test.ts",
  "test/config.test.ts",
  "test/docs.test.ts",
  "test/install.test.ts",
  "test/schema.test.ts",
  "test/schema-descriptions.test.ts",
  "test/webhooks-retry.test.ts",
];

/**
 * Files that need a module graph of their own: they change modules' state other files would
 * see (shared-execution adds test-only fields to the schema builder). Every other file
 * shares its worker's modules with the files run before it (`isolate: false`): importing
 * the gateway once per worker instead of once per file saves about a third of the suite.
 */
export const ISOLATED = ["test/shared-execution.test.ts"];

const skipped = process.env.TEST_DATABASE === "postgres" ? SQLITE_PASS_ONLY : [];

export default defineConfig({
  // One graphql instance: Vite would pick the ESM build for our files while dependencies
  // loaded by Node get the CJS build ("Cannot use GraphQLSchema from another module").
  // Only the bare specifier: deep imports (graphql/jsutils/…) resolve as Node resolves them.
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve("graphql") }] },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "shared",
          include: ["test/**/*.test.ts"],
          exclude: [...skipped, ...ISOLATED],
          isolate: false,
        },
      },
      { extends: true, test: { name: "isolated", include: ISOLATED, exclude: skipped } },
    ],
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
