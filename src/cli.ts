// Administration CLI (`npm run cli -- <command>`): accounts and API keys, straight against
// the configured database (same DATABASE_URL / DATA_DIR as the gateway).
import { parseArgs } from "node:util";
import type { Clock } from "./clock.ts";
import { type Config, ConfigError, loadConfig } from "./config.ts";
import { type Db, openDb } from "./db/client.ts";
import { migrate } from "./db/migrate.ts";
import { DomainError } from "./domain/errors.ts";
import { createLogger } from "./logger.ts";
import { createEventBus, createMemoryBus } from "./realtime/pubsub.ts";
import { createAccount, issueApiKey, revokeApiKeyByAnyId, type Role } from "./services/accounts.ts";

const USAGE = `usage: npm run cli -- <command>

  accounts:list                              list accounts
  accounts:create <name> [--role member|operator]
                                             create an account and its first key (default member)
  keys:list <accountId>                      list an account's keys (no secrets)
  keys:create <accountId> <name> [--role member|operator]
                                             issue a key; the token is printed once
  keys:revoke <keyId | key prefix | token>   revoke a key at once
`;

function role(value: string | undefined): Role {
  const r = (value ?? "member").toUpperCase();
  if (r !== "MEMBER" && r !== "OPERATOR")
    throw new CliError(`--role must be member or operator (got "${value}")`);
  return r;
}

class CliError extends Error {}

/** What every command gets: the open database, the configuration and the parsed arguments. */
interface CommandContext {
  db: Db;
  config: Config;
  clock: Clock;
  /** The positional arguments after the command. */
  rest: string[];
  values: { role?: string };
}

/** Every account with its number of keys and projects. */
async function listAccounts({ db }: CommandContext): Promise<void> {
  const accounts = await db.account.findMany({
    orderBy: { createdAt: "asc" },
    include: { _count: { select: { apiKeys: true, projects: true } } },
  });
  for (const a of accounts)
    console.log(
      `${a.id}\t${a.name}\tkeys=${a._count.apiKeys}\tprojects=${a._count.projects}\t${a.createdAt.toISOString()}`,
    );
}

/** A new account and its first key (printed once). */
async function createAccountCommand({ db, config, rest, values }: CommandContext): Promise<void> {
  const [name] = rest;
  if (!name) throw new CliError("accounts:create needs a name");
  const account = await createAccount(db, name);
  const key = await issueApiKey(
    db,
    account.id,
    `${name} ${role(values.role).toLowerCase()}`,
    role(values.role),
    config.apiKeysPerAccount,
  );
  console.log(
    `account ${account.id}\n${key.role.toLowerCase()} key ${key.id}: ${key.token}\n(the key is shown only once)`,
  );
}

/** An account's keys, without secrets. */
async function listKeys({ db, rest }: CommandContext): Promise<void> {
  const [accountId] = rest;
  if (!accountId) throw new CliError("keys:list needs an account id");
  const keys = await db.apiKey.findMany({
    where: { accountId },
    orderBy: { createdAt: "asc" },
  });
  for (const k of keys) {
    console.log(
      `${k.id}\tsgw_${k.prefix}_…\t${k.role}\t${k.name}\t${k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : "active"}\tlast used ${k.lastUsedAt?.toISOString() ?? "never"}`,
    );
  }
}

/** A new key of an account (printed once). */
async function createKey({ db, config, rest, values }: CommandContext): Promise<void> {
  const [accountId, name] = rest;
  if (!accountId || !name) throw new CliError("keys:create needs an account id and a name");
  const keyRole = role(values.role);
  if (!(await db.account.findUnique({ where: { id: accountId } })))
    throw new CliError(`no account ${accountId}`);
  const key = await issueApiKey(db, accountId, name, keyRole, config.apiKeysPerAccount);
  console.log(
    `${key.role.toLowerCase()} key ${key.id}: ${key.token}\n(the key is shown only once)`,
  );
}

/** Revokes a key at once, telling running gateways over the event bus when there is one. */
async function revokeKey({ db, config, clock, rest }: CommandContext): Promise<void> {
  const [id] = rest;
  if (!id) throw new CliError("keys:revoke needs a key id, prefix or token");
  // With REDIS_URL the revocation reaches every gateway's open streams at once; without
  // it (one gateway on SQLite) the gateway's periodic key re-check (KEY_RECHECK_MS) closes them.
  // A Redis outage must not stop a revocation: the re-check then closes the streams.
  const logger = createLogger("warn");
  const pubsub = await createEventBus(config, logger).catch((err: unknown) => {
    console.error(
      `warning: ${(err as Error).message}; open streams of the key end within KEY_RECHECK_MS`,
    );
    return createMemoryBus(logger);
  });
  try {
    const key = await revokeApiKeyByAnyId({ db, clock, pubsub }, id);
    console.log(`revoked ${key.id} (sgw_${key.prefix}_…) at ${key.revokedAt?.toISOString()}`);
  } finally {
    await pubsub.close();
  }
}

const COMMANDS: Record<string, (context: CommandContext) => Promise<void>> = {
  "accounts:list": listAccounts,
  "accounts:create": createAccountCommand,
  "keys:list": listKeys,
  "keys:create": createKey,
  "keys:revoke": revokeKey,
};

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { role: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  const [command, ...rest] = positionals;
  if (!command || values.help) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  const config = loadConfig();
  await migrate(config.database);
  const db = openDb(config.database);
  const clock = { now: () => new Date() };
  try {
    const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (!run) throw new CliError(`unknown command "${command}"\n\n${USAGE}`);
    await run({ db, config, clock, rest, values });
    return 0;
  } finally {
    await db.$disconnect();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof CliError || err instanceof ConfigError || err instanceof DomainError) {
      console.error(`error: ${err.message}`);
      process.exit(2);
    }
    console.error(err);
    process.exit(1);
  },
);
