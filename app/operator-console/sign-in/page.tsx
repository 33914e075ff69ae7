import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { StaffSignInForm } from "@/components/operator/console-forms";
import { StaffPasskeySignInForm } from "@/components/operator/staff-passkey-sign-in-form";
import { config } from "@/lib/config";
import { consolePath } from "@/lib/operator/paths";
import { assertConsoleRequest, currentStaff } from "@/lib/operator/session";

export const metadata: Metadata = { title: "Sign in" };

/** Public: the console marker, then the form; a signed-in staff member goes straight in. */
export default async function StaffSignInPage() {
  await assertConsoleRequest();
  if (await currentStaff()) redirect(consolePath());
  return (
    <div className="mx-auto max-w-sm rounded-xl border border-slate-200 bg-surface p-6 shadow-sm">
      <h1 className="text-xl font-semibold tracking-tight">Staff sign-in</h1>
      <p className="mt-1 mb-5 text-sm text-slate-600">Platform staff only. Every action here is audited.</p>
      {config().OPERATOR_REQUIRE_PASSKEY ? <StaffPasskeySignInForm /> : <StaffSignInForm />}
    </div>
  );
}
