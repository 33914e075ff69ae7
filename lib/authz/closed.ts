import type { Role } from "../db/generated/client";
import type { EffectivePermissions } from "./effective";
import type { Permission } from "./permissions";

/**
 * What a cancelled workspace still allows (SPEC §10, decision 017): it is closed at once and
 * read-only, so owners can read and export until the deletion date. Every other member
 * keeps only the overview, which says what happened. `settings:manage` stays for owners
 * because it gates the exports and the Settings page, where reactivation lives; the changes
 * it would allow are refused as a whole by the entry layer's read-only rule (lib/entry/steps.ts assertWritable; every API key by
 * authenticateApiKey), so this list only keeps pages and navigation in step with that.
 */
export const READABLE_WHILE_CLOSED: readonly Permission[] = ["calls:read", "audit:read", "api_keys:read", "settings:manage"];

export function closedPermissions(permissions: EffectivePermissions, role: Role): EffectivePermissions {
  const allowed = (p: Permission) => role === "owner" && READABLE_WHILE_CLOSED.includes(p) && permissions.has(p);
  return {
    has: allowed,
    list: () => permissions.list().filter(allowed),
    explain: (p) => ({ ...permissions.explain(p), granted: allowed(p) }),
  };
}
