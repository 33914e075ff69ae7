import type { Metadata } from "next";
import { ClearLockoutByEmailForm, ClearLockoutRowForm } from "@/components/operator/console-forms";
import { Card } from "@/components/ui/card";
import { TableHead } from "@/components/ui/table-head";
import { staffPage } from "@/lib/entry/staff";
import { formatDateTime } from "@/lib/format/dates";
import { listLockouts } from "@/lib/operator/lockouts";

export const metadata: Metadata = { title: "Lockouts" };

/** Sign-in lockouts in force (SPEC §1), cleared by address or by row (SPEC §11). */
export default async function ConsoleLockoutsPage() {
  const ctx = await staffPage();
  const lockouts = await listLockouts(ctx);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Lockouts</h1>
        <p className="mt-1 text-sm text-slate-600">
          Five failed sign-ins within 15 minutes lock an address for 15 minutes. Addresses are stored only as hashes; type a member&apos;s
          address to clear theirs. Clearing is audited.
        </p>
      </div>
      <Card title="Clear a member's lockout">
        <ClearLockoutByEmailForm />
      </Card>
      <Card title="In force now" description={`${lockouts.length} locked address${lockouts.length === 1 ? "" : "es"}.`}>
        {lockouts.length === 0 ? (
          <p className="py-4 text-center text-sm text-slate-600">No address is locked.</p>
        ) : (
          <div className="relative overflow-x-auto" tabIndex={0}>
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Locked addresses</caption>
            <TableHead columns={[{ label: "Address hash" }, { label: "Locked until" }, { label: "Actions", hidden: true }]} />
            <tbody className="divide-y divide-slate-100">
              {lockouts.map((l) => (
                <tr key={l.emailHash} data-testid="lockout-row">
                  <td className="py-3 pr-4 font-mono text-xs text-slate-700" title={l.emailHash}>{l.emailHash.slice(0, 16)}…</td>
                  <td className="py-3 pr-4 text-slate-700">{formatDateTime(l.lockedUntil)}</td>
                  <td className="py-3 text-right"><ClearLockoutRowForm emailHash={l.emailHash} /></td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        )}
      </Card>
    </div>
  );
}
