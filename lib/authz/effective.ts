import type { Role } from "../db/generated/client";
import { PERMISSIONS, type Permission } from "./permissions";
import { ROLE_DEFAULTS } from "./roles";

export interface Override {
  permission: Permission;
  granted: boolean;
}

export interface GroupOverrides {
  groupId: string;
  groupName?: string;
  overrides: Override[];
}

export type Source =
  | { kind: "owner" }
  | { kind: "role"; role: Role }
  | { kind: "group"; groupIds: string[]; groupNames: string[] }
  | { kind: "user" }
  | { kind: "role_limit"; role: Role };

export interface Resolution {
  granted: boolean;
  source: Source;
}

export interface EffectivePermissions {
  has(permission: Permission): boolean;
  list(): Permission[];
  explain(permission: Permission): Resolution;
}

/**
 * What a role can never hold, whatever its groups or own overrides grant (SPEC §5: agents
 * always see masked numbers). Decided here, so the matrix shows what the server honours.
 */
export const ROLE_LIMITS: Partial<Record<Role, readonly Permission[]>> = { agent: ["calls:read_unmasked"] };

/**
 * Effective permissions (SPEC §2): role defaults, then group overrides (a deny in any group
 * beats a grant in another), then the member's own overrides. Owners always have
 * everything; ROLE_LIMITS caps the rest. Pure: the same function decides for the server and
 * explains for the UI.
 */
export function resolvePermissions(input: { role: Role; groups: GroupOverrides[]; user: Override[] }): EffectivePermissions {
  const resolution = new Map<Permission, Resolution>();
  for (const permission of PERMISSIONS) {
    resolution.set(permission, resolveOne(permission, input));
  }
  return {
    has: (p) => resolution.get(p)?.granted === true,
    list: () => PERMISSIONS.filter((p) => resolution.get(p)!.granted),
    explain: (p) => resolution.get(p)!,
  };
}

function resolveOne(permission: Permission, input: { role: Role; groups: GroupOverrides[]; user: Override[] }): Resolution {
  if (input.role === "owner") return { granted: true, source: { kind: "owner" } };
  let result: Resolution = { granted: ROLE_DEFAULTS[input.role].includes(permission), source: { kind: "role", role: input.role } };
  const denying = input.groups.filter((g) => g.overrides.some((o) => o.permission === permission && !o.granted));
  const granting = input.groups.filter((g) => g.overrides.some((o) => o.permission === permission && o.granted));
  const deciding = denying.length > 0 ? denying : granting;
  if (deciding.length > 0) {
    result = {
      granted: denying.length === 0,
      source: { kind: "group", groupIds: deciding.map((g) => g.groupId), groupNames: deciding.map((g) => g.groupName ?? g.groupId) },
    };
  }
  const own = input.user.find((o) => o.permission === permission);
  if (own) result = { granted: own.granted, source: { kind: "user" } };
  if (result.granted && ROLE_LIMITS[input.role]?.includes(permission)) result = { granted: false, source: { kind: "role_limit", role: input.role } };
  return result;
}
