import type { AuditTableRow } from "@/components/audit/audit-table";
import { changesDiff, type AuditEntry } from "@/lib/audit/entries";
import { formatDateTime } from "@/lib/format/dates";

/** Audit entries as the audit table shows them (the workspace's page and the console's). */
export function auditTableRows(entries: AuditEntry[]): AuditTableRow[] {
  return entries.map((e) => ({
    seq: e.seq,
    occurredAt: e.occurredAt.toISOString(),
    occurredLabel: formatDateTime(e.occurredAt),
    actorType: e.actorType,
    actorLabel: e.actorLabel,
    actorId: e.actorId,
    action: e.action,
    target: [e.targetType, e.targetLabel ?? e.targetId].filter(Boolean).join(": "),
    ip: e.ip,
    requestId: e.requestId,
    userAgent: e.userAgent,
    diff: changesDiff(e.changes),
  }));
}
