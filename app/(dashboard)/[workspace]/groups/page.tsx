import type { Metadata } from "next";
import Link from "next/link";
import { createGroupAction } from "./actions";
import { GroupForm } from "@/components/groups/group-form";
import { GroupChip } from "@/components/team/group-chip";
import { Card } from "@/components/ui/card";
import { memberPage } from "@/lib/entry/page";
import { listGroups } from "@/lib/groups/groups";

export const metadata: Metadata = { title: "Groups" };

type Params = Promise<{ workspace: string }>;

export default async function GroupsPage({ params }: { params: Params }) {
  const { workspace: slug } = await params;
  const ctx = await memberPage(slug, "team:manage");
  const groups = await listGroups(ctx);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Groups</h1>
        <p className="mt-1 text-sm text-slate-600">
          Colour-coded sets of members with permission overrides on top of their roles. A deny in any group beats a grant in another.
        </p>
      </div>
      <Card title={`Groups (${groups.length})`}>
        {groups.length === 0 ? <p className="text-sm text-slate-600">No groups yet. A group grants extra permissions to several members at once: create one below.</p> : null}
        <ul className="divide-y divide-slate-100">
          {groups.map((g) => (
            <li key={g.id} className="flex items-center justify-between gap-4 py-3" data-testid="group-row">
              <div className="min-w-0">
                <Link href={`/${slug}/groups/${g.id}`} className="hover:underline">
                  <GroupChip name={g.name} color={g.color} />
                </Link>
                {g.description ? <p className="mt-1 truncate text-xs text-slate-500">{g.description}</p> : null}
              </div>
              <div className="shrink-0 text-right text-xs text-slate-600">
                {g._count.members} member{g._count.members === 1 ? "" : "s"} · {g.overrides.filter((o) => o.granted).length} grants ·{" "}
                {g.overrides.filter((o) => !o.granted).length} denies
              </div>
            </li>
          ))}
        </ul>
      </Card>
      <Card title="New group">
        <GroupForm action={createGroupAction.bind(null, slug)} submitLabel="Create group" />
      </Card>
    </div>
  );
}
