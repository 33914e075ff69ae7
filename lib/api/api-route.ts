import type { NextRequest } from "next/server";
import { NextResponse } from "next/server";
import type { z } from "zod";
import { authenticateApiKey, type ApiKeyContext } from "../api-keys/authenticate";
import { recordSecurityEvent } from "../audit/security-events";
import { requestMeta } from "../auth/request-meta";
import type { Permission } from "../authz/permissions";
import { checkRateLimit, rateLimitHeaders } from "../security/rate-limit/limiter";
import { parseWith } from "./define-route";
import { AppError } from "../core/errors";
import { errorResponse } from "./respond";
import { REQUEST_ID_HEADER, resolveRequestId } from "../core/request-id";
import { assertNoDuplicateParams, DEFAULT_BODY_LIMIT_BYTES, readJsonBody } from "./request-shape";

/**
 * The wrapper every /api/v1 route uses. A route states its permission and schemas; the
 * steps run in this order, each a small function, each able to stop the request with the
 * SPEC's envelope:
 *   1. a key in the query string → 400 API_KEY_IN_QUERY (before anything else)
 *   2. duplicate query parameters → 400 DUPLICATE_PARAMETER
 *   3. X-API-Key → 401 INVALID_API_KEY (format and checksum before any lookup)
 *   4. browser origin: public keys from allow-listed origins only (CORS)
 *   5. scope → 403 INSUFFICIENT_SCOPE (public keys: GET only)
 *   6. per-key sliding-window rate limit → 429, RateLimit-* headers on every answer
 *   7. zod on query and body (unknown fields refused, lengths bounded) → 400 / 413 / 415
 */
export interface ApiRouteContext<Q, B> {
  api: ApiKeyContext;
  request: NextRequest;
  requestId: string;
  query: Q;
  body: B;
  params: Record<string, string>;
}

export interface ApiRouteDefinition<Q extends z.ZodType, B extends z.ZodType> {
  permission: Permission;
  query?: Q;
  body?: B;
  bodyLimitBytes?: number;
  handler: (ctx: ApiRouteContext<z.infer<Q>, z.infer<B>>) => Promise<Response | unknown>;
}

const KEY_PARAMS = new Set(["api_key", "apikey", "key", "token", "x-api-key", "access_token"]);

async function refuseKeyInQuery(params: URLSearchParams, ip: string): Promise<void> {
  for (const name of params.keys()) {
    if (KEY_PARAMS.has(name.toLowerCase())) {
      await recordSecurityEvent({ type: "api_key_in_query", ip, details: { parameter: name.slice(0, 40) } });
      throw new AppError("API_KEY_IN_QUERY");
    }
  }
}

async function corsHeadersFor(request: NextRequest, api: ApiKeyContext): Promise<Record<string, string>> {
  const origin = request.headers.get("origin");
  if (!origin) return {};
  if (api.key.type !== "pk" || !api.corsOrigins.includes(origin)) {
    await recordSecurityEvent({ type: "cors_rejected", workspaceId: api.workspace.id, ip: api.meta.ip, details: { origin: origin.slice(0, 200), key: api.key.display } });
    throw new AppError("FORBIDDEN", api.key.type === "pk" ? "This origin is not on the workspace's CORS allowlist." : "Secret keys must not be used from a browser.");
  }
  return { "Access-Control-Allow-Origin": origin, Vary: "Origin", "Access-Control-Expose-Headers": "X-Request-Id, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, Retry-After" };
}

async function assertScope(api: ApiKeyContext, permission: Permission, method: string): Promise<void> {
  if (api.key.type === "pk" && method !== "GET" && method !== "HEAD") {
    throw new AppError("INSUFFICIENT_SCOPE", "Public keys are read-only.");
  }
  if (!api.can(permission)) {
    await recordSecurityEvent({ type: "authorization_denied", workspaceId: api.workspace.id, ip: api.meta.ip, details: { permission, key: api.key.display } });
    throw new AppError("INSUFFICIENT_SCOPE", `This key lacks the "${permission}" scope.`);
  }
}

export function defineApiRoute<Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType>(def: ApiRouteDefinition<Q, B>) {
  return async (request: NextRequest, context: { params?: Promise<Record<string, string | string[]>> } = {}): Promise<Response> => {
    const requestId = resolveRequestId(request.headers.get(REQUEST_ID_HEADER));
    const extra: Record<string, string> = {};
    let response: Response;
    try {
      const meta = requestMeta(request.headers);
      const searchParams = request.nextUrl.searchParams;
      await refuseKeyInQuery(searchParams, meta.ip);
      assertNoDuplicateParams(searchParams);
      const api = await authenticateApiKey(request.headers.get("x-api-key"), meta);
      Object.assign(extra, await corsHeadersFor(request, api));
      await assertScope(api, def.permission, request.method);
      const rate = await checkRateLimit("apiKey", api.key.id);
      Object.assign(extra, rateLimitHeaders(rate));
      if (!rate.success) throw new AppError("RATE_LIMITED", undefined, { retryAfterSeconds: Number(extra["Retry-After"]) });
      const query = def.query ? parseWith(def.query, Object.fromEntries(searchParams)) : undefined;
      const body = def.body ? parseWith(def.body, await readJsonBody(request, def.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES)) : undefined;
      const raw = (await context.params) ?? {};
      const params = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : v]));
      const result = await def.handler({ api, request, requestId, query, body, params } as ApiRouteContext<z.infer<Q>, z.infer<B>>);
      response = result instanceof Response ? result : NextResponse.json(result);
    } catch (error) {
      response = errorResponse(error, requestId);
    }
    response.headers.set(REQUEST_ID_HEADER, requestId);
    for (const [name, value] of Object.entries(extra)) response.headers.set(name, value);
    return response;
  };
}

/** CORS preflight: browsers send no key here; the real request is checked against the key's allowlist. */
export function apiPreflight(request: NextRequest): Response {
  const origin = request.headers.get("origin");
  const headers = new Headers({ "Access-Control-Max-Age": "600", Vary: "Origin" });
  if (origin) {
    headers.set("Access-Control-Allow-Origin", origin);
    headers.set("Access-Control-Allow-Methods", "GET, HEAD");
    headers.set("Access-Control-Allow-Headers", "X-API-Key, Content-Type, X-Request-Id");
  }
  return new Response(null, { status: 204, headers });
}
