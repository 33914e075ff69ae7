import type { Metadata } from "next";
import { SignOutEverywhereForm } from "@/components/operator/staff-account-forms";
import { ResetFactorsForm } from "@/components/operator/reset-factors-form";
import { Card } from "@/components/ui/card";
import { staffPage } from "@/lib/entry/staff";

export const metadata: Metadata = { title: "Members" };

/** Member accounts: sign one out on every device (decision 030); reset their second factors (decision 028). */
export default async function ConsoleUsersPage() {
  await staffPage();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Members</h1>
        <p className="mt-1 text-sm text-slate-600">
          For a compromised account: every session it has ends at its next request, in every workspace. The member is emailed the reason; their
          workspaces&apos; audit logs and the platform&apos;s record it.
        </p>
      </div>
      <Card title="Sign a member out everywhere">
        <SignOutEverywhereForm />
      </Card>
      <Card
        title="Reset a member's two-factor authentication"
        description="For a member who lost their authenticator and their recovery codes. Workspace owners cannot do this. Check who is asking first, and write down how: the authenticator app, passkeys and recovery codes are removed and every session ends."
      >
        <ResetFactorsForm />
      </Card>
    </div>
  );
}
