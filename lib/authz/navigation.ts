import type { Permission } from "./permissions";

/**
 * The workspace's areas and the permission each needs. The navigation shows an area only
 * when the member holds it, and the area's page checks the same permission (the UI hides
 * what the server refuses, never the reverse).
 */
export interface NavItem {
  label: string;
  path: string;
  /** The navigation's group heading; the overview stands above the groups. */
  section?: NavSection;
  permission?: Permission;
}

export const NAV_SECTIONS = ["Calls & agents", "Developers", "Team & access", "Security & audit", "Workspace"] as const;
export type NavSection = (typeof NAV_SECTIONS)[number];

export const WORKSPACE_NAV: NavItem[] = [
  { label: "Overview", path: "" },
  { label: "Calls", path: "/calls", section: "Calls & agents", permission: "calls:read" },
  { label: "Test calls", path: "/test-calls", section: "Calls & agents", permission: "test_calls:run" },
  { label: "Numbers", path: "/numbers", section: "Calls & agents", permission: "numbers:manage" },
  { label: "Agent", path: "/config", section: "Calls & agents", permission: "config:manage" },
  { label: "Knowledge", path: "/knowledge", section: "Calls & agents", permission: "knowledge:manage" },
  { label: "Billing", path: "/billing", section: "Workspace", permission: "billing:manage" },
  { label: "Team", path: "/team", section: "Team & access", permission: "team:manage" },
  { label: "Groups", path: "/groups", section: "Team & access", permission: "team:manage" },
  { label: "API keys", path: "/developers/api-keys", section: "Developers", permission: "api_keys:read" },
  { label: "Logs", path: "/developers/logs", section: "Developers", permission: "api_keys:read" },
  { label: "Webhooks", path: "/developers/webhooks", section: "Developers", permission: "webhooks:manage" },
  { label: "Events", path: "/developers/events", section: "Developers", permission: "webhooks:manage" },
  { label: "API docs", path: "/developers/docs", section: "Developers", permission: "api_keys:read" },
  { label: "Audit log", path: "/audit", section: "Security & audit", permission: "audit:read" },
  { label: "Security", path: "/security", section: "Security & audit", permission: "audit:read" },
  { label: "Evidence streams", path: "/security/streams", section: "Security & audit", permission: "audit:read" },
  { label: "Settings", path: "/settings", section: "Workspace", permission: "settings:manage" },
];

export function visibleNav(can: (p: Permission) => boolean): NavItem[] {
  return WORKSPACE_NAV.filter((item) => !item.permission || can(item.permission));
}
