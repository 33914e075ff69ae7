import { AddPasskeyForm } from "@/components/account/add-passkey-form";
import { PasskeyControls } from "@/components/account/passkey-controls";
import { listPasskeys, passkeyRemovalRefusal, type PasskeySummary } from "@/lib/auth/mfa/passkeys";
import { formatDateTime, formatRelative } from "@/lib/format/dates";

function When({ date }: { date: Date }) {
  return <time dateTime={date.toISOString()} title={formatDateTime(date)}>{formatRelative(date)}</time>;
}

function PasskeyFacts({ passkey }: { passkey: PasskeySummary }) {
  return (
    <div className="min-w-0">
      <p className="font-medium break-words text-slate-900">{passkey.name}</p>
      <p className="mt-1 text-xs text-slate-600">
        <span className="rounded-full bg-slate-100 px-2 py-0.5 font-medium text-slate-700">{passkey.synced ? "Synced" : "This device only"}</span>{" "}
        Added <When date={passkey.createdAt} /> · {passkey.lastUsedAt ? <>Last used <When date={passkey.lastUsedAt} /></> : "Never used"}
      </p>
    </div>
  );
}

/**
 * The account page's passkeys (the two-factor card's `passkeys` slot): each with its name, when it was added and last used, and
 * whether it is synced across devices or bound to one; add, rename, remove. Removing the
 * last second factor a workspace requires is refused, and the reason is shown beforehand.
 */
export async function PasskeysSection({ userId }: { userId: string }) {
  const [passkeys, removalRefusal] = await Promise.all([listPasskeys(userId), passkeyRemovalRefusal(userId)]);
  return (
    <section aria-labelledby="passkeys-heading" className="space-y-3">
      <h3 id="passkeys-heading" className="text-sm font-semibold text-slate-900">
        Passkeys
      </h3>
      {passkeys.length === 0 ? (
        <p className="text-sm text-slate-600">No passkey yet. A passkey signs you in with your device&apos;s PIN, fingerprint or face, and cannot be phished.</p>
      ) : (
        <ul className="divide-y divide-slate-100" aria-label="Your passkeys">
          {passkeys.map((p) => (
            <li key={p.id} className="flex flex-col gap-3 py-3 sm:flex-row sm:items-start sm:justify-between" data-testid="passkey-row">
              <PasskeyFacts passkey={p} />
              <PasskeyControls id={p.id} name={p.name} removalRefusal={removalRefusal} />
            </li>
          ))}
        </ul>
      )}
      <AddPasskeyForm />
    </section>
  );
}
