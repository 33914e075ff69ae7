import type { Metadata } from "next";
import Link from "next/link";
import { ForgotPasswordForm } from "@/components/auth/forgot-password-form";

export const metadata: Metadata = { title: "Reset your password" };

export default function ForgotPasswordPage() {
  return (
    <>
      <h1 className="text-xl font-semibold tracking-tight">Reset your password</h1>
      <p className="mt-1 text-sm text-slate-600">We will email you a link that works once, for 30 minutes.</p>
      <ForgotPasswordForm />
      <p className="mt-5 text-sm">
        <Link className="text-brand-700 hover:underline" href="/sign-in">
          Back to sign in
        </Link>
      </p>
    </>
  );
}
