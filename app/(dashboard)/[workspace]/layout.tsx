import { notFound } from "next/navigation";
import { StepUpMethodProvider } from "@/components/account/step-up-method";
import { AppHeader } from "@/components/app-header";
import { ToastProvider } from "@/components/ui/toast";
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
  const nav = visibleNav(ctx.can).map(({ label, path, section }) => ({ label, path, section }));
  return (
    <>
      <AppHeader user={ctx.user} workspaces={workspaces} current={slug} nav={nav} />
      {ctx.workspace.suspension ? <WorkspaceSuspendedBanner suspension={ctx.workspace.suspension} owner={ctx.membership.role === "owner"} /> : null}
      {ctx.workspace.closure ? <WorkspaceClosedBanner slug={slug} closure={ctx.workspace.closure} owner={ctx.membership.role === "owner"} /> : null}
      <div className="mx-auto flex max-w-6xl gap-6 px-4 py-6 sm:px-6 md:py-8">
        {/* Below md the navigation is the header's Menu drawer. */}
        <div className="hidden w-48 shrink-0 md:block">
          <WorkspaceNav slug={slug} items={nav} />
        </div>
        <main id="main" tabIndex={-1} className="min-w-0 flex-1">
          <StepUpMethodProvider method={ctx.twoFactor.enrolled ? "second_factor" : "password"} passkeys={ctx.twoFactor.passkeys}>
            <ToastProvider>{children}</ToastProvider>
          </StepUpMethodProvider>
        </main>
      </div>
    </>
  );
}
