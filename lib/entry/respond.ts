import { NextResponse } from "next/server";
import { log } from "../log/logger";
import { errorHeaders } from "../core/error-headers";
import { AppError, envelope, toAppError } from "../core/errors";

/** The JSON error response for anything thrown; internal errors are logged, never echoed. */
export function errorResponse(error: unknown, requestId: string): NextResponse {
  const apiError = toAppError(error);
  if (!(error instanceof AppError)) {
    log().error({ err: error, requestId }, "unhandled error");
  }
  return NextResponse.json(envelope(apiError, requestId), { status: apiError.status, headers: errorHeaders(apiError, requestId) });
}
