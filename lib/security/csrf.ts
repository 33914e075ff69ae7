/**
 * Cross-site request refusal for browser requests that carry our session cookie (SPEC §1, §9).
 * A state-changing request (POST/PUT/PATCH/DELETE) with the cookie must show it comes from
 * our own origin: its Origin header must be ours and, when present, Sec-Fetch-Site must say
 * same-origin (or none: the user's own navigation).
 *
 * A cookie-carrying state change with neither header is refused too (issue 16): every
 * browser we support sends Origin on a POST, PUT, PATCH or DELETE, and Sec-Fetch-Site on
 * every request, so such a request is not a browser's form. It is a script replaying a
 * stolen or shared cookie, or a proxy or extension that stripped the headers, and a check
 * that let it through would be one header-stripping step away from CSRF.
 *
 * Requests without the cookie pass: API clients (X-API-Key) and third parties with signed
 * bodies (Stripe's webhooks) carry no cookie, and no browser sends one on their behalf.
 */
import { AppError } from "../core/errors";

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Why a request was refused, for the security event. */
export type CrossSiteReason = "foreign_origin" | "opaque_origin" | "cross_site_fetch" | "no_origin_headers";

/** The gate's answer to a refusal: 403 CSRF_REJECTED, saying what was missing when it helps. */
export function crossSiteError(reason: CrossSiteReason): AppError {
  // The default message ("Cross-site request refused.") would puzzle a developer whose script
  // sent a cookie: say which headers were missing.
  if (reason === "no_origin_headers") {
    return new AppError("CSRF_REJECTED", "This request carried a session cookie but neither the Origin nor the Sec-Fetch-Site header every browser sends, so it was refused.");
  }
  return new AppError("CSRF_REJECTED");
}

export function crossSiteRefusal(
  request: { method: string; headers: Headers },
  allowedOrigins: string[],
  carriesSessionCookie: boolean,
): CrossSiteReason | null {
  if (!STATE_CHANGING.has(request.method.toUpperCase()) || !carriesSessionCookie) return null;
  const origin = request.headers.get("origin");
  const site = request.headers.get("sec-fetch-site");
  // A sandboxed frame, a data: URL or a redirect chain that crossed origins.
  if (origin === "null") return "opaque_origin";
  if (origin !== null && !allowedOrigins.includes(origin)) return "foreign_origin";
  // A browser's own judgement, checked even beside a matching Origin: the two never disagree
  // in a browser, so a disagreement is a forged header.
  if (site !== null && site !== "same-origin" && site !== "none") return "cross_site_fetch";
  if (origin === null && site === null) return "no_origin_headers";
  return null;
}

export function isCrossSiteStateChange(
  request: { method: string; headers: Headers },
  allowedOrigins: string[],
  carriesSessionCookie: boolean,
): boolean {
  return crossSiteRefusal(request, allowedOrigins, carriesSessionCookie) !== null;
}
