import { revokeOtherSessionsAction, revokeSessionAction } from "@/app/account/actions";
import { ActionButtonForm } from "@/components/action-button-form";
import { describeDevice } from "@/lib/auth/device";
import { formatDateTime, formatRelative } from "@/lib/format/dates";

interface Row {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  ip: string | null;
  userAgent: string | null;
}

export function SessionsTable({ sessions, currentId }: { sessions: Row[]; currentId: string }) {
  const others = sessions.filter((s) => s.id !== currentId).length;
  return (
    <div>
      <div className="relative overflow-x-auto" tabIndex={0}>
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Active sessions</caption>
        <thead className="text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="py-2 pr-4 font-medium">Device</th>
            <th scope="col" className="py-2 pr-4 font-medium">IP address</th>
            <th scope="col" className="py-2 pr-4 font-medium">Signed in</th>
            <th scope="col" className="py-2 pr-4 font-medium">Last active</th>
            <th scope="col" className="py-2 font-medium"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {sessions.map((s) => (
            <tr key={s.id} data-testid="session-row">
              <td className="py-3 pr-4">
                <span className="font-medium text-slate-900">{describeDevice(s.userAgent)}</span>
                {s.id === currentId ? (
                  <span className="ml-2 rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-700">This device</span>
                ) : null}
              </td>
              <td className="py-3 pr-4 font-mono text-xs text-slate-700">{s.ip ?? "—"}</td>
              <td className="py-3 pr-4 text-slate-700" title={formatDateTime(s.createdAt)}>{formatRelative(s.createdAt)}</td>
              <td className="py-3 pr-4 text-slate-700" title={formatDateTime(s.lastSeenAt)}>{formatRelative(s.lastSeenAt)}</td>
              <td className="py-3 text-right">
                {s.id !== currentId ? (
                  <ActionButtonForm
                    action={revokeSessionAction}
                    hidden={{ sessionId: s.id }}
                    label="Revoke"
                    confirm={{
                      title: `Sign out ${describeDevice(s.userAgent)}?`,
                      description: <p>That session ends on its next request: whoever uses it is signed out and must sign in again with the password.</p>,
                      confirmLabel: "Revoke session",
                    }}
                  />
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      {others > 0 ? (
        <div className="mt-4">
          <ActionButtonForm
            action={revokeOtherSessionsAction}
            label={`Sign out of all other sessions (${others})`}
            variant="danger"
            confirm={{
              title: `Sign out of ${others} other session${others === 1 ? "" : "s"}?`,
              description: <p>Every device but this one is signed out on its next request. This one stays signed in.</p>,
              confirmLabel: "Sign out other sessions",
            }}
          />
        </div>
      ) : null}
    </div>
  );
}
