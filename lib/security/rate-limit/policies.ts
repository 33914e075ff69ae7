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
    /**
     * Every POST to an authentication endpoint, per client IP (coarse flood guard): also the
     * SPEC's coarse cap on all credentials POSTs, right passwords included.
     */
    auth: { requests: c.RATE_LIMIT_AUTH_REQUESTS, windowSeconds: c.RATE_LIMIT_AUTH_WINDOW_SECONDS },
    /** Every /api/v1 request, per API key. */
    apiKey: { requests: c.RATE_LIMIT_KEY_REQUESTS, windowSeconds: c.RATE_LIMIT_KEY_WINDOW_SECONDS },
    /**
     * Failed password checks, per client IP: 5 per 15 minutes (SPEC §1). A right password
     * counts nothing, so colleagues behind one address all sign in. Counted by
     * verifyUserPassword once a password turned out wrong; the gate only checks it
     * (GATE_CHECK_ONLY) before next-auth reads the body. The console's sign-in action still
     * takes it on every attempt (lib/entry/staff.ts).
     */
    signIn: { requests: c.RATE_LIMIT_SIGN_IN_REQUESTS, windowSeconds: 15 * 60 },
    /**
     * Leaked-key reports from secret scanners, per client IP (decision 042): generous for
     * GitHub's batches, tight enough that a flood of forged reports costs little.
     */
    leakedKeyReports: { requests: c.RATE_LIMIT_LEAK_REPORT_REQUESTS, windowSeconds: 60 },
    /** Web widget session starts (SPEC §14), per client IP, and per widget. */
    widgetSessionIp: { requests: c.RATE_LIMIT_WIDGET_IP_REQUESTS, windowSeconds: 60 },
    widgetSession: { requests: c.RATE_LIMIT_WIDGET_REQUESTS, windowSeconds: 60 },
    /** Messages in one widget session: a visitor types, a script floods. */
    widgetMessages: { requests: 30, windowSeconds: 60 },
    /**
     * Refusals and rate-limit hits of one IP at one workspace's widgets (decision 047): the
     * request past the threshold puts the IP on the workspace's blocklist for 24 h.
     */
    widgetAbuse: { requests: c.WIDGET_AUTO_BLOCK_THRESHOLD, windowSeconds: 10 * 60 },
    /** Sign-ups, per client IP: 3 per hour. */
    signUp: { requests: c.RATE_LIMIT_SIGN_UP_REQUESTS, windowSeconds: 60 * 60 },
    /** Password-reset requests, per email address: 3 per hour. */
    passwordReset: { requests: c.RATE_LIMIT_RESET_REQUESTS, windowSeconds: 60 * 60 },
    /** "Send the verification link again", per email address: 3 per hour (decision 032). */
    verificationResend: { requests: c.RATE_LIMIT_RESET_REQUESTS, windowSeconds: 60 * 60 },
  } satisfies Record<string, Policy>;
}

export type PolicyName = keyof ReturnType<typeof policies>;
