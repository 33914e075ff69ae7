import { chainBadge } from "@/lib/audit/chain-badge";

const time = new Intl.DateTimeFormat("en-GB", { timeStyle: "medium", timeZone: "UTC" });

const REASONS: Record<string, string> = {
  hash_mismatch: "the entry was changed after it was written",
  link_mismatch: "the entry does not link to the one before it",
  gap: "an entry is missing",
};

/** Re-verifies the workspace's chain (at most once a minute); rendered in a Suspense boundary so the table comes first. */
export async function ChainBadgeView({ workspaceId }: { workspaceId: string | null }) {
  const badge = await chainBadge(workspaceId);
  if (badge.state === "verified") {
    return (
      <span className="inline-flex items-center gap-1.5 rounded-full bg-emerald-50 px-3 py-1 text-sm font-medium text-emerald-800 ring-1 ring-emerald-600/20" data-testid="chain-badge" data-state="verified">
        <span aria-hidden>✓</span> {badge.text}
        <span className="font-normal text-emerald-700">· checked {time.format(badge.checkedAt)} UTC</span>
      </span>
    );
  }
  return (
    <span role="alert" className="inline-flex items-center gap-1.5 rounded-full bg-red-50 px-3 py-1 text-sm font-medium text-red-800 ring-1 ring-red-600/20" data-testid="chain-badge" data-state="broken">
      <span aria-hidden>✗</span> {badge.text}: {REASONS[badge.reason] ?? badge.reason}
      <span className="font-normal text-red-700">· checked {time.format(badge.checkedAt)} UTC</span>
    </span>
  );
}

export function ChainBadgePending() {
  return (
    <span className="inline-flex items-center rounded-full bg-slate-100 px-3 py-1 text-sm text-slate-600" data-testid="chain-badge" data-state="pending">
      Verifying the audit chain…
    </span>
  );
}
