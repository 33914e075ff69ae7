import { formatDateTime } from "@/lib/format/dates";
import type { WorkspaceSuspension } from "@/lib/workspaces/lifecycle";

/** Shown on every page of a workspace suspended by platform staff: what it means, and why. */
export function WorkspaceSuspendedBanner({ suspension, owner }: { suspension: WorkspaceSuspension; owner: boolean }) {
  return (
    <div role="status" className="border-b border-amber-200 bg-amber-50" data-testid="workspace-suspended-banner">
      <div className="mx-auto max-w-6xl px-6 py-3 text-sm text-amber-950">
        <p>
          <strong>This workspace is suspended</strong> by the Switchboard platform team since {formatDateTime(suspension.suspendedAt)}. It is
          read-only: its API keys answer 401 and its webhook deliveries are paused.
        </p>
        <p className="mt-1 text-amber-900">
          {owner ? (
            <>
              Reason: <q data-testid="suspension-reason">{suspension.reason}</q>. You can still export its data from Settings; reply to the
              email you were sent to reach the platform team.
            </>
          ) : (
            "Its owners were emailed the reason and can contact the platform team."
          )}
        </p>
      </div>
    </div>
  );
}
