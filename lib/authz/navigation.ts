import type { Permission } from "./permissions";

/**
 * The workspace's areas and the permission each needs. The navigation shows an area only
 * when the member holds it, and the area's page checks the same permission (the UI hides
 * what the server refuses, never the reverse).
 */
export interface NavItem {
  label: string;
  path: string;
  permission?: Permission;
}

export const WORKSPACE_NAV: NavItem[] = [
  { label: "Overview", path: "" },
  { label: "Calls", path: "/calls", permission: "calls:read" },
  { label: "Test calls", path: "/test-calls", permission: "test_calls:run" },
  { label: "Numbers", path: "/numbers", permission: "numbers:manage" },
  { label: "Agent", path: "/config", permission: "config:manage" },
  { label: "Knowledge", path: "/knowledge", permission: "knowledge:manage" },
  { label: "Billing", path: "/billing", permission: "billing:manage" },
  { label: "Team", path: "/team", permission: "team:manage" },
  { label: "Groups", path: "/groups", permission: "team:manage" },
  { label: "API keys", path: "/developers/api-keys", permission: "api_keys:read" },
  { label: "Webhooks", path: "/developers/webhooks", permission: "webhooks:manage" },
  { label: "API docs", path: "/developers/docs", permission: "api_keys:read" },
  { label: "Audit log", path: "/audit", permission: "audit:read" },
  { label: "Security", path: "/security", permission: "audit:read" },
  { label: "Settings", path: "/settings", permission: "settings:manage" },
];

export function visibleNav(can: (p: Permission) => boolean): NavItem[] {
  return WORKSPACE_NAV.filter((item) => !item.permission || can(item.permission));
}
