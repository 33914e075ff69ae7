import { NextResponse, type NextRequest } from "next/server";
import { AppError } from "./lib/core/errors";
import { REQUEST_ID_HEADER, resolveRequestId } from "./lib/core/request-id";
import { recordSecurityEventCoalesced } from "./lib/audit/security-events";
import { cookieNames, cookieOptions } from "./lib/auth/cookies";
import { AUTH_CSRF_HEADER, authCsrfToken } from "./lib/auth/next-auth-csrf";
import { config as appConfig } from "./lib/config";
import { CONSOLE_INTERNAL_PREFIX, CONSOLE_MARKER_HEADER, consoleMarker, internalConsolePath } from "./lib/operator/paths";
import { clientIp } from "./lib/security/client-ip";
import { buildCsp, newNonce } from "./lib/security/csp";
import { errorResponse } from "./lib/entry/respond";
import { apiMethodRefusal } from "./lib/security/api-methods";
import { isCrossSiteStateChange } from "./lib/security/csrf";
import { gateRefusal } from "./lib/security/gate-responses";
import { securityHeaders } from "./lib/security/headers";
import { checkRateLimit, rateLimitHeaders } from "./lib/security/rate-limit/limiter";
import type { PolicyName } from "./lib/security/rate-limit/policies";

/**
 * The request gate. For every request: a request id, a fresh CSP nonce passed to the page
 * render, SPEC §9's headers, the coarse per-IP rate limits, and the cross-site check on
 * cookie-carrying state changes. Finer rules (sessions, keys, permissions) belong to the
 * route wrapper and lib/authz, not here.
 */

const AUTH_POST_PREFIXES = ["/api/auth/", "/sign-in", "/sign-up", "/forgot-password", "/reset-password"];
const CREDENTIALS_CALLBACK = "/api/auth/callback/credentials";
/** Pages whose forms post to next-auth and so need its CSRF token (see authCsrfToken). */
const NEXT_AUTH_FORM_PAGES = new Set(["/sign-in"]);

function policiesFor(request: NextRequest, consolePath: string | null): PolicyName[] {
  const path = request.nextUrl.pathname;
  const names: PolicyName[] = [];
  if (path === "/api" || path.startsWith("/api/")) names.push("api");
  if (request.method === "POST") {
    if (AUTH_POST_PREFIXES.some((p) => path.startsWith(p))) names.push("auth");
    if (path === CREDENTIALS_CALLBACK) names.push("signIn");
    // The operator console's sign-in has the members' limits (SPEC §11).
    if (consolePath === `${CONSOLE_INTERNAL_PREFIX}/sign-in`) names.push("auth", "signIn");
  }
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
  const withHeaders = (response: NextResponse) => {
    for (const [name, value] of Object.entries(responseHeaders)) response.headers.set(name, value);
    return response;
  };
  const refuse = (error: AppError, title: string) =>
    withHeaders(gateRefusal(error, requestId, { accept: request.headers.get("accept"), nonce }, title));

  const ip = clientIp(request.headers, cfg.TRUST_PROXY_HOPS);
  const names = cookieNames();
  // ADMIN_PATH/… is the operator console (SPEC §11), rendered from an internal prefix that
  // answers 404 unless this rewrite marked the request (lib/operator/paths).
  const consolePath = internalConsolePath(request.nextUrl.pathname);
  if (consolePath) responseHeaders["Cache-Control"] = "no-store";

  const ownOrigins = [new URL(cfg.APP_URL).origin];
  // Console posts are always checked, signed in or not (no login CSRF against staff).
  const carriesSession = request.cookies.has(names.session) || consolePath !== null;
  if (isCrossSiteStateChange(request, ownOrigins, carriesSession)) {
    await recordSecurityEventCoalesced(`csrf:${ip}`, {
      type: "csrf_rejected",
      ip,
      details: { path: request.nextUrl.pathname, origin: request.headers.get("origin")?.slice(0, 200) ?? null },
    });
    return refuse(new AppError("CSRF_REJECTED"), "Request refused");
  }

  for (const policy of policiesFor(request, consolePath)) {
    const result = await checkRateLimit(policy, ip);
    if (!result.success) {
      await recordSecurityEventCoalesced(`rl:${policy}:${ip}`, {
        type: "rate_limited",
        ip,
        details: { policy, path: request.nextUrl.pathname },
      });
      const limited = rateLimitHeaders(result);
      const message = policy === "signIn" ? "Too many sign-in attempts from your network. Try again later." : undefined;
      return refuse(
        new AppError("RATE_LIMITED", message, { retryAfterSeconds: Number(limited["Retry-After"]), headers: limited }),
        "Too many requests",
      );
    }
  }

  // SPEC §3: under /api, a method the route does not answer is the envelope (405 with Allow,
  // or 404 where no route claims the path), never Next's empty 405/400 or its automatic
  // OPTIONS 204. CONNECT, TRACE and TRACK never get here (Node, or the Fetch API inside Next,
  // refuses them before the gate runs): they can only be answered in our Node server
  // (scripts/lib/http-server.ts), by lib/security/pre-next-guard.ts.
  const methodRefusal = apiMethodRefusal(request.nextUrl.pathname, request.method);
  if (methodRefusal) return withHeaders(errorResponse(methodRefusal, requestId));

  const forwarded = new Headers(request.headers);
  forwarded.set("x-nonce", nonce);
  // Next reads the nonce for its own scripts from the request's CSP header.
  forwarded.set("content-security-policy", csp);
  forwarded.set(REQUEST_ID_HEADER, requestId);
  forwarded.delete(AUTH_CSRF_HEADER);
  forwarded.delete(CONSOLE_MARKER_HEADER);
  if (consolePath) {
    forwarded.set(CONSOLE_MARKER_HEADER, consoleMarker());
    const target = request.nextUrl.clone();
    target.pathname = consolePath;
    return withHeaders(NextResponse.rewrite(target, { request: { headers: forwarded } }));
  }

  // next-auth's double-submit CSRF token, issued here so its sign-in form works without
  // client JavaScript (next-auth checks it on POST).
  let csrfCookie: string | undefined;
  if (request.method === "GET" && NEXT_AUTH_FORM_PAGES.has(request.nextUrl.pathname)) {
    const { token, cookie } = authCsrfToken(request.cookies.get(names.csrf)?.value, cfg.secrets.NEXTAUTH_SECRET!);
    forwarded.set(AUTH_CSRF_HEADER, token);
    csrfCookie = cookie;
  }

  const response = NextResponse.next({ request: { headers: forwarded } });
  if (csrfCookie) response.cookies.set(names.csrf, csrfCookie, cookieOptions());
  return withHeaders(response);
}

export const config = {
  // Static build assets are immutable and carry the static header set from next.config.ts.
  matcher: ["/((?!_next/static|_next/image).*)"],
};
