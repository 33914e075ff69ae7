import pino, { type Logger } from "pino";
import { config } from "../config";
import { scrubText } from "./scrub";

/**
 * The structured logger. Secrets, keys, phone numbers and transcripts never reach a log:
 * known sensitive fields are censored by path, and every string that is logged is scrubbed
 * of anything shaped like a key, token, bearer credential or phone number.
 */
const SENSITIVE_FIELDS = [
  "password",
  "newPassword",
  "currentPassword",
  "token",
  "secret",
  "apiKey",
  "api_key",
  "key",
  "authorization",
  "cookie",
  "x-api-key",
  "set-cookie",
  "callerNumber",
  "caller_number",
  "phone",
  "phoneNumber",
  "transcript",
  "recording",
];

const redactPaths = SENSITIVE_FIELDS.flatMap((f) => {
  const p = /^[A-Za-z_$][\w$]*$/.test(f) ? f : `["${f}"]`;
  const sep = p.startsWith("[") ? "" : ".";
  return [p, `*${sep}${p}`, `*.*${sep}${p}`];
});

function scrubValue(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return scrubText(value);
  if (depth > 4 || value === null || typeof value !== "object") return value;
  if (value instanceof Error) {
    return { type: value.name, message: scrubText(value.message) };
  }
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubValue(v, depth + 1)]));
}

export function createLogger(
  options: { level?: string; destination?: pino.DestinationStream } = {},
): Logger {
  return pino(
    {
      level: options.level ?? config().LOG_LEVEL,
      base: { service: "switchboard" },
      redact: { paths: redactPaths, censor: "[redacted]" },
      formatters: { log: (object) => scrubValue(object) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          method.apply(
            this,
            args.map((a) => (typeof a === "string" ? scrubText(a) : a)) as Parameters<typeof method>,
          );
        },
      },
      // Errors are reduced to name + scrubbed message: stacks can carry query text.
      serializers: { err: (e: Error) => scrubValue(e), error: (e: Error) => scrubValue(e) },
    },
    options.destination,
  );
}

const globalForLog = globalThis as unknown as { __switchboardLog?: Logger };

export function log(): Logger {
  globalForLog.__switchboardLog ??= createLogger();
  return globalForLog.__switchboardLog;
}
