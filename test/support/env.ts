import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { resetSessionKeysForTests } from "@/lib/auth/session-token";
import { resetConfigForTests } from "@/lib/config";
import { resetRateLimitsForTests } from "@/lib/security/rate-limit/limiter";

/** The real Redis the suite may use (CI), captured before useTestEnv clears it for the app. */
export const TEST_REDIS_URL = process.env.REDIS_URL;

/**
 * Gives the test file (its own process) a configuration of its own: a fresh DATA_DIR, so
 * fresh generated secrets, in-memory rate limits unless overridden, and fresh limiter state.
 */
export async function useTestEnv(overrides: Record<string, string> = {}): Promise<void> {
  process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), "sb-test-"));
  delete process.env.REDIS_URL;
  // No test asks the real Have I Been Pwned; breached-passwords.test.ts points it at a stub.
  process.env.HIBP_API_URL = "off";
  Object.assign(process.env, overrides);
  resetConfigForTests();
  resetSessionKeysForTests();
  await resetRateLimitsForTests();
}
