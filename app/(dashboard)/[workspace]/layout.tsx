import { notFound } from "next/navigation";
import { AppHeader } from "@/components/app-header";
import { currentSession, requireSession } from "@/lib/auth/current";
import { membershipBySlug, workspaceExists, workspacesOf } from "@/lib/workspaces/membership";

type Params = Promise<{ workspace: string }>;

export default async function WorkspaceLayout({ children, params }: { children: React.ReactNode; params: Params }) {
  const { workspace: slug } = await params;
  // Paths that are no workspace (/admin, typos) are 404 for everyone; a real workspace asks
  // a signed-out visitor to sign in. Workspace slugs are names, not secrets.
  if (!(await currentSession()) && !(await workspaceExists(slug))) notFound();
  const session = await requireSession(`/${slug}`);
  // Not a member (or no such workspace): 404, never 403 — its existence is not ours to tell.
  const membership = await membershipBySlug(session.user.id, slug);
  if (!membership) notFound();
  const workspaces = await workspacesOf(session.user.id);
  return (
    <>
      <AppHeader user={session.user} workspaces={workspaces} current={slug} />
      <div className="mx-auto max-w-6xl px-6 py-8">{children}</div>
    </>
  );
}
