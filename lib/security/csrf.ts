/**
 * Cross-site request refusal for browser requests that carry our session cookie (SPEC §1).
 * A state-changing request (POST/PUT/PATCH/DELETE) with the cookie must come from our own
 * origin: its Origin header must be ours, or, without Origin, Sec-Fetch-Site must say
 * same-origin (or none: typed into the address bar). A request with neither header comes
 * from no browser and is not a CSRF vector. API-key requests carry no cookie and pass.
 */
const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function isCrossSiteStateChange(
  request: { method: string; headers: Headers },
  allowedOrigins: string[],
  carriesSessionCookie: boolean,
): boolean {
  if (!STATE_CHANGING.has(request.method) || !carriesSessionCookie) return false;
  const origin = request.headers.get("origin");
  if (origin && origin !== "null") return !allowedOrigins.includes(origin);
  if (origin === "null") return true;
  const site = request.headers.get("sec-fetch-site");
  if (site) return site !== "same-origin" && site !== "none";
  return false;
}
