import type { NextRequest } from "next/server";
import { NextResponse } from "next/server";
import type { z } from "zod";
import { parseWith } from "../core/parse";
import { errorResponse } from "./respond";
import { REQUEST_ID_HEADER, resolveRequestId } from "../core/request-id";
import { assertNoDuplicateParams, DEFAULT_BODY_LIMIT_BYTES, readJsonBody } from "../core/request-shape";

// lib/entry/route.ts still imports parseWith from here; it lives in lib/core/parse.ts.
export { parseWith };

/**
 * The route wrapper: a route file states what it needs and the wrapper does how.
 * Steps are small functions chained in order; each may throw an AppError, which becomes the
 * SPEC's JSON envelope with the request id. Authentication steps are added per route kind
 * (see lib/api/README in later issues); `access: "public"` routes skip them explicitly.
 */
export interface RouteContext<Q, B> {
  request: NextRequest;
  requestId: string;
  query: Q;
  body: B;
  params: Record<string, string>;
}

export interface RouteDefinition<Q extends z.ZodType, B extends z.ZodType> {
  access: "public";
  query?: Q;
  body?: B;
  bodyLimitBytes?: number;
  handler: (ctx: RouteContext<z.infer<Q>, z.infer<B>>) => Promise<Response | unknown>;
}

export function defineRoute<Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType>(
  def: RouteDefinition<Q, B>,
) {
  return async (
    request: NextRequest,
    context: { params?: Promise<Record<string, string | string[]>> } = {},
  ): Promise<Response> => {
    const requestId = resolveRequestId(request.headers.get(REQUEST_ID_HEADER));
    try {
      const searchParams = request.nextUrl.searchParams;
      assertNoDuplicateParams(searchParams);
      const query = def.query ? parseWith(def.query, Object.fromEntries(searchParams)) : undefined;
      const body = def.body
        ? parseWith(def.body, await readJsonBody(request, def.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES))
        : undefined;
      const rawParams = (await context.params) ?? {};
      const params = Object.fromEntries(
        Object.entries(rawParams).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : v]),
      );
      const result = await def.handler({ request, requestId, query, body, params } as RouteContext<
        z.infer<Q>,
        z.infer<B>
      >);
      const response = result instanceof Response ? result : NextResponse.json(result);
      response.headers.set(REQUEST_ID_HEADER, requestId);
      return response;
    } catch (error) {
      return errorResponse(error, requestId);
    }
  };
}
