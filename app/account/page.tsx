import type { Metadata } from "next";
import { ChangePasswordForm } from "@/components/account/change-password-form";
import { DeleteAccountForm } from "@/components/account/delete-account-form";
import { SessionsTable } from "@/components/account/sessions-table";
import { StepUpForm } from "@/components/account/step-up-form";
import { ToastProvider } from "@/components/ui/toast";
import { StepUpMethodProvider } from "@/components/account/step-up-method";
import { TwoFactorCard } from "@/components/account/two-factor-card";
import { PasskeysSection } from "@/components/account/passkeys-section";
import { AppHeader } from "@/components/app-header";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { currentStepUpSecondsLeft } from "@/lib/auth/current";
import { sessionPage } from "@/lib/entry/page";
import { listActiveSessions } from "@/lib/auth/sessions";
import { enrolled, secondFactorsOf } from "@/lib/auth/mfa/factors";
import { workspacesRequiringTwoFactor } from "@/lib/auth/mfa/policy";
import { workspacesOf } from "@/lib/workspaces/membership";

export const metadata: Metadata = { title: "Account" };

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function AccountPage({ searchParams }: { searchParams: Search }) {
  const session = await sessionPage("/account");
  const params = await searchParams;
  const [sessions, stepUpLeft, workspaces, factors, requiredBy] = await Promise.all([
    listActiveSessions(session.user.id),
    currentStepUpSecondsLeft(session),
    workspacesOf(session.user.id),
    secondFactorsOf(session.user.id),
    workspacesRequiringTwoFactor(session.user.id),
  ]);
  const sentFrom = typeof params.two_factor_required === "string" ? workspaces.find((w) => w.slug === params.two_factor_required)?.name : undefined;
  return (
    <>
      <AppHeader user={session.user} workspaces={workspaces} />
      <StepUpMethodProvider method={enrolled(factors) ? "second_factor" : "password"} passkeys={factors.passkeys > 0}>
        <ToastProvider>
      <main id="main" tabIndex={-1} className="mx-auto max-w-4xl space-y-6 px-6 py-10">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Account</h1>
          <p className="mt-1 text-sm text-slate-600">Your profile, password and signed-in sessions.</p>
        </div>
        <Card title="Profile">
          <dl className="grid grid-cols-[8rem_1fr] gap-y-2 text-sm">
            <dt className="text-slate-500">Name</dt>
            <dd className="text-slate-900">{session.user.name}</dd>
            <dt className="text-slate-500">Email</dt>
            <dd className="text-slate-900">{session.user.email}</dd>
          </dl>
        </Card>
        <Card title="Password" description="Changing it signs out every other session.">
          <ChangePasswordForm />
        </Card>
        <TwoFactorCard totp={factors.totp} enrolled={enrolled(factors)} recoveryCodesLeft={factors.recoveryCodesLeft} requiredBy={requiredBy} sentFrom={sentFrom} passkeys={<PasskeysSection userId={session.user.id} />} />
        <Card
          title="Sudo mode"
          description="Creating keys, rotating secrets, changing roles and exporting data ask for your password again. Once confirmed, they stay unlocked for 10 minutes."
        >
          {stepUpLeft > 0 ? (
            <Alert tone="info">Sudo mode is on for {Math.ceil(stepUpLeft / 60)} more minute{stepUpLeft > 60 ? "s" : ""}.</Alert>
          ) : (
            <StepUpForm />
          )}
        </Card>
        <Card title="Sessions" description="Where you are signed in. Revoking a session signs it out on its next request.">
          <SessionsTable sessions={sessions} currentId={session.sessionId} />
        </Card>
        <Card title="Delete account" description="Remove your account and your access to every workspace, for good.">
          <DeleteAccountForm email={session.user.email} workspaces={workspaces.map((w) => w.name)} />
        </Card>
      </main>
        </ToastProvider>
      </StepUpMethodProvider>
    </>
  );
}
