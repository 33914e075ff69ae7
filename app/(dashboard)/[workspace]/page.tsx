import type { Metadata } from "next";
import { VolumeChart } from "@/components/calls/volume-chart";
import Link from "next/link";
import { GettingStarted } from "@/components/overview/getting-started";
import { RoleCards } from "@/components/overview/role-cards";
import { Card } from "@/components/ui/card";
import { memberPage } from "@/lib/entry/page";
import { PERMISSION_INFO } from "@/lib/authz/permissions";
import { callVolume } from "@/lib/calls/volume";
import { formatDateTime } from "@/lib/format/dates";
import { gettingStarted } from "@/lib/overview/getting-started";
import { overviewWidgets, VOLUME_RANGES, volumeRange } from "@/lib/overview/widgets";
import { workspaceOverview } from "@/lib/workspaces/overview";

export const metadata: Metadata = { title: "Overview" };

type Params = Promise<{ workspace: string }>;
type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function WorkspaceHome({ params, searchParams }: { params: Params; searchParams: Search }) {
  const ctx = await memberPage((await params).workspace);
  const days = volumeRange((await searchParams).range);
  // The chart is for members who may read calls; for everyone else it is not even queried.
  const [overview, volume, steps, widgets] = await Promise.all([
    workspaceOverview(ctx),
    ctx.can("calls:read") ? callVolume(ctx, { mode: "live", days }) : null,
    gettingStarted(ctx),
    overviewWidgets(ctx),
  ]);
  const completedShare = volume && volume.totals.total > 0 ? Math.round((volume.totals.completed / volume.totals.total) * 100) : null;
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm text-slate-500">Workspace</p>
        <h1 className="text-2xl font-semibold tracking-tight">{ctx.workspace.name}</h1>
        <p className="mt-1 text-sm text-slate-600">
          You are signed in as <span className="font-medium">{ctx.user.email}</span> with the{" "}
          <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-800">{ctx.membership.role}</span> role.
        </p>
      </div>
      {steps ? <GettingStarted steps={steps} /> : null}
      <RoleCards slug={ctx.workspace.slug} w={widgets} />
      <div className="grid gap-4 sm:grid-cols-3">
        <Card title="Members">
          <p className="text-3xl font-semibold">{overview.members}</p>
        </Card>
        <Card title="Your permissions">
          <p className="text-3xl font-semibold">{ctx.permissions.list().length}</p>
        </Card>
        <Card title="Created">
          <p className="text-sm text-slate-700">{formatDateTime(overview.createdAt)}</p>
        </Card>
      </div>
      {volume ? (
        <Card
          title={`Call volume — last ${days} days`}
          description="Live calls per day by outcome (days in UTC)."
          actions={
            <div className="flex flex-wrap items-center gap-4">
              <nav aria-label="Chart range" className="flex gap-1 text-sm">
                {VOLUME_RANGES.map((r) => (
                  <Link
                    key={r}
                    href={`/${ctx.workspace.slug}${r === 30 ? "" : `?range=${r}`}`}
                    aria-current={r === days ? "page" : undefined}
                    className={`whitespace-nowrap rounded-md px-2 py-1 ${r === days ? "bg-slate-100 font-medium text-slate-900" : "text-brand-700 hover:bg-slate-50"}`}
                  >
                    {r} days
                  </Link>
                ))}
              </nav>
              <dl className="flex gap-6 text-right" data-testid="call-volume-summary">
                <div>
                  <dt className="text-xs text-slate-500">Total calls</dt>
                  <dd className="text-lg font-semibold text-slate-900">{volume.totals.total}</dd>
                </div>
                <div>
                  <dt className="text-xs text-slate-500">Completed</dt>
                  <dd className="text-lg font-semibold text-slate-900">{completedShare === null ? "—" : `${completedShare}%`}</dd>
                </div>
              </dl>
            </div>
          }
        >
          <VolumeChart volume={volume} testCallsHref={ctx.can("test_calls:run") ? `/${ctx.workspace.slug}/test-calls` : undefined} />
        </Card>
      ) : null}
      <Card title="What you can do here" description="From your role, your groups and any permissions set for you.">
        <ul className="grid gap-2 sm:grid-cols-2" aria-label="Your permissions">
          {ctx.permissions.list().map((p) => (
            <li key={p} className="text-sm" data-testid="my-permission">
              <span className="font-medium text-slate-900">{PERMISSION_INFO[p].label}</span>

            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
