import { config } from "../../config";

/**
 * Every rate limit of the product, by name, in one place. Windows are sliding
 * (@upstash/ratelimit). Identifiers are chosen by the caller: the client IP for per-IP
 * policies (see client-ip.ts for how it is trusted), an email or key id for the others.
 */
export interface Policy {
  requests: number;
  windowSeconds: number;
}

export function policies() {
  const c = config();
  return {
    /** Every /api request, per client IP. */
    api: { requests: c.RATE_LIMIT_API_REQUESTS, windowSeconds: c.RATE_LIMIT_API_WINDOW_SECONDS },
    /** Every POST to an authentication endpoint, per client IP (coarse flood guard). */
    auth: { requests: c.RATE_LIMIT_AUTH_REQUESTS, windowSeconds: c.RATE_LIMIT_AUTH_WINDOW_SECONDS },
    /** Every /api/v1 request, per API key. */
    apiKey: { requests: c.RATE_LIMIT_KEY_REQUESTS, windowSeconds: c.RATE_LIMIT_KEY_WINDOW_SECONDS },
    /** Credentials POSTs (next-auth sign-in), per client IP: 5 per 15 minutes (SPEC §1). */
    signIn: { requests: c.RATE_LIMIT_SIGN_IN_REQUESTS, windowSeconds: 15 * 60 },
    /** Sign-ups, per client IP: 3 per hour. */
    signUp: { requests: c.RATE_LIMIT_SIGN_UP_REQUESTS, windowSeconds: 60 * 60 },
    /** Password-reset requests, per email address: 3 per hour. */
    passwordReset: { requests: c.RATE_LIMIT_RESET_REQUESTS, windowSeconds: 60 * 60 },
  } satisfies Record<string, Policy>;
}

export type PolicyName = keyof ReturnType<typeof policies>;
