import { NextResponse, type NextRequest } from "next/server";
import { errorResponse } from "./lib/api/respond";
import { ApiError } from "./lib/api/errors";
import { REQUEST_ID_HEADER, resolveRequestId } from "./lib/api/request-id";
import { config as appConfig } from "./lib/config";
import { clientIp } from "./lib/security/client-ip";
import { buildCsp, newNonce } from "./lib/security/csp";
import { securityHeaders } from "./lib/security/headers";
import { checkRateLimit, rateLimitHeaders } from "./lib/security/rate-limit/limiter";
import type { PolicyName } from "./lib/security/rate-limit/policies";

/**
 * The request gate. For every request: a request id, a fresh CSP nonce passed to the page
 * render, SPEC §9's headers, and the coarse per-IP rate limits. Finer rules (sessions,
 * keys, permissions) belong to the route wrapper and lib/authz, not here.
 */

const AUTH_POST_PREFIXES = ["/api/auth/", "/sign-in", "/sign-up", "/forgot-password", "/reset-password"];

function policiesFor(request: NextRequest): PolicyName[] {
  const path = request.nextUrl.pathname;
  const names: PolicyName[] = [];
  if (path === "/api" || path.startsWith("/api/")) names.push("api");
  if (request.method === "POST" && AUTH_POST_PREFIXES.some((p) => path.startsWith(p))) names.push("auth");
  return names;
}

export async function proxy(request: NextRequest) {
  const cfg = appConfig();
  if (cfg.BENCH_DISABLE_GATE) return NextResponse.next();

  const requestId = resolveRequestId(request.headers.get(REQUEST_ID_HEADER));
  const nonce = newNonce();
  const csp = buildCsp(nonce, { https: cfg.isHttps, dev: cfg.NODE_ENV === "development" });
  const responseHeaders: Record<string, string> = {
    ...securityHeaders({ https: cfg.isHttps }),
    "Content-Security-Policy": csp,
    "X-Request-Id": requestId,
  };

  const policies = policiesFor(request);
  if (policies.length > 0) {
    const ip = clientIp(request.headers, cfg.TRUST_PROXY_HOPS);
    for (const policy of policies) {
      const result = await checkRateLimit(policy, ip);
      if (!result.success) {
        const limited = rateLimitHeaders(result);
        const response = errorResponse(
          new ApiError("RATE_LIMITED", undefined, {
            retryAfterSeconds: Number(limited["Retry-After"]),
            headers: limited,
          }),
          requestId,
        );
        for (const [name, value] of Object.entries(responseHeaders)) response.headers.set(name, value);
        return response;
      }
    }
  }

  const forwarded = new Headers(request.headers);
  forwarded.set("x-nonce", nonce);
  // Next reads the nonce for its own scripts from the request's CSP header.
  forwarded.set("content-security-policy", csp);
  forwarded.set(REQUEST_ID_HEADER, requestId);
  const response = NextResponse.next({ request: { headers: forwarded } });
  for (const [name, value] of Object.entries(responseHeaders)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Static build assets are immutable and carry the static header set from next.config.ts.
  matcher: ["/((?!_next/static|_next/image).*)"],
};
