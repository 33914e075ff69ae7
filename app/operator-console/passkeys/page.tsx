import type { Metadata } from "next";
import { AddStaffPasskeyForm, RemoveStaffPasskeyForm } from "@/components/operator/staff-passkeys";
import { config } from "@/lib/config";
import { staffPage } from "@/lib/entry/staff";
import { formatDateTime } from "@/lib/format/dates";
import { listStaffPasskeys } from "@/lib/operator/staff-passkeys";

export const metadata: Metadata = { title: "Passkeys" };

/** The signed-in staff member's passkeys: list, add, remove (each audited in the platform chain). */
export default async function ConsolePasskeysPage() {
  const ctx = await staffPage();
  const passkeys = await listStaffPasskeys(ctx);
  const required = config().OPERATOR_REQUIRE_PASSKEY;
  return (
    <div className="max-w-3xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Passkeys</h1>
        <p className="mt-1 text-sm text-slate-600">
          {required
            ? "This console requires a passkey to sign in (OPERATOR_REQUIRE_PASSKEY): keep at least one."
            : "A passkey cannot be relayed by a phishing site. Once every operator has one, the console can require it (OPERATOR_REQUIRE_PASSKEY=true)."}
        </p>
      </div>
      <section aria-labelledby="staff-passkeys-heading" className="rounded-xl border border-slate-200 bg-surface p-5">
        <h2 id="staff-passkeys-heading" className="text-base font-semibold text-slate-900">Your passkeys</h2>
        {passkeys.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">None yet.</p>
        ) : (
          <ul className="mt-2 divide-y divide-slate-100">
            {passkeys.map((p) => (
              <li key={p.id} className="flex flex-col gap-2 py-3 sm:flex-row sm:items-start sm:justify-between" data-testid="staff-passkey-row">
                <div className="min-w-0">
                  <p className="font-medium break-words text-slate-900">{p.name}</p>
                  <p className="text-xs text-slate-600">
                    {p.synced ? "Synced" : "This device only"} · added {formatDateTime(p.createdAt)} · {p.lastUsedAt ? `last used ${formatDateTime(p.lastUsedAt)}` : "never used"}
                  </p>
                </div>
                <RemoveStaffPasskeyForm id={p.id} name={p.name} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="add-staff-passkey-heading" className="rounded-xl border border-slate-200 bg-surface p-5">
        <h2 id="add-staff-passkey-heading" className="mb-3 text-base font-semibold text-slate-900">Add a passkey</h2>
        <AddStaffPasskeyForm />
      </section>
    </div>
  );
}
