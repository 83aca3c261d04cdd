// The gateway's secret key and the box that uses it. REST access-key secrets must be readable
// by the server (the SENS HMAC scheme signs with them), so they are stored sealed with
// AES-256-GCM under this key. The key comes from SECRET_KEY; without it the embedded SQLite
// default generates one into DATA_DIR (file mode 0600) on first use; PostgreSQL deployments
// (several instances sharing one database) must set SECRET_KEY, or sealing is refused.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Config } from "./config.ts";
import { DomainError } from "./domain/errors.ts";

export const SECRET_KEY_FILE = "secret.key";
const FORMAT = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** No secret key is configured where one is required (PostgreSQL without SECRET_KEY). */
export class SecretKeyUnavailableError extends DomainError {
  readonly code = "SECRET_KEY_REQUIRED";
  constructor() {
    super(
      "Access keys need the gateway's SECRET_KEY: set it (32 bytes, base64 or hex) to the same value on every instance sharing this PostgreSQL database",
    );
  }
}

export interface SecretBox {
  /** Encrypts `plaintext`; `context` (e.g. the access key) is bound to it and needed to open it. */
  seal(plaintext: string, context: string): string;
  /** Decrypts what seal returned for the same context; throws when it was altered or moved. */
  open(sealed: string, context: string): string;
}

/**
 * The box for a configuration. The key is resolved lazily, on the first seal/open, so a
 * gateway that never uses access keys never writes a key file.
 */
export function secretBoxFor(
  config: Pick<Config, "secretKey" | "dataDir" | "database">,
): SecretBox {
  let key: Buffer | null = config.secretKey;
  const resolve = (): Buffer => {
    if (key) return key;
    if (config.database.provider !== "sqlite") throw new SecretKeyUnavailableError();
    key = loadOrCreateKeyFile(config.dataDir);
    return key;
  };
  return {
    seal(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", resolve(), iv);
      cipher.setAAD(Buffer.from(context, "utf8"));
      const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      return `${FORMAT}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
    },
    open(sealed, context) {
      const [format, payload] = sealed.split(".");
      if (format !== FORMAT || !payload)
        throw new Error(`sealed secret has an unknown format (${format})`);
      const raw = Buffer.from(payload, "base64url");
      const decipher = createDecipheriv("aes-256-gcm", resolve(), raw.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(context, "utf8"));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([
        decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)),
        decipher.final(),
      ]).toString("utf8");
    },
  };
}

/** Reads DATA_DIR/secret.key, or creates it (exclusively, mode 0600) when it does not exist. */
function loadOrCreateKeyFile(dataDir: string): Buffer {
  const file = join(dataDir, SECRET_KEY_FILE);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  try {
    // "wx": of two processes starting at once, exactly one creates it; the other reads it.
    // The umask can only narrow 0600, never widen it.
    writeFileSync(file, `${randomBytes(32).toString("base64")}\n`, { flag: "wx", mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
  const key = Buffer.from(readFileSync(file, "utf8").trim(), "base64");
  if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`);
  return key;
}
