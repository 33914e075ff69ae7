import { generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Secrets the two-command start must not ask for. In embedded mode each one that the
 * environment does not provide is generated once into DATA_DIR/secrets.json (mode 0600)
 * and reused afterwards; with DATABASE_URL set they are required from the environment.
 */
export const SECRET_NAMES = [
  "ADMIN_PATH",
  "SESSION_SIGNING_PRIVATE_KEY",
  "SESSION_SIGNING_PUBLIC_KEY",
  "MASTER_ENCRYPTION_KEY",
  "IRON_SESSION_PASSWORD",
  "NEXTAUTH_SECRET",
  /** ES256 (P-256) keys of the web widget's session tokens (decision 046). */
  "WIDGET_TOKEN_PRIVATE_KEY",
  "WIDGET_TOKEN_PUBLIC_KEY",
] as const;

export type SecretName = (typeof SECRET_NAMES)[number];
export type GeneratedSecrets = Partial<Record<SecretName, string>>;

const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

function randomBase62(length: number): string {
  // Rejection sampling keeps every character uniformly likely.
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += base62[byte % 62];
    }
  }
  return out;
}

function generateAll(): Record<SecretName, string> {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  const widget = generateKeyPairSync("ec", {
    namedCurve: "P-256",
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  return {
    WIDGET_TOKEN_PRIVATE_KEY: widget.privateKey,
    WIDGET_TOKEN_PUBLIC_KEY: widget.publicKey,
    ADMIN_PATH: `/ops-${randomBase62(24)}`,
    SESSION_SIGNING_PRIVATE_KEY: privateKey,
    SESSION_SIGNING_PUBLIC_KEY: publicKey,
    MASTER_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    IRON_SESSION_PASSWORD: randomBase62(48),
    NEXTAUTH_SECRET: randomBase62(48),
  };
}

function readStored(file: string): GeneratedSecrets {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as GeneratedSecrets;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new Error(`${file} is unreadable; remove it to regenerate the development secrets`);
  }
}

function writeStored(file: string, secrets: GeneratedSecrets, isNew: boolean): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    // `wx` loses a race cleanly: a concurrent first start keeps whichever file landed first.
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600, flag: isNew ? "wx" : "w" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
}

export function loadGeneratedSecrets(
  dataDir: string,
  env: Record<string, string | undefined>,
  options: { generateMissing: boolean; problems: string[] },
): GeneratedSecrets {
  const fromEnv: GeneratedSecrets = {};
  for (const name of SECRET_NAMES) {
    const value = env[name]?.trim();
    if (value) fromEnv[name] = value.replace(/\\n/g, "\n");
  }
  const missing = SECRET_NAMES.filter((n) => !fromEnv[n]);
  if (missing.length === 0) return fromEnv;
  if (!options.generateMissing) {
    // ADMIN_PATH is reported by the caller, which knows the final value.
    for (const name of missing) {
      if (name !== "ADMIN_PATH") options.problems.push(`${name}: required when DATABASE_URL is set`);
    }
    return fromEnv;
  }
  const file = path.join(path.resolve(dataDir), "secrets.json");
  let stored = readStored(file);
  if (SECRET_NAMES.some((n) => !stored[n])) {
    writeStored(file, { ...generateAll(), ...stored }, Object.keys(stored).length === 0);
    stored = readStored(file);
  }
  return { ...stored, ...fromEnv };
}
