import type { Metadata } from "next";
import Link from "next/link";
import { ActionButtonForm } from "@/components/action-button-form";
import { StepUpBanner } from "@/components/step-up-banner";
import { Card } from "@/components/ui/card";
import { DeliveryHealth } from "@/components/webhooks/delivery-health";
import { DeliveryList } from "@/components/webhooks/delivery-list";
import { EditEndpointForm } from "@/components/webhooks/edit-endpoint-form";
import { RecoveryProgress } from "@/components/webhooks/recovery-progress";
import { ResendFailedForm } from "@/components/webhooks/resend-failed-form";
import { Alert } from "@/components/ui/alert";
import { RotateSecretForm } from "@/components/webhooks/rotate-secret-form";
import { SchemeForm } from "@/components/webhooks/scheme-form";
import { SigningKeysPanel } from "@/components/webhooks/signing-keys-panel";
import { VerificationSnippets } from "@/components/webhooks/snippets";
import { isSignatureScheme, SIGNATURE_SCHEME_LABELS } from "@/lib/webhooks/scheme-names";
import { workspaceSigningKeys } from "@/lib/webhooks/signing-keys";
import { currentSession, currentStepUpSecondsLeft } from "@/lib/auth/current";
import { memberPage, pageObject } from "@/lib/entry/page";
import { formatDateTime } from "@/lib/format/dates";
import { listDeliveries } from "@/lib/webhooks/deliveries";
import { endpointHealth } from "@/lib/webhooks/health";
import { DISABLED_REASONS, type DisabledReason } from "@/lib/webhooks/owner-notices";
import { latestRecovery } from "@/lib/webhooks/recoveries";
import { webhookUrlHint } from "@/lib/webhooks/url-hint";
import { deleteEndpointAction, resendAction, sendTestEventAction, setEnabledAction } from "../actions";

export const metadata: Metadata = { title: "Webhook endpoint" };

