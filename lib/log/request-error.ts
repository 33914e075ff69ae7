import { REQUEST_ID_HEADER } from "../core/request-id";
import { log } from "./logger";
import { scrubText } from "./scrub";

export interface ErrorRequest {
  path: string;
  method: string;
  headers: NodeJS.Dict<string | string[]>;
}

export interface ErrorContext {
  routerKind: string;
  routePath: string;
  routeType: string;
  renderSource?: string;
}

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * A page, server action or route error, as one JSON line of the structured logger (issue 17
 * item 4): the request id (the response's X-Request-Id, so it joins request logs, audit rows
 * and security events), Next's digest (what the error page shows the user), the route, and the
 * error reduced to its name and scrubbed message — no stack (stacks carry query text), no
 * query string (a URL can carry a token), no headers but the request id.
 */
export function logRequestError(error: unknown, request: ErrorRequest, context: ErrorContext): void {
  const raw = (error as { digest?: unknown })?.digest;
  // Next's digests are decimal strings, which the phone-number scrubber would blank: a number
  // passes through it (and greps the same as the digest on the error page).
  const digest = typeof raw === "string" ? (/^\d{1,15}$/.test(raw) ? Number(raw) : raw) : null;
  const requestId = first(request.headers[REQUEST_ID_HEADER]) ?? null;
  log().error(
    {
      err: error instanceof Error ? error : new Error(scrubText(String(error))),
      digest,
      request_id: requestId,
      method: request.method,
      path: request.path.split("?")[0],
      route: context.routePath,
      route_type: context.routeType,
      router: context.routerKind,
      ...(context.renderSource ? { render_source: context.renderSource } : {}),
    },
    `${context.routeType} error`,
  );
}
