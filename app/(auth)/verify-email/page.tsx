import type { Metadata } from "next";
import { cookies } from "next/headers";
import Link from "next/link";
import { VerifyEmailForm } from "@/components/auth/verify-email-form";
import { Alert } from "@/components/ui/alert";
import { cookieNames } from "@/lib/auth/cookies";
import { openVerification } from "@/lib/auth/email-verification";
import { signedUpHere } from "@/lib/auth/sign-up-cookie";

export const metadata: Metadata = { title: "Confirm your email" };

type Search = Promise<Record<string, string | string[] | undefined>>;

/** Where a verification link lands (decision 032). Opening it changes nothing: the form does. */
export default async function VerifyEmailPage({ searchParams }: { searchParams: Search }) {
  const { token } = await searchParams;
  const value = typeof token === "string" ? token : "";
  const opened = await openVerification(value);
  if (!opened) {
    return (
      <>
        <h1 className="text-xl font-semibold tracking-tight">Confirm your email</h1>
        <div className="mt-4 space-y-3">
          <Alert tone="error">This link is invalid, used or expired. Sign up again to get a new one.</Alert>
          <p className="text-sm text-slate-600">
            Already confirmed? <Link className="text-brand-700 hover:underline" href="/sign-in">Sign in</Link>.{" "}
            <Link className="text-brand-700 hover:underline" href="/sign-up">Sign up again</Link>
          </p>
        </div>
      </>
    );
  }
  const here = await signedUpHere((await cookies()).get(cookieNames().signUp)?.value, opened.user.id);
  return (
    <>
      <h1 className="text-xl font-semibold tracking-tight">Confirm your email</h1>
      <p className="mt-1 text-sm text-slate-600">
        {opened.user.email} — workspace <span className="font-medium">{opened.workspace.name}</span>
      </p>
      <VerifyEmailForm token={value} workspace={opened.workspace.name} needsPassword={!here} />
    </>
  );
}
