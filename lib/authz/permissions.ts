/** The permission catalogue (SPEC §2). Each is a toggle in the UI. */
export const PERMISSIONS = [
  "calls:read",
  "calls:read_unmasked",
  "numbers:manage",
  "knowledge:manage",
  "config:manage",
  "billing:manage",
  "test_calls:run",
  "team:manage",
  "api_keys:read",
  "api_keys:manage",
  "webhooks:manage",
  "audit:read",
  "settings:manage",
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export const isPermission = (value: string): value is Permission => (PERMISSIONS as readonly string[]).includes(value);

export const PERMISSION_INFO: Record<Permission, { label: string; description: string }> = {
  "calls:read": { label: "Read call logs", description: "Call logs with caller numbers masked." },
  "calls:read_unmasked": { label: "See full caller numbers", description: "Only when the workspace turns masking off." },
  "numbers:manage": { label: "Manage phone numbers", description: "Add, label and assign phone numbers." },
  "knowledge:manage": { label: "Manage knowledge base", description: "Upload and import documents." },
  "config:manage": { label: "Configure the agent", description: "Greeting, voice, hours and escalation." },
  "billing:manage": { label: "Manage billing", description: "Credit balance and top-ups." },
  "test_calls:run": { label: "Run test calls", description: "Simulated calls in test mode." },
  "team:manage": { label: "Manage the team", description: "Invite, remove, roles, groups and permissions." },
  "api_keys:read": { label: "View API keys", description: "See the list of keys (never the secrets)." },
  "api_keys:manage": { label: "Manage API keys", description: "Create, rename and revoke keys." },
  "webhooks:manage": { label: "Manage webhooks", description: "Endpoints, secrets and deliveries." },
  "audit:read": { label: "Read the audit log", description: "Audit log and security events." },
  "settings:manage": { label: "Manage settings", description: "Masking, CORS, retention, sessions and bulk exports of call logs." },
};
