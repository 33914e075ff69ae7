import { ApiError } from "../api/errors";
import type { Permission } from "./permissions";

/** The caller lacks a permission. Recorded as a security event where it is thrown. */
export class ForbiddenError extends ApiError {
  constructor(readonly permission: Permission | "owner", message?: string) {
    super("FORBIDDEN", message ?? "You do not have permission to do this.");
  }
}
