// Prisma CLI configuration. The CLI only runs `generate` and `migrate diff` here (the app
// applies migrations itself, see src/db/migrate.ts), but it must use the WebAssembly schema
// engine — the native one cannot be downloaded on our machines. PRISMA_PROVIDER picks the
// variant that scripts/prisma.ts composed.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "prisma-adapter-pg-cli";
import { defineConfig } from "prisma/config";

const provider = process.env.PRISMA_PROVIDER === "postgresql" ? "postgresql" : "sqlite";
const dir = provider === "sqlite" ? "prisma/sqlite" : "prisma/postgres";

export default defineConfig({
  schema: `${dir}/schema.prisma`,
  migrations: { path: `${dir}/migrations` },
  experimental: { adapter: true },
  engine: "js",
  adapter: async () =>
    provider === "sqlite"
      ? new PrismaBetterSQLite3({ url: process.env.PRISMA_CLI_SQLITE_URL ?? "file::memory:" })
      : new PrismaPg({
          connectionString:
            process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres",
        }),
});
