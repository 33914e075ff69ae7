import { z } from "zod";

/**
 * The malware scanner's settings (decision 018), part of lib/config.ts's schema:
 * CLAMAV_HOST=host:port or CLAMAV_SOCKET=/path selects a clamd; neither means uploads are
 * stored marked "not scanned"; CLAMAV_TIMEOUT_MS bounds a scan.
 */
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const HOST_PORT = /^(?<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(?<port>\d{1,5})$/;

export const clamdEnvShape = {
  CLAMAV_HOST: optionalString.pipe(
    z
      .string()
      .regex(HOST_PORT, "host:port of clamd's TCP socket, e.g. 127.0.0.1:3310")
      .refine((v) => Number(HOST_PORT.exec(v)?.groups?.port) >= 1 && Number(HOST_PORT.exec(v)?.groups?.port) <= 65535, "a port from 1 to 65535")
      .optional(),
  ),
  CLAMAV_SOCKET: optionalString.pipe(z.string().startsWith("/", "an absolute path to clamd's unix socket").optional()),
  CLAMAV_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(60_000),
};

export type ClamdTarget = { type: "tcp"; host: string; port: number } | { type: "socket"; path: string };

/** A problem with the pair, or null. */
export function clamdProblem(env: { CLAMAV_HOST?: string; CLAMAV_SOCKET?: string }): string | null {
  return env.CLAMAV_HOST && env.CLAMAV_SOCKET ? "CLAMAV_SOCKET: set CLAMAV_HOST or CLAMAV_SOCKET, not both" : null;
}

export function clamdTarget(hostPort: string | undefined, socket: string | undefined): ClamdTarget | undefined {
  if (socket) return { type: "socket", path: socket };
  const { host, port } = (hostPort ? HOST_PORT.exec(hostPort) : null)?.groups ?? {};
  if (host === undefined || port === undefined) return undefined;
  return { type: "tcp", host: host.replace(/^\[|\]$/g, ""), port: Number(port) };
}
