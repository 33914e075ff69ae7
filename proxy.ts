import { NextResponse, type NextRequest } from "next/server";
import { AppError } from "./lib/core/errors";
import { REQUEST_ID_HEADER, resolveRequestId } from "./lib/core/request-id";
import { recordSecurityEventCoalesced } from "./lib/audit/security-events";
import { REQUESTED_PATH_HEADER } from "./lib/auth/callback-url";
import { cookieNames, cookieOptions } from "./lib/auth/cookies";
import { AUTH_CSRF_HEADER, authCsrfToken } from "./lib/auth/next-auth-csrf";
import { config as appConfig } from "./lib/config";
import { CONSOLE_MARKER_HEADER, consoleMarker, internalConsolePath } from "./lib/operator/paths";
import { clientIp } from "./lib/security/client-ip";
import { buildCsp, newNonce } from "./lib/security/csp";
import { errorResponse } from "./lib/entry/respond";
import { apiMethodRefusal } from "./lib/security/api-methods";
import { crossSiteError, crossSiteRefusal } from "./lib/security/csrf";
import { gateRefusal } from "./lib/security/gate-responses";
import { securityHeaders } from "./lib/security/headers";
import { GATE_CHECK_ONLY, gatePolicies } from "./lib/security/rate-limit/gate-policies";
import { assertWithinLimits } from "./lib/security/rate-limit/per-ip";
import { routedPath } from "./lib/security/routed-path";
import { isWidgetFramePath, WIDGET_FRAME_ROUTE_HEADERS } from "./lib/security/widget-frame-path";

/**
 * The request gate. For every request: a request id, a fresh CSP nonce passed to the page
 * render, SPEC §9's headers, the coarse per-IP rate limits, and the cross-site check on
 * cookie-carrying state changes. Finer rules (sessions, keys, permissions) belong to the
 * route wrapper and lib/authz, not here.
 *
 * Every decision by path is taken on one path: routedPath(), the path Next routes on
 * (lib/security/routed-path.ts), never the spelling a client sent; a path that cannot be
 * normalised is refused. Limits that belong to a server action (sign-up, reset, the
 * console's sign-in) are the action's own (lib/entry), since an action runs at any URL.
 */

/** Pages whose forms post to next-auth and so need its CSRF token (see authCsrfToken). */
const NEXT_AUTH_FORM_PAGES = new Set(["/sign-in"]);

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
  let path: string;
  try {
    path = routedPath(request.nextUrl);
  } catch (error) {
    if (error instanceof AppError) return refuse(error, "Bad request");
    throw error;
  }
  // ADMIN_PATH/… is the operator console (SPEC §11), rendered from an internal prefix that
  // answers 404 unless this rewrite marked the request (lib/operator/paths).
  const consolePath = internalConsolePath(path);
  if (consolePath) responseHeaders["Cache-Control"] = "no-store";

  const ownOrigins = [new URL(cfg.APP_URL).origin];
  // Console posts are always checked, signed in or not (no login CSRF against staff).
  const carriesSession = request.cookies.has(names.session) || consolePath !== null;
  const crossSite = crossSiteRefusal(request, ownOrigins, carriesSession);
  if (crossSite) {
    await recordSecurityEventCoalesced(`csrf:${ip}`, {
      type: "csrf_rejected",
      ip,
      requestId,
      userAgent: request.headers.get("user-agent"),
      details: { path, reason: crossSite, origin: request.headers.get("origin")?.slice(0, 200) ?? null },
    });
    // Under /api the envelope even for a browser's Accept (SPEC §3); elsewhere the page.
    return withHeaders(gateRefusal(crossSiteError(crossSite), requestId, { accept: request.headers.get("accept"), nonce, pathname: path }, "Request refused"));
  }

  try {
    // Sign-in failures are only checked here (counted once a password is wrong), so a right
    // password never uses up an office's allowance.
    await assertWithinLimits(gatePolicies(request.method, path), ip, { path: path.slice(0, 200) }, { checkOnly: GATE_CHECK_ONLY, request: { requestId, userAgent: request.headers.get("user-agent") } });
  } catch (error) {
    if (error instanceof AppError) return refuse(error, "Too many requests");
    throw error;
  }

  // SPEC §3: under /api, a method the route does not answer is the envelope (405 with Allow,
  // or 404 where no route claims the path), never Next's empty 405/400 or its automatic
  // OPTIONS 204. CONNECT, TRACE and TRACK never get here (Node, or the Fetch API inside Next,
  // refuses them before the gate runs): they can only be answered in our Node server
  // (scripts/lib/http-server.ts), by lib/security/pre-next-guard.ts.
  const methodRefusal = apiMethodRefusal(path, request.method);
  if (methodRefusal) return withHeaders(errorResponse(methodRefusal, requestId));

  const forwarded = new Headers(request.headers);
  forwarded.set("x-nonce", nonce);
  // Next reads the nonce for its own scripts from the request's CSP header.
  forwarded.set("content-security-policy", csp);
  forwarded.set(REQUEST_ID_HEADER, requestId);
  // The page asked for, so a sign-in can come back to it (lib/auth/callback-url.ts); set here,
  // never taken from the client.
  forwarded.set(REQUESTED_PATH_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`);
  forwarded.delete(AUTH_CSRF_HEADER);
  forwarded.delete(CONSOLE_MARKER_HEADER);
  if (consolePath) forwarded.set(CONSOLE_MARKER_HEADER, consoleMarker());

  // next-auth's double-submit CSRF token, issued here so its sign-in form works without
  // client JavaScript (next-auth checks it on POST).
  let csrfCookie: string | undefined;
  if (request.method === "GET" && NEXT_AUTH_FORM_PAGES.has(path)) {
    const { token, cookie } = authCsrfToken(request.cookies.get(names.csrf)?.value, cfg.secrets.NEXTAUTH_SECRET!);
    forwarded.set(AUTH_CSRF_HEADER, token);
    csrfCookie = cookie;
  }

  // Next routes on the path decided on here: the console's internal one, or the routed form
  // of an odd spelling (Next reads some of those otherwise, /api/%61uth/… for one).
  const routeTo = consolePath ?? path;
  let response: NextResponse;
  if (routeTo === request.nextUrl.pathname) {
    response = NextResponse.next({ request: { headers: forwarded } });
  } else {
    const target = request.nextUrl.clone();
    target.pathname = routeTo;
    response = NextResponse.rewrite(target, { request: { headers: forwarded } });
  }
  if (csrfCookie) response.cookies.set(names.csrf, csrfCookie, cookieOptions());
  // The widget's frame page sets its own CSP (this nonce, its embed domains as frame-ancestors)
  // and no X-Frame-Options, which would override them (decision 048). Next keeps a header the
  // gate set over the route's, so the gate must leave these two out there.
  if (isWidgetFramePath(routeTo, request.method)) for (const name of WIDGET_FRAME_ROUTE_HEADERS) delete responseHeaders[name];
  return withHeaders(response);
}

export const config = {
  // Static build assets are immutable and carry the static header set from next.config.ts.
  matcher: ["/((?!_next/static|_next/image).*)"],
};
