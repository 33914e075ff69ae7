/**
 * One typed error class, one code→status table, one envelope (SPEC §3). Everything thrown
 * from lib/ that a client may see is an AppError; anything else becomes INTERNAL with no
 * detail.
 */
import { isDatabaseUnavailable } from "./unavailable";

export const ERROR_STATUS = {
  INVALID_API_KEY: 401,
  UNAUTHENTICATED: 401,
  INSUFFICIENT_SCOPE: 403,
  FORBIDDEN: 403,
  IP_NOT_ALLOWED: 403,
  WIDGET_REFUSED: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  VALIDATION_FAILED: 400,
  DUPLICATE_PARAMETER: 400,
  API_KEY_IN_QUERY: 400,
  INVALID_JSON: 400,
  CSRF_REJECTED: 403,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const DEFAULT_MESSAGES: Record<ErrorCode, string> = {
  INVALID_API_KEY: "The API key is missing, malformed, unknown, expired or revoked.",
  UNAUTHENTICATED: "Sign in to continue.",
  INSUFFICIENT_SCOPE: "The credentials do not grant the permission this request needs.",
  FORBIDDEN: "You do not have permission to do this.",
  IP_NOT_ALLOWED: "This API key may not be used from this IP address. Add the address to the key's IP allowlist, or call from an allowed network.",
  WIDGET_REFUSED: "The chat is not available right now.",
  NOT_FOUND: "No such resource.",
  METHOD_NOT_ALLOWED: "This method is not allowed on this resource.",
  VALIDATION_FAILED: "The request is invalid.",
  DUPLICATE_PARAMETER: "A query parameter was given more than once.",
  API_KEY_IN_QUERY:
    "API keys must not be sent in the URL. Send the key in the X-API-Key header and rotate this key: URLs end up in logs.",
  INVALID_JSON: "The request body is not valid JSON.",
  CSRF_REJECTED: "Cross-site request refused.",
  CONFLICT: "The request conflicts with the current state.",
  PAYLOAD_TOO_LARGE: "The request body is too large.",
  UNSUPPORTED_MEDIA_TYPE: "Unsupported content type.",
  RATE_LIMITED: "Too many requests. Retry after the time in the Retry-After header.",
  INTERNAL: "Something went wrong on our side. Quote the request id if you contact support.",
  SERVICE_UNAVAILABLE: "The service is temporarily unavailable.",
};

export interface ErrorDetail {
  field?: string;
  issue: string;
  /** WIDGET_REFUSED: why (domain, blocked, ip, country, outside_active_hours, bot, rate_limited, quota). */
  reason?: string;
}

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string = DEFAULT_MESSAGES[code],
    readonly options: { details?: ErrorDetail[]; retryAfterSeconds?: number; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = "AppError";
    this.status = ERROR_STATUS[code];
  }
}

export interface ErrorEnvelope {
  error: { code: ErrorCode; message: string; request_id: string; details?: ErrorDetail[] };
}

export function envelope(error: AppError, requestId: string): ErrorEnvelope {
  return {
    error: {
      code: error.code,
      message: error.message,
      request_id: requestId,
      ...(error.options.details ? { details: error.options.details } : {}),
    },
  };
}

/** Seconds a client should wait after a 503 for an unreachable database. */
export const UNAVAILABLE_RETRY_SECONDS = 5;

/**
 * Maps anything thrown to a client-safe AppError; unknown errors never leak their text. An
 * unreachable database is 503 with Retry-After (lib/core/unavailable.ts), not a 500.
 */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (isDatabaseUnavailable(error)) return new AppError("SERVICE_UNAVAILABLE", undefined, { retryAfterSeconds: UNAVAILABLE_RETRY_SECONDS });
  return new AppError("INTERNAL");
}
