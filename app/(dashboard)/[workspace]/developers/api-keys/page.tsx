import type { Metadata } from "next";
import { revokeKeyAction } from "./actions";
import { ActionButtonForm } from "@/components/action-button-form";
import { AllowlistCell } from "@/components/api-keys/allowlist-form";
import { CreateKeyForm } from "@/components/api-keys/create-key-form";
import { RenameKeyForm } from "@/components/api-keys/key-row-actions";
import { KeyUsageSummary } from "@/components/api-keys/key-usage";
import { PostureBadges } from "@/components/api-keys/posture-badges";
import { RollKeyDialog } from "@/components/api-keys/roll-key-dialog";
import { StepUpBanner } from "@/components/step-up-banner";
import { Card } from "@/components/ui/card";
import { displayKey } from "@/lib/api-keys/format";
import { listApiKeys } from "@/lib/api-keys/keys";
import { keyLifetimeLimit, keyLifetimeRule, lifetimeOptions, rollLifetimeOptions } from "@/lib/api-keys/lifetime";
import { keyPosture } from "@/lib/api-keys/posture";
import { keyUsage, usagePostureFlags } from "@/lib/request-logs/usage";
import { ROLL_OVERLAP_LABELS, ROLL_OVERLAPS } from "@/lib/api-keys/roll";
import { PUBLIC_KEY_SCOPES } from "@/lib/api-keys/scopes";
import { currentSession, currentStepUpSecondsLeft } from "@/lib/auth/current";
import { memberPage } from "@/lib/entry/page";
import { PERMISSION_INFO, PERMISSIONS } from "@/lib/authz/permissions";
import { formatDateTime, formatRelative } from "@/lib/format/dates";

export const metadata: Metadata = { title: "API keys" };

type Params = Promise<{ workspace: string }>;

function status(k: { revokedAt: Date | null; expiresAt: Date | null }, now: Date) {
  if (k.revokedAt) return { label: "Revoked", tone: "bg-red-50 text-red-700" };
  if (k.expiresAt && k.expiresAt <= now) return { label: "Expired", tone: "bg-amber-50 text-amber-800" };
  return { label: "Active", tone: "bg-emerald-50 text-emerald-800" };
}

/** On the new key's row: when the key it replaced stops working (", old key expires in 23 hours"). */
function rolledFromEnd(keys: { id: string; expiresAt: Date | null; revokedAt: Date | null }[], oldId: string, now: Date) {
  const old = keys.find((k) => k.id === oldId);
  if (!old || old.revokedAt || !old.expiresAt) return null;
  return old.expiresAt > now ? <>, which expires {formatRelative(old.expiresAt, now)}</> : <>, which has expired</>;
}

