import { AppError, type ErrorDetail } from "../core/errors";
import type { Permission } from "./permissions";

/** The caller lacks a permission. Recorded as a security event where it is thrown. */
export class ForbiddenError extends AppError {
  constructor(readonly permission: Permission | "owner", message?: string, details?: ErrorDetail[]) {
    super("FORBIDDEN", message ?? "You do not have permission to do this.", { details });
  }
}
