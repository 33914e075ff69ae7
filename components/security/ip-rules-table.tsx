import { removeIpRuleAction } from "@/app/(dashboard)/[workspace]/security/ip-rule-actions";
import { ActionButtonForm } from "@/components/action-button-form";
import { DateTime } from "@/components/ui/date-time";
import { TableHead } from "@/components/ui/table-head";

export interface IpRuleRow {
  id: string;
  kind: string;
  cidr: string;
  note: string;
  source: string;
  expiresAt: string | null;
  createdAt: string;
  createdBy: string;
}

const COLUMNS = [{ label: "Range" }, { label: "Kind" }, { label: "Note" }, { label: "Source" }, { label: "Expires" }, { label: "Added" }, { label: "Actions", hidden: true }];

/**
 * The workspace's persistent IP block and allow entries (SPEC §14): an allow entry wins over
 * any block; automatic blocks come from repeated refusals and expire after 24 hours.
 */
export function IpRulesTable({ slug, rows, canManage }: { slug: string; rows: IpRuleRow[]; canManage: boolean }) {
  if (rows.length === 0) {
    return (
      <p className="py-6 text-center text-sm text-slate-600" data-testid="ip-rules-empty">
        No blocked or allowed ranges. Addresses that keep getting refused by the widget are blocked here automatically for 24 hours.
      </p>
    );
  }
  return (
    <div className="relative overflow-x-auto" tabIndex={0} role="region" aria-label="IP block and allow list">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Blocked and allowed IP ranges</caption>
        <TableHead columns={canManage ? COLUMNS : COLUMNS.slice(0, -1)} />
        <tbody className="divide-y divide-slate-100">
          {rows.map((r) => (
            <tr key={r.id} data-testid="ip-rule-row" className="align-top">
              <td className="py-3 pr-4 font-mono text-slate-900">{r.cidr}</td>
              <td className="py-3 pr-4">
                <span className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${r.kind === "block" ? "bg-red-50 text-red-800 ring-red-200" : "bg-emerald-50 text-emerald-800 ring-emerald-200"}`}>
                  {r.kind === "block" ? "Blocked" : "Allowed"}
                </span>
              </td>
              <td className="max-w-[16rem] py-3 pr-4 break-words text-slate-700">{r.note || "—"}</td>
              <td className="py-3 pr-4 text-slate-700">{r.source === "automatic" ? "Automatic" : `Manual · ${r.createdBy}`}</td>
              <td className="py-3 pr-4 text-slate-700">{r.expiresAt ? <DateTime iso={r.expiresAt} /> : "Never"}</td>
              <td className="py-3 pr-4 text-slate-700"><DateTime iso={r.createdAt} /></td>
              {canManage ? (
                <td className="py-3 text-right">
                  <ActionButtonForm
                    action={removeIpRuleAction.bind(null, slug, r.id)}
                    label="Remove"
                    variant="danger"
                    confirm={{
                      title: `Remove ${r.cidr} from the ${r.kind === "block" ? "blocklist" : "allowlist"}?`,
                      description: r.kind === "block" ? "Visitors from this range can use the web widget again, unless other rules refuse them." : "This range loses its exemption: blocks and automatic blocking apply to it again.",
                      confirmLabel: "Remove",
                    }}
                  />
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
