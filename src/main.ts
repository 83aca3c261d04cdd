// Entry point: read the environment, build and start the gateway, stop cleanly on signals.
import { buildApp } from "./app.ts";
import { loadConfigOrExit } from "./runtime.ts";

const config = loadConfigOrExit();

const app = buildApp(config);
await app.start();

if (app.demo) {
  // Printed once, on the first start with a fresh data directory; never stored in clear.
  console.log(`
  ┌─ Demo account created (keys are shown only this once) ──────────────────────
  │ account:       ${app.demo.accountId}
  │ operator key:  ${app.demo.operator.token}
  │ member key:    ${app.demo.member.token}
  │ GraphiQL:      ${app.url}/graphql  (Headers: {"Authorization": "Bearer <key>"})
  │ Web console:   ${app.url}/console  (sign in with a key above)
  └──────────────────────────────────────────────────────────────────────────────
`);
}

app.deps.logger.info(
  { url: `${app.url}/graphql`, database: config.database.provider },
  "gateway listening",
);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    app.stop().then(
      () => process.exit(0),
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
}
