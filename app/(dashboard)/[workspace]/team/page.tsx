import type { Metadata } from "next";
import { revokeInvitationAction } from "./actions";
import { StepUpBanner } from "@/components/step-up-banner";
import { InviteForm } from "@/components/team/invite-form";
import { MembersTable } from "@/components/team/members-table";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { currentSession, currentStepUpSecondsLeft } from "@/lib/auth/current";
import { memberPage } from "@/lib/entry/page";
import { isCovered, twoFactorCoverage } from "@/lib/workspaces/two-factor-policy";
import { mayAssignRole } from "@/lib/team/rules";
import { ROLES } from "@/lib/authz/roles";
import { formatDateTime, formatRelative } from "@/lib/format/dates";
import { listPendingInvitations } from "@/lib/team/invitations";
import { listMembers } from "@/lib/team/members";

export const metadata: Metadata = { title: "Team" };

type Params = Promise<{ workspace: string }>;

export default async function TeamPage({ params }: { params: Params }) {
  const { workspace: slug } = await params;
  const ctx = await memberPage(slug, "team:manage");
  const session = (await currentSession())!;
  const [members, invitations, stepUpLeft, coverage] = await Promise.all([
    listMembers(ctx),
    listPendingInvitations(ctx),
    currentStepUpSecondsLeft(session),
    twoFactorCoverage(ctx),
  ]);
  const covered = new Set(coverage.filter(isCovered).map((m) => m.userId));
  const assignable = ROLES.map((role) => ({
    value: role,
    label: role,
    disabled: !mayAssignRole(ctx, role),
  }));
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Team</h1>
        <p className="mt-1 text-sm text-slate-600">Members, their roles and groups. Open a member to change their role or permissions.</p>
      </div>
      <StepUpBanner secondsLeft={stepUpLeft} what="change roles and permissions" />
      <Card title="Invite someone">
        <InviteForm slug={slug} roles={assignable} />
      </Card>
      <Card title={`Members (${members.length})`}>
        <MembersTable
          slug={slug}
          rows={members.map((m) => ({
            id: m.id,
            name: m.name,
            email: m.email,
            role: m.role,
            groups: m.groups,
            lastActive: m.lastActiveAt?.toISOString() ?? null,
            lastActiveLabel: m.lastActiveAt ? formatRelative(m.lastActiveAt) : "Never",
            overrides: m.overrides,
            isYou: m.userId === ctx.user.id,
            twoFactor: covered.has(m.userId),
          }))}
        />
      </Card>
      {invitations.length > 0 ? (
        <Card title="Pending invitations">
          <ul className="divide-y divide-slate-100">
            {invitations.map((inv) => (
              <li key={inv.id} className="flex items-center justify-between py-2 text-sm" data-testid="invitation-row">
                <div>
                  <span className="font-medium">{inv.email}</span>
                  <span className="ml-2 rounded-full bg-slate-100 px-2 py-0.5 text-xs">{inv.role}</span>
                  <span className="ml-2 text-xs text-slate-500">expires {formatDateTime(inv.expiresAt)}</span>
                </div>
                <form action={revokeInvitationAction.bind(null, slug, inv.id)}>
                  <Button type="submit" variant="danger">Revoke</Button>
                </form>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </div>
  );
}
