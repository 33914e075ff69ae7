import type { Metadata } from "next";
import Link from "next/link";
import { changeRoleAction, removeMemberAction, setMemberOverrideAction } from "../actions";
import { addGroupMemberAction, removeGroupMemberAction } from "../../groups/actions";
import { ActionButtonForm } from "@/components/action-button-form";
import { StepUpBanner } from "@/components/step-up-banner";
import { GroupChip } from "@/components/team/group-chip";
import { OverrideMatrix } from "@/components/team/override-matrix";
import { RoleForm } from "@/components/team/role-form";
import { Card } from "@/components/ui/card";
import { currentSession, currentStepUpSecondsLeft } from "@/lib/auth/current";
import { memberPage, pageObject } from "@/lib/entry/page";
import { mayAssignRole } from "@/lib/team/rules";
import { PERMISSION_INFO } from "@/lib/authz/permissions";
import { ROLE_INFO, ROLES } from "@/lib/authz/roles";
import { sourceText } from "@/lib/authz/source-text";
import { formatDateTime } from "@/lib/format/dates";
import { listGroups } from "@/lib/groups/groups";
import { memberPermissionMatrix } from "@/lib/team/members";

export const metadata: Metadata = { title: "Member" };

type Params = Promise<{ workspace: string; memberId: string }>;

export default async function MemberPage({ params }: { params: Params }) {
  const { workspace: slug, memberId } = await params;
  const ctx = await memberPage(slug, "team:manage");
  const matrix = await pageObject(ctx, memberId, () => memberPermissionMatrix(ctx, memberId));
  const [groups, stepUpLeft] = await Promise.all([listGroups(ctx), currentStepUpSecondsLeft((await currentSession())!)]);
  const { member } = matrix;
  const isOwner = member.role === "owner";
  const roles = ROLES.map((role) => ({
    value: role,
    label: `${role} — ${ROLE_INFO[role]}`,
    disabled: !mayAssignRole(ctx, role, member.role),
  }));
  const memberGroupIds = new Set(member.groups.map((g) => g.id));
  return (
    <div className="space-y-6">
      <div>
        <Link href={`/${slug}/team`} className="text-sm text-brand-700 hover:underline">← Team</Link>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight">{member.name}</h1>
        <p className="text-sm text-slate-600">{member.email} · joined {formatDateTime(member.joinedAt)}</p>
      </div>
      <StepUpBanner secondsLeft={stepUpLeft} what="change this member's role and permissions" />
      <Card title="Role" description={ROLE_INFO[member.role]}>
        <RoleForm role={member.role} roles={roles} action={changeRoleAction.bind(null, slug, member.id)} />
      </Card>
      <Card title="Groups" description="Groups add their permission overrides to the role. A deny in any group beats a grant in another.">
        <ul className="space-y-2">
          {member.groups.length === 0 ? <li className="text-sm text-slate-500">Not in any group.</li> : null}
          {member.groups.map((g) => (
            <li key={g.id} className="flex items-center justify-between gap-3">
              <GroupChip name={g.name} color={g.color} />
              <ActionButtonForm action={removeGroupMemberAction.bind(null, slug, g.id)} hidden={{ membershipId: member.id }} label="Remove from group" variant="ghost" />
            </li>
          ))}
        </ul>
        {groups.filter((g) => !memberGroupIds.has(g.id)).length > 0 ? (
          <div className="mt-4 flex flex-wrap gap-2 border-t border-slate-100 pt-4">
            {groups
              .filter((g) => !memberGroupIds.has(g.id))
              .map((g) => (
                <ActionButtonForm key={g.id} action={addGroupMemberAction.bind(null, slug, g.id)} hidden={{ membershipId: member.id }} label={`Add to ${g.name}`} />
              ))}
          </div>
        ) : null}
      </Card>
      <Card
        title="Permissions"
        description={isOwner ? "Owners always have every permission." : "Effective permissions and where each comes from. Overrides here beat role and groups."}
      >
        <OverrideMatrix
          readOnly={isOwner}
          action={setMemberOverrideAction.bind(null, slug, member.id)}
          rows={matrix.rows.map((r) => ({
            permission: r.permission,
            label: PERMISSION_INFO[r.permission].label,
            description: PERMISSION_INFO[r.permission].description,
            roleDefault: r.roleDefault,
            effective: { granted: r.effective.granted, source: sourceText(r.effective.source) },
            override: r.override,
          }))}
        />
      </Card>
      {member.userId !== ctx.user.id ? (
        <Card title="Remove from workspace" description="They lose access at once, and API keys they created are revoked. Their audit history stays.">
          <ActionButtonForm
            action={removeMemberAction.bind(null, slug, member.id)}
            label={`Remove ${member.name}`}
            variant="danger"
            confirm={{
              title: `Remove ${member.name} from this workspace?`,
              description: (
                <>
                  <p>They lose access at once, and the API keys they created are revoked: requests using those keys fail.</p>
                  <p>Their audit history stays. To give them access again, invite them again.</p>
                </>
              ),
              confirmLabel: "Remove member",
            }}
          />
        </Card>
      ) : null}
    </div>
  );
}
