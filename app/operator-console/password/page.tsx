import type { Metadata } from "next";
import { ChangeStaffPasswordForm } from "@/components/operator/staff-account-forms";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { staffPasswordPage } from "@/lib/entry/staff";

export const metadata: Metadata = { title: "Password" };

/** Change the staff password; with a CLI-set one, the only page the console shows until it is (decision 031). */
export default async function ConsolePasswordPage() {
  const ctx = await staffPasswordPage();
  return (
    <div className="mx-auto max-w-md space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Your password</h1>
      {ctx.staff.mustChangePassword ? (
        <Alert tone="warning">
          Your password was set from the command line and must be changed before you can use the console. Until then it expires 24 hours after
          it was set.
        </Alert>
      ) : null}
      <Card title="Change password" description="Your other console sessions are signed out. Audited.">
        <ChangeStaffPasswordForm />
      </Card>
    </div>
  );
}
