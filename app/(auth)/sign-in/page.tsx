import type { Metadata } from "next";
import { cookies, headers } from "next/headers";
import Link from "next/link";
import { redirect } from "next/navigation";
import { PasskeySignInButton } from "@/components/auth/passkey-sign-in-button";
import { SignInForm } from "@/components/auth/sign-in-form";
import { Alert } from "@/components/ui/alert";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { cookieNames } from "@/lib/auth/cookies";
import { currentSession } from "@/lib/auth/current";
import { AUTH_ERROR_MESSAGES } from "@/lib/auth/errors";
import { openPendingSignIn } from "@/lib/auth/mfa/pending";
import { AUTH_CSRF_HEADER } from "@/lib/auth/next-auth-csrf";

export const metadata: Metadata = { title: "Sign in" };

const NOTICES: Record<string, string> = {
  signed_up: "Your account is ready. Sign in to continue.",
  reset: "Your password was changed. Sign in with the new one.",
  signed_out: "You are signed out.",
  account_deleted: "Your account was deleted. A confirmation was sent to your address.",
  invited: "Your account is ready. Sign in to join the workspace.",
};

type Search = Promise<Record<string, string | string[] | undefined>>;

/** The answers of a credentials POST that leave the sign-in at its second step. */
const SECOND_STEP_ERRORS = new Set(["mfa_required", "invalid_otp", "passkey_failed"]);

/** The user whose password this browser typed in the last 5 minutes (lib/auth/mfa/pending.ts), if any. */
async function pendingSignInUser(): Promise<string | null> {
  const sealed = (await cookies()).get(cookieNames().pendingSignIn)?.value;
  return openPendingSignIn(sealed, { userAgent: (await headers()).get("user-agent") });
}

export default async function SignInPage({ searchParams }: { searchParams: Search }) {
  const params = await searchParams;
  const errorCode = typeof params.error === "string" ? params.error : undefined;
  // A refused attempt comes back from next-auth as /sign-in?error=… without the destination;
  // next-auth kept it (checked by the same rule) in its callback-url cookie on that POST.
  const remembered = errorCode && params.callbackUrl === undefined ? (await cookies()).get(cookieNames().callbackUrl)?.value : undefined;
  const callbackUrl = safeCallbackPath(params.callbackUrl ?? remembered);
  if (await currentSession()) redirect(callbackUrl);
  const csrfToken = (await headers()).get(AUTH_CSRF_HEADER) ?? "";
  const error = errorCode
    ? (AUTH_ERROR_MESSAGES[errorCode as keyof typeof AUTH_ERROR_MESSAGES] ?? AUTH_ERROR_MESSAGES.invalid_credentials)
    : undefined;
  const notice = typeof params.notice === "string" ? NOTICES[params.notice] : undefined;
  // The password was right and a second factor is next (SPEC §1): while this browser's pending
  // note is good, the page asks for the code (or a passkey), not the password again.
  if (errorCode && SECOND_STEP_ERRORS.has(errorCode) && (await pendingSignInUser())) {
    return (
      <>
        <h1 className="text-xl font-semibold tracking-tight">Two-factor authentication</h1>
        <div className="mt-4 space-y-3">
          {errorCode === "mfa_required" ? (
            <p className="text-sm text-slate-700">Your password was right. Confirm it’s you with your authenticator app, a recovery code or a passkey.</p>
          ) : (
            <Alert tone="error">{error}</Alert>
          )}
        </div>
        <SignInForm initialCsrf={csrfToken} callbackUrl={callbackUrl} step="second" />
        <PasskeySignInButton callbackUrl={callbackUrl} step="second" label="Use a passkey instead" />
        <p className="mt-5 text-xs text-slate-600">
          Lost your device? Enter one of your recovery codes above. Resetting your password does not remove two-factor authentication.
        </p>
        <div className="mt-3 text-sm">
          <Link className="text-brand-700 underline-offset-2 hover:underline" href="/sign-in">
            Use another account
          </Link>
        </div>
      </>
    );
  }
  return (
    <>
      <h1 className="text-xl font-semibold tracking-tight">Sign in to Switchboard</h1>
      <div className="mt-4 space-y-3">
        {notice ? <Alert tone="success">{notice}</Alert> : null}
        {error ? <Alert tone="error">{error}</Alert> : null}
      </div>
      <SignInForm initialCsrf={csrfToken} callbackUrl={callbackUrl} />
      <PasskeySignInButton callbackUrl={callbackUrl} />
      <div className="mt-5 flex justify-between text-sm">
        <Link className="text-brand-700 hover:underline" href="/forgot-password">
          Forgot password?
        </Link>
        <Link className="text-brand-700 hover:underline" href="/sign-up">
          Create a workspace
        </Link>
      </div>
    </>
  );
}
