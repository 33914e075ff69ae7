import { notFound } from "next/navigation";
import { AppHeader } from "@/components/app-header";
import { WorkspaceClosedBanner } from "@/components/workspace-closed-banner";
import { WorkspaceSuspendedBanner } from "@/components/workspace-suspended-banner";
import { WorkspaceNav } from "@/components/workspace-nav";
import { currentSession } from "@/lib/auth/current";
import { visibleNav } from "@/lib/authz/navigation";
import { workspacePage } from "@/lib/entry/page";
import { workspaceExists, workspacesOf } from "@/lib/workspaces/membership";

type Params = Promise<{ workspace: string }>;

export default async function WorkspaceLayout({ children, params }: { children: React.ReactNode; params: Params }) {
  const { workspace: slug } = await params;
  // Paths that are no workspace (/admin, typos) are 404 for everyone; a real workspace asks
  // a signed-out visitor to sign in. Workspace slugs are names, not secrets.
  if (!(await currentSession()) && !(await workspaceExists(slug))) notFound();
  const ctx = await workspacePage(slug);
  const workspaces = await workspacesOf(ctx.user.id);
  const nav = visibleNav(ctx.can).map(({ label, path }) => ({ label, path }));
  return (
    <>
      <AppHeader user={ctx.user} workspaces={workspaces} current={slug} />
      {ctx.workspace.suspension ? <WorkspaceSuspendedBanner suspension={ctx.workspace.suspension} owner={ctx.membership.role === "owner"} /> : null}
      {ctx.workspace.closure ? <WorkspaceClosedBanner slug={slug} closure={ctx.workspace.closure} owner={ctx.membership.role === "owner"} /> : null}
      <div className="mx-auto flex max-w-6xl flex-col gap-6 px-6 py-8 md:flex-row">
        <aside className="md:w-48 md:shrink-0">
          <WorkspaceNav slug={slug} items={nav} />
        </aside>
        <main id="main" tabIndex={-1} className="min-w-0 flex-1">
          {children}
        </main>
      </div>
    </>
  );
}
