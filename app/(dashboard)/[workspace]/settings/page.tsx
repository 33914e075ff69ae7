import type { Metadata } from "next";
import { StepUpBanner } from "@/components/step-up-banner";
import { CancelWorkspaceForm } from "@/components/settings/cancel-workspace-form";
import { CorsForm } from "@/components/settings/cors-form";
import { DataExportCard } from "@/components/settings/data-export-card";
import { KeyLifetimeForm } from "@/components/settings/key-lifetime-form";
import { MaskingForm } from "@/components/settings/masking-form";
import { ReactivateWorkspaceForm } from "@/components/settings/reactivate-workspace-form";
import { RetentionForm } from "@/components/settings/retention-form";
import { RenameWorkspaceForm } from "@/components/settings/rename-workspace-form";
import { TwoFactorPolicyForm } from "@/components/settings/two-factor-policy-form";
import { Card } from "@/components/ui/card";
import { keyLifetimeLimit } from "@/lib/api-keys/lifetime";
import { currentSession, currentStepUpSecondsLeft } from "@/lib/auth/current";
import { memberPage } from "@/lib/entry/page";
import { formatDateTime } from "@/lib/format/dates";
import { getCorsOrigins } from "@/lib/workspaces/cors";
import { DELETION_GRACE_DAYS } from "@/lib/workspaces/lifecycle";
import { getCallerMasking } from "@/lib/workspaces/masking";
import { isCovered, twoFactorCoverage, twoFactorRequired } from "@/lib/workspaces/two-factor-policy";
import { getRetentionSettings } from "@/lib/retention/settings";

export const metadata: Metadata = { title: "Settings" };

type Params = Promise<{ workspace: string }>;

function Heading() {
  return (
    <div>
      <h1 className="text-2xl font-semibold tracking-tight">Settings</h1>
      <p className="mt-1 text-sm text-slate-600">Workspace-wide security settings.</p>
    </div>
  );
}

export default async function SettingsPage({ params }: { params: Params }) {
  const { workspace: slug } = await params;
  const ctx = await memberPage(slug, "settings:manage");
  const stepUpLeft = await currentStepUpSecondsLeft((await currentSession())!);
  const owner = ctx.membership.role === "owner";
  const { closure, suspension } = ctx.workspace;
  if (suspension) {
    // Only owners get here while the workspace is suspended (lib/authz/closed.ts).
    return (
      <div className="space-y-6">
        <Heading />
        <StepUpBanner secondsLeft={stepUpLeft} what="export this workspace" />
        <Card title="Workspace suspended" description={`Suspended by the Switchboard platform team on ${formatDateTime(suspension.suspendedAt)}.`}>
          <div className="space-y-3 text-sm text-slate-800" data-testid="workspace-suspension">
            <p>
              Reason given: <q className="font-medium">{suspension.reason}</q>
            </p>
            <p className="text-slate-600">
              Until the platform team lifts the suspension the workspace is read-only, its API keys answer 401 and its webhook deliveries wait
              (none are dropped). Settings cannot be changed; you can still export its data.
            </p>
          </div>
        </Card>
        <DataExportCard slug={slug} stepUpSecondsLeft={stepUpLeft} />
      </div>
    );
  }
  if (closure) {
    // Only owners get here while the workspace is cancelled (lib/authz/closed.ts).
    return (
      <div className="space-y-6">
        <Heading />
        <StepUpBanner secondsLeft={stepUpLeft} what="export or reactivate this workspace" />
        <Card
          title="Workspace cancelled"
          description={`Cancelled on ${formatDateTime(closure.cancelledAt)}. It is read-only; its API keys answer 401 and its webhooks are paused.`}
        >
          <div className="space-y-3" data-testid="workspace-closure">
            <p className="text-sm text-slate-800">
              Deletion is scheduled for <strong data-testid="closure-deletion-date">{formatDateTime(closure.deletionDueAt)}</strong>. On that
              date every recording and transcript is deleted, then all of the workspace’s other data; only an anonymised record that the
              deletion happened remains.
            </p>
            <p className="text-sm text-slate-600">Reactivating cancels the deletion: keys work again and paused webhooks are delivered.</p>
            <ReactivateWorkspaceForm slug={slug} />
          </div>
        </Card>
        <DataExportCard slug={slug} stepUpSecondsLeft={stepUpLeft} />
      </div>
    );
  }
  const [origins, masking, retention, twoFactorRequiredNow, coverage, maxKeyLifetime] = await Promise.all([
    getCorsOrigins(ctx),
    getCallerMasking(ctx),
    getRetentionSettings(ctx),
    twoFactorRequired(ctx),
    ctx.can("team:manage") ? twoFactorCoverage(ctx) : Promise.resolve([]),
    keyLifetimeLimit(ctx),
  ]);
  const uncovered = coverage.filter((m) => !isCovered(m)).map((m) => ({ userId: m.userId, name: m.name, email: m.email, role: m.role, isYou: m.userId === ctx.user.id }));
  return (
    <div className="space-y-6">
      <Heading />
      <StepUpBanner secondsLeft={stepUpLeft} what="change security settings" />
      {owner ? (
        <Card title="Workspace name" description="What members, invitations and emails call this workspace.">
          <RenameWorkspaceForm slug={slug} name={ctx.workspace.name} />
        </Card>
      ) : null}
      <div id="two-factor">
        <Card
          title="Require two-factor authentication"
          description="Members without an authenticator app or a passkey are sent to set one up and can do nothing else in this workspace until they have."
        >
          <TwoFactorPolicyForm slug={slug} required={twoFactorRequiredNow} uncovered={uncovered} owner={owner} />
        </Card>
      </div>
      <Card title="Caller masking" description="With masking on, a caller's full number is never stored: only a keyed hash for search and a display form like +234 *** *** 789.">
        <MaskingForm slug={slug} enabled={masking} />
      </Card>
      <Card title="Data retention" description="How long this workspace keeps each kind of data — a scheduled job removes what is older, and audits what it removed.">
        <RetentionForm slug={slug} settings={retention} />
      </Card>
      <Card title="Maximum lifetime of API keys" description="New and rolled keys must expire within this time; creating or rolling a key with a longer or no expiry is refused.">
        <KeyLifetimeForm slug={slug} current={maxKeyLifetime} owner={owner} />
      </Card>
      <Card title="CORS allowlist for public keys" description="Browsers on these origins may call the API with a public (pk) key. Secret keys are never accepted from a browser.">
        <CorsForm slug={slug} origins={origins} />
      </Card>
      {owner ? <DataExportCard slug={slug} stepUpSecondsLeft={stepUpLeft} /> : null}
      {owner ? (
        <Card title="Cancel workspace" description="Close this workspace and schedule the deletion of everything it holds.">
          <CancelWorkspaceForm slug={slug} graceDays={DELETION_GRACE_DAYS} />
        </Card>
      ) : null}
    </div>
  );
}
