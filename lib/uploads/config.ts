import "server-only";
import { z } from "zod";
import { config, ConfigError, resetConfigForTests } from "../config";
import { clamdEnvShape, clamdProblem, clamdTarget, type ClamdTarget } from "../config/clamd";

/**
 * Upload settings. They are part of lib/config.ts's schema (lib/config/clamd.ts), so they are
 * validated at start-up with everything else.
 *
 * CLAMAV_HOST=host:port or CLAMAV_SOCKET=/path: scan uploads with that clamd. Neither: uploads
 * are stored marked "not scanned". Set but unreachable: uploads are refused (decision 018).
 */

const uploadEnvSchema = z.object(clamdEnvShape);

export type { ClamdTarget };

export interface UploadConfig {
  /** Undefined: scanning is not configured. */
  clamd?: ClamdTarget;
  clamdTimeoutMs: number;
  /**
   * No clamd and this set: uploads are refused, not stored unscanned. The app sets it when
   * APP_URL is https and UPLOADS_ALLOW_UNSCANNED is not "true" (a real deployment scans).
   */
  requireScanner?: boolean;
}

/** The settings from an environment-shaped record (tests, benchmarks); the app uses uploadConfig(). */
export function parseUploadConfig(source: Record<string, string | undefined>): UploadConfig {
  const parsed = uploadEnvSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".") || "(environment)"}: ${i.message}`));
  }
  const problem = clamdProblem(parsed.data);
  if (problem) throw new ConfigError([problem]);
  return fromSettings(parsed.data);
}

const fromSettings = (env: { CLAMAV_HOST?: string; CLAMAV_SOCKET?: string; CLAMAV_TIMEOUT_MS: number }): UploadConfig => ({
  clamd: clamdTarget(env.CLAMAV_HOST, env.CLAMAV_SOCKET),
  clamdTimeoutMs: env.CLAMAV_TIMEOUT_MS,
});

export function describeClamdTarget(target: ClamdTarget): string {
  return target.type === "socket" ? target.path : `${target.host.includes(":") ? `[${target.host}]` : target.host}:${target.port}`;
}

/** The app's settings, from lib/config.ts (validated there, with everything else, at start). */
export function uploadConfig(): UploadConfig {
  const c = config();
  return { ...fromSettings(c), requireScanner: c.isHttps && !c.UPLOADS_ALLOW_UNSCANNED };
}

export type ScanningMode = "scanned" | "unscanned_allowed" | "unscanned" | "refused";

/**
 * How uploads are treated (issue 17 item 9): scanned by clamd; stored unscanned because the
 * operator allowed it over https (warned at start and in health); stored unscanned in local
 * development (http); or refused because APP_URL is https and no scanner is configured —
 * start-up stops on that one, so a real deployment cannot run without scanning by omission.
 */
export function scanningMode(c = config()): ScanningMode {
  if (clamdTarget(c.CLAMAV_HOST, c.CLAMAV_SOCKET)) return "scanned";
  if (!c.isHttps) return "unscanned";
  return c.UPLOADS_ALLOW_UNSCANNED ? "unscanned_allowed" : "refused";
}

/** What start-up says about scanning: a problem that stops it, or a line for the log (warn or info). */
export function scanningNotice(c = config()): { level: "error" | "warn" | "info"; message: string } {
  const target = clamdTarget(c.CLAMAV_HOST, c.CLAMAV_SOCKET);
  switch (scanningMode(c)) {
    case "scanned":
      return { level: "info", message: `knowledge-base uploads are scanned by clamd at ${describeClamdTarget(target!)}` };
    case "unscanned":
      return { level: "info", message: 'no clamd configured (CLAMAV_HOST / CLAMAV_SOCKET): knowledge-base uploads are stored marked "not scanned"' };
    case "unscanned_allowed":
      return { level: "warn", message: 'UPLOADS_ALLOW_UNSCANNED=true with APP_URL https: knowledge-base uploads are NOT scanned for malware and are stored marked "not scanned"' };
    case "refused":
      return { level: "error", message: 'CLAMAV_HOST or CLAMAV_SOCKET: required when APP_URL is https (knowledge-base uploads must be scanned); set UPLOADS_ALLOW_UNSCANNED=true to accept unscanned uploads' };
  }
}

/** Tests and scripts: re-read the environment. */
export function resetUploadConfigForTests(): void {
  resetConfigForTests();
}