export default async function ApiKeysPage({ params }: { params: Params }) {
  const { workspace: slug } = await params;
  const ctx = await memberPage(slug, "api_keys:read");
  const canManage = ctx.can("api_keys:manage");
  const [keys, stepUpLeft, maxLifetimeDays] = await Promise.all([
    listApiKeys(ctx),
    canManage ? currentStepUpSecondsLeft((await currentSession())!) : 0,
    keyLifetimeLimit(ctx),
  ]);
  const now = new Date();
  // What each key really did (30 days of request logs), for its usage and the posture flags that need it.
  const usage = await keyUsage(ctx.data, ctx.workspace.id, keys.filter((k) => !k.revokedAt).map((k) => k.id), now);
  const overlaps = Object.keys(ROLL_OVERLAPS).map((value) => ({ value, label: ROLL_OVERLAP_LABELS[value as keyof typeof ROLL_OVERLAPS] }));
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">API keys</h1>
        <p className="mt-1 text-sm text-slate-600">
          Send a key in the <code className="font-mono">X-API-Key</code> header. Keys are shown once; we keep only a hash.
          Test keys see test data only, live keys live data only.
        </p>
      </div>
      {canManage ? (
        <>
          <StepUpBanner secondsLeft={stepUpLeft} what="create, roll and revoke keys" />
          <Card title="Create a key">
            <CreateKeyForm
              slug={slug}
              publicScopes={[...PUBLIC_KEY_SCOPES]}
              lifetimes={lifetimeOptions(maxLifetimeDays)}
              maxLifetimeDays={maxLifetimeDays}
              scopes={PERMISSIONS.map((p) => ({ value: p, label: PERMISSION_INFO[p].label, held: ctx.can(p) }))}
            />
          </Card>
        </>
      ) : (
        <p className="text-sm text-slate-600" data-testid="read-only-notice">You can see the keys of this workspace but not create or revoke them.</p>
      )}
      <Card title={`Keys (${keys.length})`}>
        <div className="relative overflow-x-auto" tabIndex={0}>
          <table className="w-full text-left text-sm">
            <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="py-2 pr-4 font-medium">Name</th>
                <th scope="col" className="py-2 pr-4 font-medium">Key</th>
                <th scope="col" className="py-2 pr-4 font-medium">Scopes</th>
                <th scope="col" className="py-2 pr-4 font-medium">IP allowlist</th>
                <th scope="col" className="py-2 pr-4 font-medium">Created</th>
                <th scope="col" className="py-2 pr-4 font-medium">Use (30 days)</th>
                <th scope="col" className="py-2 pr-4 font-medium">Status</th>
                <th scope="col" className="py-2 font-medium"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {keys.map((k) => {
                const s = status(k, now);
                const active = s.label === "Active";
                return (
                  <tr key={k.id} data-testid="key-row" className="align-top">
                    <td className="py-3 pr-4">
                      {canManage && active ? <RenameKeyForm slug={slug} keyId={k.id} name={k.name} /> : <span className="font-medium">{k.name}</span>}
                      <PostureBadges flags={[...keyPosture({ ...k, maxLifetimeDays }, now), ...(k.revokedAt ? [] : usagePostureFlags(k.scopes, usage.get(k.id)))]} />
                    </td>
                    <td className="py-3 pr-4">
                      <code className="font-mono text-xs">{displayKey(k.prefix, k.last4)}</code>
                      <div className="text-xs text-slate-500">{k.type === "sk" ? "secret" : "public"} · {k.mode}</div>
                      {k.rolledTo ? (
                        <div className="text-xs text-amber-900" data-testid="rolled-to">
                          Rolled to <code className="font-mono">{k.rolledTo.display}</code>
                          {active && k.expiresAt ? <>, stops working {formatRelative(k.expiresAt, now)}</> : null}
                        </div>
                      ) : null}
                      {k.rolledFrom ? (
                        <div className="text-xs text-slate-600" data-testid="rolled-from">
                          Rolled from <code className="font-mono">{k.rolledFrom.display}</code>
                          {rolledFromEnd(keys, k.rolledFrom.id, now)}
                        </div>
                      ) : null}
                      {k.revokedReason === "leaked" ? <div className="text-xs text-red-700">Revoked: reported leaked by GitHub secret scanning</div> : null}
                    </td>
                    <td className="py-3 pr-4 text-xs text-slate-600">{k.scopes.length === PERMISSIONS.length ? "all" : k.scopes.join(", ")}</td>
                    <td className="py-3 pr-4">
                      <AllowlistCell slug={slug} keyId={k.id} cidrs={k.allowedCidrs} canEdit={canManage && !k.revokedAt} />
                    </td>
                    <td className="py-3 pr-4 text-xs text-slate-600">
                      {formatDateTime(k.createdAt)}
                      <div>{k.createdBy ? `by ${k.createdBy.name}` : ""}</div>
                      {k.expiresAt ? <div>expires {formatDateTime(k.expiresAt)}</div> : null}
                    </td>
                    <td className="py-3 pr-4 text-xs text-slate-600">
                      {usage.get(k.id)?.total ? (
                        <KeyUsageSummary usage={usage.get(k.id)} logsHref={`/${slug}/developers/logs?key_id=${k.id}`} />
                      ) : k.lastUsedAt ? (
                        formatRelative(k.lastUsedAt)
                      ) : (
                        "Never"
                      )}
                    </td>
                    <td className="py-3 pr-4"><span className={`rounded-full px-2 py-0.5 text-xs font-medium ${s.tone}`}>{s.label}</span></td>
                    <td className="space-y-2 py-3 text-right">
                      {canManage ? (
                        <RollKeyDialog
                          slug={slug}
                          keyId={k.id}
                          keyName={k.name}
                          mode={k.mode}
                          overlaps={overlaps}
                          lifetimes={rollLifetimeOptions(keyLifetimeRule(k), maxLifetimeDays)}
                          canRoll={active && !k.rolledTo}
                        />
                      ) : null}
                      {canManage && !k.revokedAt ? (
                        <ActionButtonForm
                          action={revokeKeyAction.bind(null, slug, k.id)}
                          label="Revoke"
                          variant="danger"
                          confirm={{
                            title: `Revoke the ${k.mode} key “${k.name}”?`,
                            description: (
                              <>
                                <p>
                                  <strong>Requests using it will fail at once</strong> with 401.{" "}
                                  {k.mode === "live" ? "Every server, job or integration that still sends this key stops working until it has a new one." : "Test keys reach test data only; nothing live breaks."}
                                </p>
                                <p>A revoked key cannot be restored. Create a new key first if something still needs access.</p>
                              </>
                            ),
                            confirmLabel: "Revoke key",
                            ...(k.mode === "live" ? { typeToConfirm: k.name } : {}),
                          }}
                        />
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </Card>
    </div>
  );
}
