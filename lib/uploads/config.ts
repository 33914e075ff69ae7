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
  return fromSettings(config());
}

/** Tests and scripts: re-read the environment. */
export function resetUploadConfigForTests(): void {
  resetConfigForTests();
}
