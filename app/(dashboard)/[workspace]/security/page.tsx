import type { Metadata } from "next";
import Link from "next/link";
import { SecurityEventFilters } from "@/components/security/event-filters";
import { SecurityEventsTable } from "@/components/security/events-table";
import { IpRuleForm } from "@/components/security/ip-rule-form";
import { IpRulesTable } from "@/components/security/ip-rules-table";
import { MemberAccessTable } from "@/components/security/member-access-table";
import { SecurityEventsChart } from "@/components/security/security-chart";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { Pager, pageSummary } from "@/components/ui/pager";
import { memberPage } from "@/lib/entry/page";
import { countSecurityEvents, listSecurityEvents, parseSecurityPage, SECURITY_PAGE_SIZE, securityHref } from "@/lib/security-page/events";
import { listMemberAccess } from "@/lib/security-page/member-access";
import { securityEventVolume } from "@/lib/security-page/volume";
import { listIpRules } from "@/lib/widget/ip-rules";

export const metadata: Metadata = { title: "Security" };

type Params = Promise<{ workspace: string }>;
type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function SecurityPage({ params, searchParams }: { params: Params; searchParams: Search }) {
  const { workspace: slug } = await params;
  const ctx = await memberPage(slug, "audit:read");
  const state = parseSecurityPage(await searchParams);
  // Members' access is an admin's view: shown only to members who may also manage the team.
  const canManageTeam = ctx.can("team:manage");
  // The widget's IP block and allow list: owners and admins (settings:manage), like lib/widget.
  const canManageIpRules = ctx.can("settings:manage");
  const [page, total, volume, access, ipRules] = await Promise.all([
    state.errors.length > 0 ? { events: [], nextCursor: null } : listSecurityEvents(ctx.data, ctx.workspace.id, state.query, { cursor: state.cursor }),
    state.errors.length > 0 ? undefined : countSecurityEvents(ctx.data, ctx.workspace.id, state.query),
    securityEventVolume(ctx),
    canManageTeam ? listMemberAccess(ctx) : null,
    canManageIpRules ? listIpRules(ctx) : null,
  ]);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Security</h1>
        <p className="mt-1 text-sm text-slate-600">Refused requests, failed sign-ins and permission denials in this workspace.</p>
      </div>
      <Card title="Events per day" description="Last 30 days (UTC), by type: the five most frequent, the rest as “other”.">
        <SecurityEventsChart volume={volume} />
      </Card>
      {state.errors.length > 0 ? <Alert tone="error">{state.errors.join(" ")}</Alert> : null}
      <Card>
        <SecurityEventFilters action={`/${slug}/security`} state={state} />
      </Card>
      <Card title="Security events">
        <SecurityEventsTable events={page.events} />
        <Pager
          trail={state.trail}
          cursor={state.cursor}
          nextCursor={page.nextCursor}
          hrefOf={(change) => securityHref(`/${slug}/security`, state, change)}
          firstLabel="Newest"
          nextLabel="Older events"
          summary={pageSummary(state.trail, state.cursor, SECURITY_PAGE_SIZE, page.events.length, total)}
        />
      </Card>
      {access ? (
        <Card
          title="Members' access"
          description="Ending a member's access signs them out of this workspace on every device at their next request; their other workspaces are not affected. They can sign in again — remove them from Team to keep them out."
        >
          <MemberAccessTable slug={slug} rows={access} currentMembershipId={ctx.membership.id} />
        </Card>
      ) : null}
      {ipRules ? (
        <Card
          title="Blocked and allowed IP ranges"
          description="For the web widget: a blocked range is refused before any other check; an allowed range is never blocked, not even automatically. Addresses with repeated refusals are blocked for 24 hours on their own."
        >
          <div className="space-y-6">
            <IpRulesTable
              slug={slug}
              canManage
              rows={ipRules.map((r) => ({ ...r, expiresAt: r.expiresAt?.toISOString() ?? null, createdAt: r.createdAt.toISOString() }))}
            />
            <div>
              <h3 className="mb-3 text-sm font-semibold text-slate-900">Add an entry</h3>
              <IpRuleForm slug={slug} />
            </div>
          </div>
        </Card>
      ) : null}
      <Card title="Security settings live in Settings">
        <p className="text-sm text-slate-600">
          Caller-number masking, data retention and the API&apos;s allowed origins (CORS) are configured under{" "}
          {ctx.can("settings:manage") ? (
            <Link href={`/${slug}/settings`} className="font-medium text-brand-700 hover:underline">Settings</Link>
          ) : (
            <>Settings (ask an owner or admin)</>
          )}
          .
        </p>
      </Card>
    </div>
  );
}
