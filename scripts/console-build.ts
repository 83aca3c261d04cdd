// The install step's console build (postinstall): `npm run console:build` when the build
// tools are installed. An install without dev dependencies (`npm install --omit=dev`) has
// no Vite or codegen, so it says so and goes on: the gateway runs, /console answers 503.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const has = (pkg: string) => {
  try {
    require.resolve(`${pkg}/package.json`);
    return true;
  } catch {
    return false;
  }
};

const missing = ["vite", "@graphql-codegen/cli", "react"].filter((pkg) => !has(pkg));
if (missing.length) {
  console.warn(
    `web console not built: ${missing.join(", ")} not installed (dev dependencies). /console will answer 503 until \`npm run console:build\` runs with them.`,
  );
  process.exit(0);
}
const run = spawnSync("npm", ["run", "console:build"], { stdio: "inherit" });
process.exit(run.status ?? 1);