type Params = Promise<{ workspace: string; endpointId: string }>;
type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function EndpointPage({ params, searchParams }: { params: Params; searchParams: Search }) {
  const { workspace: slug, endpointId } = await params;
  const ctx = await memberPage(slug, "webhooks:manage");
  const search = await searchParams;
  const mode = search.mode === "test" ? "test" : "live";
  const healthWindow = search.window === "7d" ? "7d" : "24h";
  const found = await pageObject(ctx, endpointId, () => listDeliveries(ctx.inMode(mode), endpointId));
  const { endpoint, deliveries } = found;
  const stepUpLeft = await currentStepUpSecondsLeft((await currentSession())!);
  const health = await endpointHealth(ctx.inMode(mode), endpoint.id, healthWindow);
  const healthHref = (w: "24h" | "7d") => {
    const query = new URLSearchParams({ ...(mode === "test" ? { mode } : {}), ...(w === "7d" ? { window: w } : {}) }).toString();
    return `/${slug}/developers/webhooks/${endpoint.id}${query ? `?${query}` : ""}`;
  };
  const recovery = await latestRecovery(ctx.inMode(mode), endpoint.id);
  const disabledWhy = !endpoint.enabled && endpoint.disabledReason ? DISABLED_REASONS[endpoint.disabledReason as DisabledReason] : null;
  const grace = endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > new Date() ? endpoint.previousSecretExpiresAt : null;
  const scheme = isSignatureScheme(endpoint.signatureScheme) ? endpoint.signatureScheme : "switchboard";
  // Public keys only; the first key is created here if the workspace has none yet.
  const signingKeys = scheme === "standard-ed25519" ? await workspaceSigningKeys(ctx.inMode(mode)) : null;
  return (
    <div className="space-y-6">
      <div>
        <Link href={`/${slug}/developers/webhooks${mode === "test" ? "?mode=test" : ""}`} className="text-sm text-brand-700 hover:underline">
          ← Webhooks
        </Link>
        <h1 className="mt-2 break-all font-mono text-xl font-semibold">{endpoint.url}</h1>
        <p className="mt-1 text-sm text-slate-600">
          {mode === "test" ? "Test" : "Live"} endpoint · {endpoint.enabled ? "enabled" : "disabled"} · events {endpoint.events.join(", ")}
          {endpoint.failingSince ? ` · failing since ${formatDateTime(endpoint.failingSince)}` : ""}
        </p>
      </div>
      {disabledWhy ? (
        <Alert tone="warning">
          <div className="flex flex-wrap items-center justify-between gap-3">
            <p>
              Switchboard disabled this endpoint{endpoint.disabledAt ? ` on ${formatDateTime(endpoint.disabledAt)}` : ""} because {disabledWhy}. Once your receiver
              works, enable it, then recover the failed deliveries below.
            </p>
            <ActionButtonForm action={setEnabledAction.bind(null, slug, mode, endpoint.id, true)} label="Enable endpoint" />
          </div>
        </Alert>
      ) : null}
      <StepUpBanner secondsLeft={stepUpLeft} what="rotate secrets or delete endpoints" />
      <Card title="Delivery health" description="Attempts to this endpoint: how many succeeded, how fast it answers, and whether it is at risk of being disabled.">
        <DeliveryHealth health={health} href={healthHref} />
      </Card>
      <Card title="Deliveries" description="The newest 25, each with every attempt, the payload and the response excerpt." actions={
        <ActionButtonForm action={sendTestEventAction.bind(null, slug, mode, endpoint.id)} label="Send test event" />
      }>
        <DeliveryList deliveries={deliveries} resend={(deliveryId) => resendAction.bind(null, slug, mode, endpoint.id, deliveryId)} />
      </Card>
      <Card title="Recover failed deliveries" description="After an outage at your receiver: every event whose delivery failed in the window, and that has not arrived since, is sent again once, in the background.">
        <div className="space-y-4">
          <ResendFailedForm slug={slug} mode={mode} endpointId={endpoint.id} />
          {recovery ? <RecoveryProgress recovery={recovery} /> : null}
        </div>
      </Card>
      <Card title="Signing secret" description={grace ? `The previous secret also signs until ${formatDateTime(grace)}.` : "Rotate it if it may have leaked; choose how long the old one keeps signing."}>
        <RotateSecretForm slug={slug} mode={mode} endpointId={endpoint.id} scheme={scheme} />
      </Card>
      <Card
        title="Signature scheme"
        description={`Deliveries are signed with ${SIGNATURE_SCHEME_LABELS[scheme].label}. Update your receiver to accept a new scheme before you switch.`}
      >
        <div className="space-y-6">
          <SchemeForm slug={slug} mode={mode} endpointId={endpoint.id} scheme={scheme} />
          {signingKeys ? (
            <SigningKeysPanel
              slug={slug}
              mode={mode}
              endpointId={endpoint.id}
              url={signingKeys.signing_keys_url}
              kids={signingKeys.keys.map((k) => k.kid)}
              previousUntil={signingKeys.previous_key_expires_at}
            />
          ) : null}
        </div>
      </Card>
      <Card title="Verify signatures" description="Receivers for this endpoint's scheme: reject a request unless a signature matches and its timestamp is within 5 minutes; dedupe by event id.">
        <VerificationSnippets scheme={scheme} />
      </Card>
      <Card title="Settings" description="The URL, the events it receives, its description and its rate limit.">
        <EditEndpointForm
          slug={slug}
          mode={mode}
          endpoint={{ id: endpoint.id, url: endpoint.url, events: endpoint.events, description: endpoint.description, rateLimitPerSecond: endpoint.rateLimitPerSecond }}
          urlHint={webhookUrlHint()}
        />
      </Card>
      <Card title="Endpoint">
        <div className="flex flex-wrap gap-3">
          <ActionButtonForm action={setEnabledAction.bind(null, slug, mode, endpoint.id, !endpoint.enabled)} label={endpoint.enabled ? "Disable" : "Enable"} />
          <ActionButtonForm
            action={deleteEndpointAction.bind(null, slug, mode, endpoint.id)}
            label="Delete endpoint"
            variant="danger"
            confirm={{
              title: "Delete this endpoint?",
              description: (
                <>
                  <p>
                    <span className="font-mono [overflow-wrap:anywhere]">{endpoint.url}</span> stops receiving events at once, and deliveries still waiting
                    to be retried are not sent.
                  </p>
                  <p>This cannot be undone. Adding the URL again creates a new endpoint with a new signing secret.</p>
                </>
              ),
              confirmLabel: "Delete endpoint",
            }}
          />
        </div>
      </Card>
    </div>
  );
}
