import type { Principal } from "../authz/principal";

/**
 * Full caller numbers (SPEC §5): only when the workspace has masking off, only with
 * `calls:read_unmasked`, and never for agents, whatever their overrides say. Keys cannot
 * carry the scope when their creator is an agent (lib/api-keys/keys.ts).
 */
export function seesFullNumbers(principal: Pick<Principal, "workspace" | "role" | "can">): boolean {
  return !principal.workspace.callerMasking && principal.role !== "agent" && principal.can("calls:read_unmasked");
}
