import type { Metadata } from "next";
import Link from "next/link";
import { addGroupMemberAction, deleteGroupAction, removeGroupMemberAction, setGroupOverrideAction, updateGroupAction } from "../actions";
import { ActionButtonForm } from "@/components/action-button-form";
import { GroupForm } from "@/components/groups/group-form";
import { StepUpBanner } from "@/components/step-up-banner";
import { GroupChip } from "@/components/team/group-chip";
import { OverrideMatrix } from "@/components/team/override-matrix";
import { Card } from "@/components/ui/card";
import { currentSession, currentStepUpSecondsLeft } from "@/lib/auth/current";
import { memberPage, pageObject } from "@/lib/entry/page";
import { PERMISSION_INFO, PERMISSIONS } from "@/lib/authz/permissions";
import { getGroup } from "@/lib/groups/groups";
import { listMembers } from "@/lib/team/members";

export const metadata: Metadata = { title: "Group" };

type Params = Promise<{ workspace: string; groupId: string }>;

export default async function GroupPage({ params }: { params: Params }) {
  const { workspace: slug, groupId } = await params;
  const ctx = await memberPage(slug, "team:manage");
  const group = await pageObject(ctx, groupId, () => getGroup(ctx, groupId));
  const [members, stepUpLeft] = await Promise.all([listMembers(ctx), currentStepUpSecondsLeft((await currentSession())!)]);
  const inGroup = new Set(group.members.map((m) => m.membership.id));
  return (
    <div className="space-y-6">
      <div>
        <Link href={`/${slug}/groups`} className="text-sm text-brand-700 hover:underline">← Groups</Link>
        <h1 className="mt-2 flex items-center gap-3 text-2xl font-semibold tracking-tight">
          {group.name} <GroupChip name={group.name} color={group.color} />
        </h1>
        {group.description ? <p className="mt-1 text-sm text-slate-600">{group.description}</p> : null}
      </div>
      <StepUpBanner secondsLeft={stepUpLeft} what="change this group's members and permissions" />
      <Card title="Permission overrides" description="Applied on top of each member's role. Members' own overrides still win.">
        <OverrideMatrix
          action={setGroupOverrideAction.bind(null, slug, group.id)}
          rows={PERMISSIONS.map((p) => ({
            permission: p,
            label: PERMISSION_INFO[p].label,
            description: PERMISSION_INFO[p].description,
            override: group.overrides.find((o) => o.permission === p)?.granted ?? null,
          }))}
        />
      </Card>
      <Card title={`Members (${group.members.length})`}>
        <ul className="divide-y divide-slate-100">
          {group.members.length === 0 ? <li className="py-2 text-sm text-slate-500">Nobody yet.</li> : null}
          {group.members.map(({ membership }) => (
            <li key={membership.id} className="flex items-center justify-between py-2 text-sm">
              <span>
                <span className="font-medium">{membership.user.name}</span> <span className="text-slate-500">{membership.user.email}</span>
                <span className="ml-2 rounded-full bg-slate-100 px-2 py-0.5 text-xs">{membership.role}</span>
              </span>
              <ActionButtonForm action={removeGroupMemberAction.bind(null, slug, group.id)} hidden={{ membershipId: membership.id }} label="Remove" variant="ghost" />
            </li>
          ))}
        </ul>
        {members.some((m) => !inGroup.has(m.id)) ? (
          <details className="mt-4 border-t border-slate-100 pt-4">
            <summary className="cursor-pointer text-sm font-medium text-brand-700">Add members</summary>
            <ul className="mt-2 divide-y divide-slate-100">
              {members
                .filter((m) => !inGroup.has(m.id))
                .map((m) => (
                  <li key={m.id} className="flex items-center justify-between py-2 text-sm">
                    <span>
                      <span className="font-medium">{m.name}</span> <span className="text-slate-500">{m.email}</span>
                    </span>
                    <ActionButtonForm action={addGroupMemberAction.bind(null, slug, group.id)} hidden={{ membershipId: m.id }} label={`Add ${m.name}`} />
                  </li>
                ))}
            </ul>
          </details>
        ) : null}
      </Card>
      <Card title="Name and colour">
        <GroupForm action={updateGroupAction.bind(null, slug, group.id)} initial={group} submitLabel="Save" />
      </Card>
      <Card title="Delete group" description="Members keep their roles; the group's overrides stop applying.">
        <ActionButtonForm
          action={deleteGroupAction.bind(null, slug, group.id)}
          label="Delete group"
          variant="danger"
          confirm={{
            title: `Delete the group “${group.name}”?`,
            description: <p>Its members keep their roles but lose what the group granted them, at once. The group and its overrides cannot be restored.</p>,
            confirmLabel: "Delete group",
          }}
        />
      </Card>
    </div>
  );
}
