import type { Principal } from "../authz/principal";

/**
 * Full caller numbers (SPEC §5): only when the workspace has masking off, only with
 * `calls:read_unmasked`. Agents never hold it, whatever their overrides say (ROLE_LIMITS in
 * lib/authz/effective.ts), and their keys lose it with them (lib/api-keys/creator-access.ts).
 */
export function seesFullNumbers(principal: Pick<Principal, "workspace" | "can">): boolean {
  return !principal.workspace.callerMasking && principal.can("calls:read_unmasked");
}
