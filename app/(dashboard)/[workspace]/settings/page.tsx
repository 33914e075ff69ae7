import type { Metadata } from "next";
import { StepUpBanner } from "@/components/step-up-banner";
import { CorsForm } from "@/components/settings/cors-form";
import { DataExportCard } from "@/components/settings/data-export-card";
import { MaskingForm } from "@/components/settings/masking-form";
import { RetentionForm } from "@/components/settings/retention-form";
import { Card } from "@/components/ui/card";
import { currentSession, currentStepUpSecondsLeft } from "@/lib/auth/current";
import { requireWorkspacePage } from "@/lib/authz/page";
import { getCorsOrigins } from "@/lib/workspaces/cors";
import { getCallerMasking } from "@/lib/workspaces/masking";
import { getRetentionSettings } from "@/lib/workspaces/retention-settings";

export const metadata: Metadata = { title: "Settings" };

type Params = Promise<{ workspace: string }>;

export default async function SettingsPage({ params }: { params: Params }) {
  const { workspace: slug } = await params;
  const ctx = await requireWorkspacePage(slug, "settings:manage");
  const [origins, masking, retention, stepUpLeft] = await Promise.all([
    getCorsOrigins(ctx),
    getCallerMasking(ctx),
    getRetentionSettings(ctx),
    currentStepUpSecondsLeft((await currentSession())!),
  ]);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Settings</h1>
        <p className="mt-1 text-sm text-slate-600">Workspace-wide security settings.</p>
      </div>
      <StepUpBanner secondsLeft={stepUpLeft} what="change security settings" />
      <Card title="Caller masking" description="With masking on, a caller's full number is never stored: only a keyed hash for search and a display form like +234 *** *** 789.">
        <MaskingForm slug={slug} enabled={masking} />
      </Card>
      <Card title="Data retention" description="How long this workspace keeps each kind of data (SPEC §10). A scheduled job removes what is older, and audits what it removed.">
        <RetentionForm slug={slug} settings={retention} />
      </Card>
      <Card title="CORS allowlist for public keys" description="Browsers on these origins may call the API with a public (pk) key. Secret keys are never accepted from a browser.">
        <CorsForm slug={slug} origins={origins} />
      </Card>
      {ctx.membership.role === "owner" ? <DataExportCard slug={slug} stepUpSecondsLeft={stepUpLeft} /> : null}
    </div>
  );
}
