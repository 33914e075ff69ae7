import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ConfigForm } from "@/components/agent-config/config-form";
import { DeleteConfigurationForm, NewConfigurationForm, RenameConfigurationForm } from "@/components/agent-config/configuration-settings";
import { VersionHistory } from "@/components/agent-config/version-history";
import { WidgetCard } from "@/components/widget/widget-card";
import { Card } from "@/components/ui/card";
import { getConfiguration, listConfigurations } from "@/lib/agent-config/configurations";
import { timeZones } from "@/lib/agent-config/content";
import { listVersions } from "@/lib/agent-config/versions";
import { config } from "@/lib/config";
import { AppError } from "@/lib/core/errors";
import { memberPage } from "@/lib/entry/page";
import { formatDateTime } from "@/lib/format/dates";
import { formatE164 } from "@/lib/phone-numbers/e164";
import { widgetSessionCounts } from "@/lib/widget-embed/analytics";
import { widgetForConfiguration } from "@/lib/widget/widgets";

export const metadata: Metadata = { title: "Agent configuration" };

type Params = Promise<{ workspace: string }>;
type Search = Promise<Record<string, string | string[] | undefined>>;

const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);

export default async function AgentConfigPage({ params, searchParams }: { params: Params; searchParams: Search }) {
  const { workspace: slug } = await params;
  const ctx = await memberPage(slug, "config:manage");
  const search = await searchParams;
  const selected = one(search.c);
  const before = Number(one(search.before) ?? "") || undefined;
  const [configurations, configuration] = await Promise.all([
    listConfigurations(ctx),
    // Another workspace's (or no) configuration: 404, like every object outside the workspace.
    getConfiguration(ctx, selected).catch((error) => {
      if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
      throw error;
    }),
  ]);
  const [history, widget] = configuration.id
    ? await Promise.all([listVersions(ctx, configuration.id, { before }), widgetForConfiguration(ctx, configuration.id)])
    : [null, null];
  const widgetCounts = widget ? await widgetSessionCounts(ctx, widget.id, widget.mode) : [];
  const base = `/${slug}/config`;
  const hrefOf = (id: string, extra = "") => `${base}?c=${id}${extra}`;
  const canNumbers = ctx.can("numbers:manage");

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Agent configuration</h1>
        <p className="mt-1 text-sm text-slate-600">
          How your agent greets, speaks and escalates, and when it answers. Every save is kept as a version you can compare and restore.
        </p>
      </div>

      {configurations.length > 1 ? (
        <nav aria-label="Configurations" className="flex flex-wrap gap-2">
          {configurations.map((c) => {
            const active = c.id === configuration.id;
            return (
              <Link
                key={c.id}
                href={hrefOf(c.id)}
                aria-current={active ? "page" : undefined}
                className={`rounded-full px-3 py-1 text-sm ring-1 ring-inset ${active ? "bg-brand-600 text-white ring-brand-600" : "bg-surface text-slate-700 ring-slate-300 hover:bg-slate-50"}`}
              >
                {c.name} <span className={active ? "text-white/80" : "text-slate-500"}>v{c.currentVersion}</span>
              </Link>
            );
          })}
        </nav>
      ) : null}

      <div className="grid gap-6 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <Card
          title={configuration.name}
          description={
            configuration.id && configuration.updatedAt ? (
              <span data-testid="current-version">
                Version {configuration.currentVersion} · last saved {formatDateTime(configuration.updatedAt)}
              </span>
            ) : (
              <span data-testid="current-version">Not saved yet — these are the defaults. Saving creates version 1.</span>
            )
          }
        >
          <ConfigForm
            key={configuration.id ?? "default"}
            slug={slug}
            configurationId={configuration.id}
            version={configuration.currentVersion}
            content={configuration.content}
            timeZones={timeZones()}
          />
        </Card>

        <div className="space-y-6">
          <Card title="Change history" description="Newest first; each version against the one before it.">
            {history && history.entries.length > 0 ? (
              <VersionHistory
                slug={slug}
                configurationId={configuration.id!}
                currentVersion={configuration.currentVersion}
                entries={history.entries}
                olderHref={history.nextBefore ? hrefOf(configuration.id!, `&before=${history.nextBefore}`) : null}
                newestHref={before ? hrefOf(configuration.id!) : null}
              />
            ) : (
              <p className="text-sm text-slate-500">No versions yet.</p>
            )}
          </Card>

          <Card title="Phone numbers" description="Numbers answered with this configuration.">
            {configuration.numbers.length === 0 ? (
              <p className="text-sm text-slate-500">None assigned.</p>
            ) : (
              <ul className="space-y-1 text-sm" aria-label="Assigned numbers">
                {configuration.numbers.map((n) => (
                  <li key={n.id} className="flex items-center justify-between gap-2">
                    <span className="font-medium text-slate-800">{formatE164(n.number)}</span>
                    <span className="text-xs text-slate-500">{n.label ? `${n.label} · ` : ""}{n.mode}</span>
                  </li>
                ))}
              </ul>
            )}
            {canNumbers ? (
              <Link href={`/${slug}/numbers`} className="mt-3 inline-block text-sm text-brand-700 hover:underline">Assign numbers →</Link>
            ) : null}
          </Card>

          {configuration.id ? (
            <Card title="Manage this configuration">
              <div className="space-y-4">
                <RenameConfigurationForm slug={slug} configurationId={configuration.id} name={configuration.name} />
                <DeleteConfigurationForm slug={slug} configurationId={configuration.id} name={configuration.name} assigned={configuration.numbers.length} />
              </div>
            </Card>
          ) : null}

          {configurations.length > 0 ? (
            <Card title="New configuration" description="For a second line or after-hours behaviour; assign numbers to it on the Numbers page.">
              <NewConfigurationForm slug={slug} sources={configurations.map((c) => ({ id: c.id, name: c.name }))} />
            </Card>
          ) : null}
        </div>
      </div>

      {widget ? (
        <WidgetCard
          slug={slug}
          widget={{ ...widget, configurationId: widget.agentConfigurationId }}
          embedDomains={widget.embedDomains}
          appOrigin={new URL(config().APP_URL).origin}
          counts={widgetCounts}
        />
      ) : null}
    </div>
  );
}
