import Link from "next/link";
import { formatDateTime } from "@/lib/format/dates";
import type { WorkspaceClosure } from "@/lib/workspaces/lifecycle";

/** Shown on every page of a cancelled workspace: what happened, when it is deleted, what to do. */
export function WorkspaceClosedBanner({ slug, closure, owner }: { slug: string; closure: WorkspaceClosure; owner: boolean }) {
  return (
    <div role="status" className="border-b border-red-200 bg-red-50" data-testid="workspace-closed-banner">
      <div className="mx-auto max-w-6xl px-6 py-3 text-sm text-red-900">
        <p>
          <strong>This workspace was cancelled</strong> on {formatDateTime(closure.cancelledAt)} and is read-only. Its recordings,
          transcripts and all other data will be deleted on <strong data-testid="deletion-date">{formatDateTime(closure.deletionDueAt)}</strong>.
        </p>
        <p className="mt-1 text-red-800">
          {owner ? (
            <>
              Until then you can export its data or reactivate it from{" "}
              <Link href={`/${slug}/settings`} className="font-medium underline">
                Settings
              </Link>
              .
            </>
          ) : (
            "Until then an owner can export its data or reactivate it."
          )}
        </p>
      </div>
    </div>
  );
}
