import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Card } from "@/components/ui/card";
import { requireSession } from "@/lib/auth/current";
import { formatDateTime } from "@/lib/format/dates";
import { membershipBySlug } from "@/lib/workspaces/membership";
import { workspaceOverview } from "@/lib/workspaces/overview";

export const metadata: Metadata = { title: "Overview" };

type Params = Promise<{ workspace: string }>;

export default async function WorkspaceHome({ params }: { params: Params }) {
  const { workspace: slug } = await params;
  const session = await requireSession(`/${slug}`);
  const membership = await membershipBySlug(session.user.id, slug);
  if (!membership) notFound();
  const overview = await workspaceOverview(membership.workspace.id);
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm text-slate-500">Workspace</p>
        <h1 className="text-2xl font-semibold tracking-tight">{membership.workspace.name}</h1>
        <p className="mt-1 text-sm text-slate-600">
          You are signed in as <span className="font-medium">{session.user.email}</span> with the{" "}
          <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-800">{membership.role}</span> role.
        </p>
      </div>
      <div className="grid gap-4 sm:grid-cols-3">
        <Card title="Members">
          <p className="text-3xl font-semibold">{overview.members}</p>
        </Card>
        <Card title="Created">
          <p className="text-sm text-slate-700">{formatDateTime(overview.createdAt)}</p>
        </Card>
        <Card title="Workspace URL">
          <p className="font-mono text-sm text-slate-700">/{membership.workspace.slug}</p>
        </Card>
      </div>
    </div>
  );
}
