import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ReactivateCancelledForm, SuspendWorkspaceForm, UnsuspendWorkspaceForm } from "@/components/operator/console-forms";
import { WorkspaceStatusBadge } from "@/components/operator/workspace-status";
import { auditTableRows } from "@/components/audit/audit-rows";
import { AuditTable } from "@/components/audit/audit-table";
import { SecurityEventsTable } from "@/components/security/events-table";
import { Card } from "@/components/ui/card";
import { staffPage } from "@/lib/entry/staff";
import { formatDateTime } from "@/lib/format/dates";
import { workspaceActivity } from "@/lib/operator/activity";
import { consolePath } from "@/lib/operator/paths";
import { findWorkspace } from "@/lib/operator/workspaces";

export const metadata: Metadata = { title: "Workspace" };

type Params = Promise<{ id: string }>;

export default async function ConsoleWorkspacePage({ params }: { params: Params }) {
  const ctx = await staffPage();
  const { id } = await params;
  const workspace = await findWorkspace(ctx, id);
  if (!workspace) notFound();
  const { recentEvents, staffActions } = await workspaceActivity(ctx, workspace.id);
  const facts: [string, React.ReactNode][] = [
    ["Slug", <span key="slug" className="font-mono">{workspace.slug}</span>],
    ["Created", formatDateTime(workspace.createdAt)],
    ["Members", workspace.members],
    ["Active API keys", workspace.activeKeys],
    ["Last member activity", workspace.lastActiveAt ? formatDateTime(workspace.lastActiveAt) : "—"],
  ];
  return (
    <div className="space-y-6">
      <div>
        <Link href={consolePath()} className="text-sm text-brand-700 hover:underline">← Workspaces</Link>
        <div className="mt-2 flex items-center gap-3">
          <h1 className="text-2xl font-semibold tracking-tight">{workspace.name}</h1>
          <WorkspaceStatusBadge status={workspace.status} />
        </div>
      </div>
      <Card title="Overview">
        <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
          {facts.map(([label, value]) => (
            <div key={label}>
              <dt className="text-slate-500">{label}</dt>
              <dd className="text-slate-900">{value}</dd>
            </div>
          ))}
        </dl>
      </Card>
      {workspace.suspendedAt ? (
        <Card title="Suspended" description={`Since ${formatDateTime(workspace.suspendedAt)}. Members have read-only access, API keys answer 401 and webhook deliveries wait.`}>
          <div className="space-y-3">
            <p className="text-sm text-slate-800" data-testid="console-suspension-reason">Reason: {workspace.suspendedReason}</p>
            <UnsuspendWorkspaceForm workspaceId={workspace.id} />
          </div>
        </Card>
      ) : (
        <Card title="Suspend" description="Makes the workspace read-only at once: its API keys answer 401, its webhooks pause and no member can change anything. Owners can still export. Lift it here at any time.">
          <SuspendWorkspaceForm workspaceId={workspace.id} slug={workspace.slug} />
        </Card>
      )}
      {workspace.cancelledAt && workspace.deletionDueAt ? (
        <Card
          title="Cancelled"
          description={`Its owner cancelled it on ${formatDateTime(workspace.cancelledAt)}; everything it holds is deleted on ${formatDateTime(workspace.deletionDueAt)}. Reactivate it only at its owners' request.`}
        >
          <ReactivateCancelledForm workspaceId={workspace.id} />
        </Card>
      ) : null}
      <Card title="Staff actions" description="The platform team's actions on this workspace, from its own audit log (its owners see them too).">
        {staffActions.length === 0 ? (
          <p className="py-4 text-center text-sm text-slate-600">No staff action yet.</p>
        ) : (
          <AuditTable rows={auditTableRows(staffActions)} />
        )}
      </Card>
      <Card title="Recent security events" description="The 20 newest for this workspace.">
        <SecurityEventsTable events={recentEvents} />
      </Card>
    </div>
  );
}
