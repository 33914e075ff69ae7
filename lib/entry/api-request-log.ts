import "server-only";
import type { NextRequest } from "next/server";
import type { ApiKeyContext } from "../api-keys/authenticate";
import { config } from "../config";
import { REQUEST_ID_HEADER } from "../core/request-id";
import { noteRequest } from "../request-logs/writer";
import { requestLogUrl } from "../request-logs/links";
import type { RouteHandler } from "./route";

/**
 * The request log's hook in the entry layer (issue 19): every /api/v1 request whose key was
 * recognised is noted — after its response is built, off the request path (the writer
 * batches). A request with no valid key has no workspace to be shown to (it is a security
 * event instead). Recorded: the path (never the query: filters can hold a caller's number),
 * the status and error code, never a body or a header but the user agent.
 */
const callers = new WeakMap<NextRequest, ApiKeyContext>();

/** The key the request was authenticated with, for its log row (called by the API-key step). */
export function noteApiCaller(request: NextRequest, api: ApiKeyContext): void {
  callers.set(request, api);
}

interface Operation {
  method: string;
  path: string;
  permission: string;
}

/** `handler`, with its requests recorded. */
export function withRequestLog(op: Operation, handler: RouteHandler): RouteHandler {
  return async (request, context) => {
    const started = performance.now();
    let response = await handler(request, context);
    const api = callers.get(request);
    if (!api || !config().REQUEST_LOGS) return response;
    const requestId = response.headers.get(REQUEST_ID_HEADER) ?? "";
    let errorCode: string | null = null;
    let bytes = Number(response.headers.get("content-length") ?? NaN);
    if (response.status >= 400 && response.headers.get("content-type")?.includes("application/json")) {
      ({ response, errorCode, bytes } = await withLogLink(response, api, requestId));
    }
    noteRequest({
      workspaceId: api.workspace.id,
      occurredAt: new Date(),
      requestId,
      method: request.method,
      route: op.path,
      path: request.nextUrl.pathname,
      status: response.status,
      errorCode,
      durationMs: performance.now() - started,
      keyId: api.key.id,
      keyDisplay: api.key.display,
      mode: api.key.mode,
      permission: op.permission,
      ip: api.meta.ip ?? null,
      userAgent: api.meta.userAgent ?? null,
      responseBytes: Number.isFinite(bytes) ? bytes : null,
    });
    return response;
  };
}

/**
 * An error envelope with `request_log_url`, the request's page in the dashboard (as Stripe's
 * errors carry theirs), so the id in a failed call's answer is one click from its record.
 */
async function withLogLink(response: Response, api: ApiKeyContext, requestId: string): Promise<{ response: Response; errorCode: string | null; bytes: number }> {
  const body = (await response.json()) as { error?: Record<string, unknown> };
  if (!body.error) return { response: Response.json(body, response), errorCode: null, bytes: NaN };
  body.error.request_log_url = requestLogUrl(api.workspace.slug, requestId);
  const text = JSON.stringify(body);
  const headers = new Headers(response.headers);
  headers.set("content-length", String(Buffer.byteLength(text)));
  return {
    response: new Response(text, { status: response.status, statusText: response.statusText, headers }),
    errorCode: typeof body.error.code === "string" ? body.error.code : null,
    bytes: Buffer.byteLength(text),
  };
}
