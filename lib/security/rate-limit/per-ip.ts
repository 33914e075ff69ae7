import { recordSecurityEventCoalesced } from "../../audit/security-events";
import { AppError } from "../../core/errors";
import { checkRateLimit, peekRateLimit, rateLimitHeaders } from "./limiter";
import type { PolicyName } from "./policies";

/** "in 40 seconds", "in 15 minutes": what a person is told to wait. */
function waitFor(seconds: number): string {
  if (seconds < 90) return `${seconds} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

function messageFor(policy: PolicyName, retryAfterSeconds: number): string | undefined {
  const wait = waitFor(retryAfterSeconds);
  if (policy === "signIn") return `Too many sign-in attempts from your network. Try again in ${wait}.`;
  if (policy === "auth" || policy === "signUp") return `Too many attempts from your network. Try again in ${wait}.`;
  // API clients read Retry-After; the default message says so.
  return undefined;
}

/**
 * Counts the client `ip` against each per-IP policy in order; a policy named in
 * `checkOnly` is only checked (peekRateLimit), because it is counted elsewhere (sign-in
 * failures: once the password is known to be wrong). At the first one over its
 * limit (the later ones are not counted) the block is recorded as a security event (SPEC §1:
 * every block is one; coalesced per policy and IP, so a flood is one row with a count) and
 * thrown as RATE_LIMITED, with Retry-After and the RateLimit-* headers, and a message a
 * person can act on. `where` says what was limited (the gate's path, or the action).
 */
export async function assertWithinLimits(
  policies: readonly PolicyName[],
  ip: string,
  where: Record<string, string>,
  options: { checkOnly?: readonly PolicyName[]; request?: { requestId?: string | null; userAgent?: string | null } } = {},
): Promise<void> {
  for (const policy of policies) {
    const result = options.checkOnly?.includes(policy) ? await peekRateLimit(policy, ip) : await checkRateLimit(policy, ip);
    if (result.success) continue;
    await recordSecurityEventCoalesced(`rl:${policy}:${ip}`, { type: "rate_limited", ip, ...options.request, details: { policy, ...where } });
    const headers = rateLimitHeaders(result);
    const retryAfterSeconds = Number(headers["Retry-After"]);
    throw new AppError("RATE_LIMITED", messageFor(policy, retryAfterSeconds), { retryAfterSeconds, headers });
  }
}
