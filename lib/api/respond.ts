import { NextResponse } from "next/server";
import { log } from "../log/logger";
import { AppError, envelope, toAppError } from "../core/errors";
import { REQUEST_ID_HEADER } from "../core/request-id";

/** The JSON error response for anything thrown; internal errors are logged, never echoed. */
export function errorResponse(error: unknown, requestId: string): NextResponse {
  const apiError = toAppError(error);
  if (!(error instanceof AppError)) {
    log().error({ err: error, requestId }, "unhandled error");
  }
  const headers = new Headers(apiError.options.headers);
  headers.set(REQUEST_ID_HEADER, requestId);
  headers.set("cache-control", "no-store");
  if (apiError.options.retryAfterSeconds !== undefined) {
    headers.set("retry-after", String(apiError.options.retryAfterSeconds));
  }
  return NextResponse.json(envelope(apiError, requestId), { status: apiError.status, headers });
}
