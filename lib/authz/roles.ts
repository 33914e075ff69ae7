import type { Role } from "../db/generated/client";
import { PERMISSIONS, type Permission } from "./permissions";

export const ROLES = ["owner", "admin", "developer", "billing", "agent", "viewer"] as const satisfies readonly Role[];
export type { Role };

/** Role defaults (SPEC §2). Owners additionally always hold everything, whatever overrides say. */
export const ROLE_DEFAULTS: Record<Role, readonly Permission[]> = {
  owner: PERMISSIONS,
  admin: PERMISSIONS.filter((p) => p !== "billing:manage"),
  developer: ["calls:read", "test_calls:run", "config:manage", "api_keys:read", "api_keys:manage", "webhooks:manage"],
  billing: ["billing:manage"],
  agent: ["calls:read"],
  viewer: ["calls:read", "api_keys:read"],
};

export const ROLE_INFO: Record<Role, string> = {
  owner: "Everything, plus ownership transfer and workspace deletion.",
  admin: "Everything but billing.",
  developer: "Call logs, test calls, agent configuration, API keys and webhooks.",
  billing: "Billing only.",
  agent: "Masked call logs only.",
  viewer: "Read-only: call logs and the API key list.",
};

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);
