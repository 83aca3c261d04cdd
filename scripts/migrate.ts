// `npm run db:migrate`: apply committed migrations to the configured database (the gateway
// also does this at every start).
import { loadConfig } from "../src/config.ts";
import { migrate } from "../src/db/migrate.ts";

const config = loadConfig();
const applied = await migrate(config.database);
console.log(
  applied.length ? `applied: ${applied.join(", ")}` : `${config.database.provider}: up to date`,
);
