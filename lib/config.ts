import { z } from "zod";
import { clamdEnvShape, clamdProblem } from "./config/clamd";
import { loadGeneratedSecrets, type GeneratedSecrets } from "./config/generated-secrets";

/**
 * The only reader of process.env. Every setting is validated once; a wrong value stops
 * start-up with a message naming the variable and what it expects.
 */

const bool = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === "true" || v === "1");

const int = (def: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(def);

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: int(3000, 1, 65535),
  HOSTNAME: z.string().default("0.0.0.0"),
  APP_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  DATA_DIR: z.string().default(".data"),
  DATABASE_URL: optionalString.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  DATABASE_POOL_SIZE: int(10, 1, 200),
  REDIS_URL: optionalString.pipe(z.url({ protocol: /^rediss?$/ }).optional()),
  UPSTASH_REDIS_REST_URL: optionalString.pipe(z.url({ protocol: /^https$/ }).optional()),
  UPSTASH_REDIS_REST_TOKEN: optionalString,
  TRUST_PROXY_HOPS: int(0, 0, 10),
  /**
   * The web widget's country lists (SPEC §14, decision 047): the request header in which the
   * trusted proxy in front of us states the visitor's country (e.g. CF-IPCountry,
   * CloudFront-Viewer-Country). Unset: the bundled IP-to-country database decides. Set it
   * only behind a proxy that overwrites the header, or any visitor can claim any country.
   */
  TRUST_PROXY_COUNTRY_HEADER: optionalString.pipe(z.string().regex(/^[A-Za-z0-9-]{1,64}$/, "a header name").transform((v) => v.toLowerCase()).optional()),
  /** Widget session starts (SPEC §14), per client IP and per widget, per minute (sliding window). */
  RATE_LIMIT_WIDGET_IP_REQUESTS: int(20, 1, 1_000_000),
  RATE_LIMIT_WIDGET_REQUESTS: int(600, 1, 10_000_000),
  /** Refusals and rate-limit hits of one IP within 10 minutes before it is blocklisted for 24 h (decision 047). */
  WIDGET_AUTO_BLOCK_THRESHOLD: int(30, 1, 100_000),
  RATE_LIMIT_API_REQUESTS: int(600, 1, 1_000_000),
  RATE_LIMIT_API_WINDOW_SECONDS: int(60, 1, 86_400),
  RATE_LIMIT_AUTH_REQUESTS: int(30, 1, 1_000_000),
  RATE_LIMIT_AUTH_WINDOW_SECONDS: int(60, 1, 86_400),
  RATE_LIMIT_KEY_REQUESTS: int(1000, 1, 10_000_000),
  RATE_LIMIT_KEY_WINDOW_SECONDS: int(60, 1, 86_400),
  /** Leaked-key reports (POST /api/security/leaked-keys), per client IP per minute (decision 042). */
  RATE_LIMIT_LEAK_REPORT_REQUESTS: int(60, 1, 100_000),
  RATE_LIMIT_SIGN_IN_REQUESTS: int(5, 1, 1_000_000),
  RATE_LIMIT_SIGN_UP_REQUESTS: int(3, 1, 1_000_000),
  RATE_LIMIT_RESET_REQUESTS: int(3, 1, 1_000_000),
  SESSION_IDLE_MINUTES: int(30, 1, 24 * 60),
  SESSION_ABSOLUTE_HOURS: int(12, 1, 24 * 30),
  /** Concurrent sessions per user (ASVS V7, decision 030): a new sign-in beyond it revokes the oldest. */
  SESSION_MAX_PER_USER: int(10, 1, 1000),
  /** One console session per operator (decision 030): each staff sign-in ends the ones before. */
  STAFF_SINGLE_SESSION: z
    .enum(["true", "false"])
    .default("true")
    .transform((v) => v === "true"),
  /**
   * SIGTERM (decision 053): how long in-flight requests and job runs may take to finish before
   * the process closes what is left and exits 0.
   */
  SHUTDOWN_GRACE_MS: int(20_000, 0, 300_000),
  /** SIGTERM: how long to keep accepting (readiness already 503) before closing the listener, for balancers that poll. */
  SHUTDOWN_DELAY_MS: int(0, 0, 60_000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Every /api/v1 request recorded for the Logs page (issue 19); "false" only for benchmarks' comparison. */
  REQUEST_LOGS: z.enum(["true", "false"]).default("true").transform((v) => v === "true"),
  ADMIN_PATH: optionalString.pipe(
    z
      .string()
      .regex(/^\/[A-Za-z0-9_-]{16,64}$/, "a path like /ops-<16+ random letters, digits, _ or ->")
      .optional(),
  ),
  SEED_DEMO: bool,
  /**
   * Lets the demo seed and the DEMO_* variables run where the deployment looks real (APP_URL
   * https or NODE_ENV=production set by the operator): refused there otherwise (decision 031).
   */
  ALLOW_DEMO_IN_PRODUCTION: bool,
  DEMO_PASSWORD: optionalString.pipe(z.string().min(12).max(128).optional()),
  DEMO_LIVE_KEY: optionalString,
  DEMO_TEST_KEY: optionalString,
  /** The demo staff account's authenticator secret (base32), so tests can compute its codes. */
  DEMO_STAFF_TOTP_SECRET: optionalString.pipe(z.string().regex(/^[A-Z2-7]{16,64}$/, "a base32 secret (A–Z, 2–7), 16 to 64 characters").optional()),
  /** secure@demo.test's authenticator secret (base32, SPEC §13), so tests and demos can compute its codes. */
  DEMO_TOTP_SECRET: optionalString.pipe(z.string().regex(/^[A-Z2-7]{16,64}$/, "a base32 secret (A–Z, 2–7), 16 to 64 characters").optional()),
  /**
   * The demo widget's embed domains (SPEC §13): comma-separated origins such as
   * http://localhost:4000,https://shop.example.com; their hostnames become the default
   * agent's embed domains (ports are not part of an embed domain).
   */
  DEMO_WIDGET_ORIGINS: optionalString.pipe(
    z
      .string()
      .transform((v, ctx) => {
        const hosts: string[] = [];
        for (const item of v.split(",").map((s) => s.trim()).filter(Boolean)) {
          let url: URL | null = null;
          try {
            url = new URL(item);
          } catch {
            url = null;
          }
          if (!url || !/^https?:$/.test(url.protocol) || url.origin !== item.replace(/\/$/, "")) {
            ctx.addIssue({ code: "custom", message: `"${item.slice(0, 80)}" is not an origin (scheme://host[:port])` });
            return z.NEVER;
          }
          if (!hosts.includes(url.hostname)) hosts.push(url.hostname);
        }
        return hosts;
      })
      .optional(),
  ),
  OUTBOUND_ALLOW_LOOPBACK: bool,
  /**
   * The operator console asks for a passkey instead of the TOTP code at sign-in (issue 15):
   * a passkey is bound to our origin, so a real-time phishing proxy cannot relay it.
   */
  OPERATOR_REQUIRE_PASSKEY: bool,
  /** Stripe: the webhook signing secret (inbound top-ups) and the API key (Checkout, issue 9). */
  STRIPE_WEBHOOK_SECRET: optionalString,
  STRIPE_SECRET_KEY: optionalString,
  /**
   * Leaked-key reports (issue 19, decision 042): the public keys that sign GitHub's
   * secret-scanning partner reports, as GitHub publishes them at
   * https://api.github.com/meta/public_keys/secret_scanning — that JSON ({"public_keys": [...]})
   * or just its array of {key_identifier, key (PEM)}. Unset: POST /api/security/leaked-keys
   * answers 404.
   */
  SECRET_SCANNING_PUBLIC_KEYS: optionalString.pipe(
    z
      .string()
      .transform((v, ctx) => {
        try {
          return JSON.parse(v) as unknown;
        } catch {
          ctx.addIssue({ code: "custom", message: "JSON: GitHub's public_keys document or an array of {key_identifier, key}" });
          return z.NEVER;
        }
      })
      .pipe(
        z.union([
          z.object({ public_keys: z.array(z.object({ key_identifier: z.string().min(1).max(200), key: z.string().min(1).max(4000) }).loose()).min(1) }).loose(),
          z.array(z.object({ key_identifier: z.string().min(1).max(200), key: z.string().min(1).max(4000) }).loose()).min(1),
        ]).transform((v) => (Array.isArray(v) ? v : v.public_keys).map((k) => ({ keyIdentifier: k.key_identifier, pem: k.key }))),
      )
      .optional(),
  ),
  /**
   * Tests only: where the Stripe SDK sends API requests (a loopback server standing in for
   * api.stripe.com). Refused in production and for any non-loopback host, so the secret key
   * can never be sent anywhere but Stripe or this machine.
   */
  STRIPE_API_BASE: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  /** Envelope encryption through AWS KMS instead of the local master key (SPEC §6). */
  AWS_KMS_KEY_ID: optionalString,
  AWS_REGION: optionalString,
  /**
   * The breached-password check (SPEC §1, ASVS V6.2.12): Have I Been Pwned's range API, a
   * self-hosted mirror of it, or "off". https, or http to a loopback address (tests' stub).
   */
  HIBP_API_URL: optionalString
    .transform((v) => (v === undefined ? "https://api.pwnedpasswords.com" : v.toLowerCase() === "off" ? "off" : v.replace(/\/+$/, "")))
    .pipe(z.union([z.literal("off"), z.url({ protocol: /^https?$/ })], { error: 'a URL of the range API (https://…), or "off"' })),
  SMTP_URL: optionalString.pipe(z.url({ protocol: /^smtps?$/ }).optional()),
  /** Object storage (recordings): S3-compatible when S3_BUCKET is set, else files in DATA_DIR. */
  S3_BUCKET: optionalString.pipe(
    z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "an S3 bucket name (3-63 lower-case letters, digits, dots, hyphens)")
      .optional(),
  ),
  S3_REGION: optionalString.transform((v) => v ?? "us-east-1"),
  /** For S3-compatible services (MinIO, R2, …); unset → AWS's own endpoint for S3_REGION. */
  S3_ENDPOINT: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  S3_FORCE_PATH_STYLE: bool,
  WORKER_ENABLED: z
    .enum(["true", "false"])
    .default("true")
    .transform((v) => v === "true"),
  /** The knowledge base's malware scanner (clamd), decision 018. */
  ...clamdEnvShape,
  /**
   * With APP_URL https, knowledge-base uploads need clamd (CLAMAV_HOST / CLAMAV_SOCKET) unless
   * this is "true": then they are stored marked "not scanned", warned at start and in /api/health.
   */
  UPLOADS_ALLOW_UNSCANNED: bool,
  /** Benchmarks only: serve without the gate's work to measure its cost. Refused over https. */
  BENCH_DISABLE_GATE: bool,
});

