import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { CreateEndpointForm } from "@/components/webhooks/create-endpoint-form";
import { ModeToggle } from "@/components/webhooks/mode-toggle";
import { VerificationSnippets } from "@/components/webhooks/snippets";
import { memberPage } from "@/lib/entry/page";
import { formatDateTime, formatRelative } from "@/lib/format/dates";
import { listEndpoints } from "@/lib/webhooks/endpoints";
import { webhookUrlHint } from "@/lib/webhooks/url-hint";

export const metadata: Metadata = { title: "Webhooks" };

type Params = Promise<{ workspace: string }>;
type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function WebhooksPage({ params, searchParams }: { params: Params; searchParams: Search }) {
  const { workspace: slug } = await params;
  const ctx = await memberPage(slug, "webhooks:manage");
  const mode = (await searchParams).mode === "test" ? "test" : "live";
  const { data: endpoints } = await listEndpoints(ctx.inMode(mode), { limit: 100 });
  const suffix = mode === "test" ? "?mode=test" : "";
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Webhooks</h1>
          <p className="mt-1 text-sm text-slate-600">
            Signed events to your servers: each endpoint chooses its signature scheme — <code className="text-xs">X-Switchboard-Signature</code> (the
            default), Standard Webhooks HMAC, or Standard Webhooks Ed25519 with published public keys. Retries follow for about two days.
          </p>
        </div>
        <ModeToggle mode={mode} href={(m) => `/${slug}/developers/webhooks${m === "test" ? "?mode=test" : ""}`} />
      </div>
      <Card title={`${mode === "test" ? "Test" : "Live"} endpoints`}>
        {endpoints.length === 0 ? (
          <p className="text-sm text-slate-600">No endpoints yet. Add one below to be told, signed, when a call completes or fails.</p>
        ) : (
          <ul className="divide-y divide-slate-100" aria-label="Endpoints">
            {endpoints.map((e) => (
              <li key={e.id} className="flex flex-wrap items-center justify-between gap-3 py-3" data-testid="endpoint-row">
                <div className="min-w-0">
                  <Link href={`/${slug}/developers/webhooks/${e.id}${suffix}`} className="break-all font-mono text-sm text-slate-900 hover:underline">
                    {e.url}
                  </Link>
                  <div className="mt-1 text-xs text-slate-500">
                    {e.events.join(", ")} · added {formatDateTime(new Date(e.created_at))}
                    {e.description ? ` · ${e.description}` : ""}
                  </div>
                </div>
                <div className="flex items-center gap-2 text-xs">
                  {e.failing_since ? (
                    <span className="rounded-full bg-red-50 px-2 py-0.5 font-medium text-red-800 ring-1 ring-inset ring-red-600/20">
                      Failing since {formatRelative(new Date(e.failing_since))}
                    </span>
                  ) : null}
                  <span className={`rounded-full px-2 py-0.5 font-medium ring-1 ring-inset ${e.enabled ? "bg-emerald-50 text-emerald-800 ring-emerald-600/20" : "bg-slate-100 text-slate-600 ring-slate-500/20"}`}>
                    {e.enabled ? "Enabled" : "Disabled"}
                  </span>
                </div>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title="Add an endpoint" description={`It receives ${mode} events. The signing secret is shown once.`}>
        <CreateEndpointForm slug={slug} mode={mode} urlHint={webhookUrlHint()} />
      </Card>
      <Card title="Verify signatures" description="For the default scheme: reject a request unless one v1 signature matches and t is within 5 minutes; dedupe by X-Switchboard-Event-Id. Each endpoint's page shows the receivers for its own scheme.">
        <VerificationSnippets />
      </Card>
    </div>
  );
}
