import { revokeMemberSessionAction } from "@/app/(dashboard)/[workspace]/security/actions";
import { ActionButtonForm } from "@/components/action-button-form";
import { describeDevice } from "@/lib/auth/device";
import { formatDateTime, formatRelative } from "@/lib/format/dates";
import type { MemberSessionRow } from "@/lib/security-page/sessions";

/** The members' active sessions, each revocable (the action asks for a recent password). */
export function MemberSessionsTable({
  slug,
  sessions,
  currentSessionId,
}: {
  slug: string;
  sessions: MemberSessionRow[];
  currentSessionId: string | null;
}) {
  if (sessions.length === 0) return <p className="py-6 text-center text-sm text-slate-600">No active sessions.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Active sessions of this workspace&apos;s members</caption>
        <thead className="text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="py-2 pr-4 font-medium">User</th>
            <th scope="col" className="py-2 pr-4 font-medium">Device</th>
            <th scope="col" className="py-2 pr-4 font-medium">IP address</th>
            <th scope="col" className="py-2 pr-4 font-medium">Last active</th>
            <th scope="col" className="py-2 pr-4 font-medium">Signed in</th>
            <th scope="col" className="py-2 font-medium"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {sessions.map((s) => (
            <tr key={s.id} data-testid="member-session-row" className="align-top">
              <td className="py-3 pr-4">
                <span className="font-medium text-slate-900">{s.email}</span>
                <span className="ml-2 text-xs text-slate-500">{s.role}</span>
              </td>
              <td className="py-3 pr-4 text-slate-700">
                {describeDevice(s.userAgent)}
                {s.id === currentSessionId ? (
                  <span className="ml-2 rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-700">This session</span>
                ) : null}
              </td>
              <td className="py-3 pr-4 font-mono text-xs text-slate-700">{s.ip ?? "—"}</td>
              <td className="py-3 pr-4 text-slate-700" title={formatDateTime(s.lastSeenAt)}>{formatRelative(s.lastSeenAt)}</td>
              <td className="py-3 pr-4 text-slate-700" title={formatDateTime(s.createdAt)}>{formatRelative(s.createdAt)}</td>
              <td className="py-3 text-right">
                {s.id !== currentSessionId ? <ActionButtonForm action={revokeMemberSessionAction.bind(null, slug, s.id)} label="Revoke" variant="danger" /> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
