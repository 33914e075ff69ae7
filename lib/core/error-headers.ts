import type { AppError } from "./errors";
import { REQUEST_ID_HEADER } from "./request-id";

/** The headers of every error answer: the request id, never cached, Retry-After when the error says so. */
export function errorHeaders(error: AppError, requestId: string): Headers {
  const headers = new Headers(error.options.headers);
  headers.set(REQUEST_ID_HEADER, requestId);
  headers.set("cache-control", "no-store");
  if (error.options.retryAfterSeconds !== undefined) headers.set("retry-after", String(error.options.retryAfterSeconds));
  return headers;
}
