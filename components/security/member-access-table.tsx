import { endMemberAccessAction } from "@/app/(dashboard)/[workspace]/security/actions";
import { ActionButtonForm } from "@/components/action-button-form";
import { formatDateTime, formatRelative } from "@/lib/format/dates";
import type { MemberAccessRow } from "@/lib/security-page/member-access";

/** Members' recent access to this workspace, each endable (the action asks for a recent password). */
export function MemberAccessTable({ slug, rows, currentMembershipId }: { slug: string; rows: MemberAccessRow[]; currentMembershipId: string }) {
  if (rows.length === 0) return <p className="py-6 text-center text-sm text-slate-600">No member has used this workspace yet.</p>;
  return (
    <div className="relative overflow-x-auto" tabIndex={0}>
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Members&apos; access to this workspace</caption>
        <thead className="text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="py-2 pr-4 font-medium">Member</th>
            <th scope="col" className="py-2 pr-4 font-medium">Last active here</th>
            <th scope="col" className="py-2 pr-4 font-medium">Access last ended</th>
            <th scope="col" className="py-2 font-medium"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((r) => (
            <tr key={r.membershipId} data-testid="member-access-row" className="align-top">
              <td className="py-3 pr-4">
                <span className="font-medium text-slate-900">{r.email}</span>
                <span className="ml-2 text-xs text-slate-500">{r.role}</span>
              </td>
              <td className="py-3 pr-4 text-slate-700" title={r.lastActiveAt ? formatDateTime(r.lastActiveAt) : undefined}>
                {r.lastActiveAt ? formatRelative(r.lastActiveAt) : "—"}
              </td>
              <td className="py-3 pr-4 text-slate-700">{r.accessEndedAt ? formatDateTime(r.accessEndedAt) : "—"}</td>
              <td className="py-3 text-right">
                {r.membershipId !== currentMembershipId ? (
                  <ActionButtonForm action={endMemberAccessAction.bind(null, slug, r.membershipId)} label="End access" variant="danger" />
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
