import type { WorkspaceStatus } from "@/lib/operator/workspaces";

const STYLES: Record<WorkspaceStatus, string> = {
  active: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  suspended: "bg-amber-50 text-amber-900 ring-amber-300",
  cancelled: "bg-red-50 text-red-800 ring-red-200",
};

export function WorkspaceStatusBadge({ status }: { status: WorkspaceStatus }) {
  return (
    <span data-testid="workspace-status" className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STYLES[status]}`}>
      {status}
    </span>
  );
}
