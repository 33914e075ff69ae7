import type { Metadata } from "next";
import Link from "next/link";
import { signOutAction } from "@/app/actions/sign-out";
import { AcceptButton, NewAccountForm } from "@/components/invitations/accept-forms";
import { Logo } from "@/components/logo";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { currentSession } from "@/lib/auth/current";
import { openInvitation } from "@/lib/team/invitations";

export const metadata: Metadata = { title: "Invitation" };

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function AcceptInvitationPage({ searchParams }: { searchParams: Search }) {
  const { token } = await searchParams;
  const value = typeof token === "string" ? token : "";
  const [invitation, session] = await Promise.all([openInvitation(value), currentSession()]);
  const back = `/invitations/accept?token=${encodeURIComponent(value)}`;
  let body: React.ReactNode;
  if (!invitation) {
    body = <Alert tone="error">This invitation is invalid, used, revoked or expired. Ask for a new one.</Alert>;
  } else if (session && session.user.email === invitation.email) {
    body = <AcceptButton token={value} workspace={invitation.workspace.name} />;
  } else if (session) {
    body = (
      <div className="space-y-3">
        <Alert tone="warning">
          This invitation is for {invitation.email}, but you are signed in as {session.user.email}.
        </Alert>
        <form action={signOutAction}>
          <Button type="submit" variant="secondary" className="w-full">Sign out</Button>
        </form>
      </div>
    );
  } else if (invitation.hasAccount) {
    body = (
      <Link className="block rounded-md bg-brand-600 px-4 py-2 text-center text-sm font-medium text-white hover:bg-brand-800" href={`/sign-in?callbackUrl=${encodeURIComponent(back)}`}>
        Sign in as {invitation.email} to accept
      </Link>
    );
  } else {
    body = <NewAccountForm token={value} email={invitation.email} />;
  }
  return (
    <main id="main" tabIndex={-1} className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <div className="mb-8"><Logo /></div>
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-surface p-6 shadow-sm">
        <h1 className="text-xl font-semibold tracking-tight">
          {invitation ? `Join ${invitation.workspace.name}` : "Invitation"}
        </h1>
        {invitation ? (
          <p className="mt-1 text-sm text-slate-600">You are invited as <span className="font-medium">{invitation.role}</span>.</p>
        ) : null}
        <div className="mt-5">{body}</div>
      </div>
    </main>
  );
}