type Env = z.infer<typeof envSchema>;

export type Config = Omit<Env, "APP_URL" | "ADMIN_PATH"> & {
  APP_URL: string;
  ADMIN_PATH: string;
  isHttps: boolean;
  isProduction: boolean;
  embeddedDatabase: boolean;
  secrets: GeneratedSecrets;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

export function parseConfig(source: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => `${i.path.join(".") || "(environment)"}: ${i.message}`),
    );
  }
  const env = parsed.data;
  const problems: string[] = [];
  const appUrl = (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, "");
  const isHttps = appUrl.startsWith("https://");
  const embeddedDatabase = env.DATABASE_URL === undefined;
  if (env.BENCH_DISABLE_GATE && isHttps) {
    problems.push("BENCH_DISABLE_GATE: must not be set when APP_URL is https (benchmarks only)");
  }
  if (env.STRIPE_API_BASE) {
    const host = new URL(env.STRIPE_API_BASE).hostname;
    if (env.NODE_ENV === "production") problems.push("STRIPE_API_BASE: tests only; must not be set in production");
    else if (!/^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/.test(host)) problems.push("STRIPE_API_BASE: only a loopback address (127.0.0.1, ::1, localhost) is allowed");
  }
  if (env.HIBP_API_URL !== "off") {
    const url = new URL(env.HIBP_API_URL);
    if (url.protocol === "http:" && !/^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/.test(url.hostname)) {
      problems.push("HIBP_API_URL: must be https (http only to a loopback address)");
    }
  }
  const clamd = clamdProblem(env);
  if (clamd) problems.push(clamd);
  if (env.UPSTASH_REDIS_REST_URL && !env.UPSTASH_REDIS_REST_TOKEN) {
    problems.push("UPSTASH_REDIS_REST_TOKEN: required when UPSTASH_REDIS_REST_URL is set");
  }
  // With a real database the deployment is real: secrets must come from the environment.
  const secrets = loadGeneratedSecrets(env.DATA_DIR, source, {
    generateMissing: embeddedDatabase,
    problems,
  });
  const adminPath = env.ADMIN_PATH ?? secrets.ADMIN_PATH;
  if (!adminPath) problems.push("ADMIN_PATH: required when DATABASE_URL is set");
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    ...env,
    APP_URL: appUrl,
    ADMIN_PATH: adminPath!,
    isHttps,
    isProduction: env.NODE_ENV === "production",
    embeddedDatabase,
    secrets,
  };
}

const globalForConfig = globalThis as unknown as { __switchboardConfig?: Config };

/**
 * DATA_DIR alone, for scripts that must run before a full configuration exists (`npm run
 * secrets` makes the secrets a configuration with DATABASE_URL needs).
 */
export function dataDir(source: Record<string, string | undefined> = process.env): string {
  return source.DATA_DIR?.trim() || ".data";
}

/** The validated configuration, parsed on first use and shared by every module copy. */
export function config(): Config {
  globalForConfig.__switchboardConfig ??= parseConfig(process.env);
  return globalForConfig.__switchboardConfig;
}

/** Tests and scripts: re-read the environment (e.g. after changing DATA_DIR). */
export function resetConfigForTests(): void {
  delete globalForConfig.__switchboardConfig;
}
