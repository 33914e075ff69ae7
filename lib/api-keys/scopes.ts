import type { Permission } from "../authz/permissions";

/**
 * Public (pk) keys are for browsers: read-only, and only these scopes. Everything else needs
 * a secret (sk) key, which must never leave a server.
 */
export const PUBLIC_KEY_SCOPES: readonly Permission[] = ["calls:read"];
