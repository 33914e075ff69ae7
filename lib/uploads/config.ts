import "server-only";
import { z } from "zod";
import { ConfigError } from "../config";

/**
 * Upload settings, read the way lib/config.ts reads the rest (zod, every problem named with
 * its variable). `npm start` loads them at start-up (scripts/start.ts), so a bad value stops
 * the server instead of the first upload; they may move into lib/config.ts's schema.
 *
 * CLAMAV_HOST=host:port or CLAMAV_SOCKET=/path: scan uploads with that clamd. Neither: uploads
 * are stored marked "not scanned". Set but unreachable: uploads are refused (decision 018).
 */

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const HOST_PORT = /^(?<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(?<port>\d{1,5})$/;

const uploadEnvSchema = z.object({
  CLAMAV_HOST: optionalString.pipe(
    z
      .string()
      .regex(HOST_PORT, "host:port of clamd's TCP socket, e.g. 127.0.0.1:3310")
      .refine((v) => Number(HOST_PORT.exec(v)?.groups?.port) >= 1 && Number(HOST_PORT.exec(v)?.groups?.port) <= 65535, "a port from 1 to 65535")
      .optional(),
  ),
  CLAMAV_SOCKET: optionalString.pipe(z.string().startsWith("/", "an absolute path to clamd's unix socket").optional()),
  CLAMAV_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(60_000),
});

export type ClamdTarget = { type: "tcp"; host: string; port: number } | { type: "socket"; path: string };

export interface UploadConfig {
  /** Undefined: scanning is not configured. */
  clamd?: ClamdTarget;
  clamdTimeoutMs: number;
}

export function parseUploadConfig(source: Record<string, string | undefined>): UploadConfig {
  const parsed = uploadEnvSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".") || "(environment)"}: ${i.message}`));
  }
  const env = parsed.data;
  if (env.CLAMAV_HOST && env.CLAMAV_SOCKET) {
    throw new ConfigError(["CLAMAV_SOCKET: set CLAMAV_HOST or CLAMAV_SOCKET, not both"]);
  }
  return { clamd: clamdTarget(env.CLAMAV_HOST, env.CLAMAV_SOCKET), clamdTimeoutMs: env.CLAMAV_TIMEOUT_MS };
}

function clamdTarget(hostPort: string | undefined, socket: string | undefined): ClamdTarget | undefined {
  if (socket) return { type: "socket", path: socket };
  const match = hostPort ? HOST_PORT.exec(hostPort) : null;
  if (!match?.groups) return undefined;
  return { type: "tcp", host: match.groups.host.replace(/^\[|\]$/g, ""), port: Number(match.groups.port) };
}

export function describeClamdTarget(target: ClamdTarget): string {
  return target.type === "socket" ? target.path : `${target.host.includes(":") ? `[${target.host}]` : target.host}:${target.port}`;
}

const globalForUploads = globalThis as unknown as { __switchboardUploadConfig?: UploadConfig };

export function uploadConfig(): UploadConfig {
  globalForUploads.__switchboardUploadConfig ??= parseUploadConfig(process.env);
  return globalForUploads.__switchboardUploadConfig;
}

/** Tests and scripts: re-read the environment. */
export function resetUploadConfigForTests(): void {
  delete globalForUploads.__switchboardUploadConfig;
}
