import "server-only";
import { listAuditPage, type AuditEntry } from "../audit/entries";
import { listSecurityEvents, type SecurityEventQuery, type SecurityEventRow } from "../security-page/events";
import type { StaffReader } from "./context";

/**
 * What the console shows of the audit logs and security events (SPEC §11), read in the
 * platform scope: the dashboard's own queries (lib/audit, lib/security-page), given the
 * staff context's data layer instead of a member's, and no workspace to narrow them to
 * where the console looks across every one.
 */

/** The platform's own chain (workspace null), newest first. */
export function platformAuditPage(ctx: StaffReader, cursor?: string): Promise<{ entries: AuditEntry[]; nextCursor: string | null }> {
  return listAuditPage(ctx.data, null, {}, { cursor });
}

/** Security events of every workspace and of the platform itself, newest first. */
export function securityEventsAcrossWorkspaces(
  ctx: StaffReader,
  query: SecurityEventQuery,
  cursor?: string,
): Promise<{ events: SecurityEventRow[]; nextCursor: string | null }> {
  return listSecurityEvents(ctx.data, null, query, { cursor });
}

export interface WorkspaceActivity {
  /** The workspace's 20 newest security events. */
  recentEvents: SecurityEventRow[];
  /** The 20 newest staff actions in the workspace's chain (its owners see them too). */
  staffActions: AuditEntry[];
}

/** One workspace's page in the console: its events and the platform team's actions on it, nothing of its contents. */
export async function workspaceActivity(ctx: StaffReader, workspaceId: string): Promise<WorkspaceActivity> {
  const [recent, staffActions] = await Promise.all([
    listSecurityEvents(ctx.data, workspaceId, {}, { limit: 20 }),
    listAuditPage(ctx.data, workspaceId, { actorType: "staff" }, { limit: 20 }),
  ]);
  return { recentEvents: recent.events, staffActions: staffActions.entries };
}
