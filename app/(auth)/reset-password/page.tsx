import type { Metadata } from "next";
import Link from "next/link";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";
import { Alert } from "@/components/ui/alert";
import { validResetToken } from "@/lib/auth/password-reset";

export const metadata: Metadata = { title: "Choose a new password" };

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function ResetPasswordPage({ searchParams }: { searchParams: Search }) {
  const { token } = await searchParams;
  const valid = typeof token === "string" && (await validResetToken(token)) !== null;
  return (
    <>
      <h1 className="text-xl font-semibold tracking-tight">Choose a new password</h1>
      {valid ? (
        <>
          <p className="mt-1 text-sm text-slate-600">Every signed-in session will be signed out.</p>
          <ResetPasswordForm token={token as string} />
        </>
      ) : (
        <div className="mt-4 space-y-4">
          <Alert tone="error">This reset link is invalid, used or expired.</Alert>
          <Link className="text-sm text-brand-700 hover:underline" href="/forgot-password">
            Ask for a new link
          </Link>
        </div>
      )}
    </>
  );
}
