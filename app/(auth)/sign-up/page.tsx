import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { currentSession } from "@/lib/auth/current";

export const metadata: Metadata = { title: "Create a workspace" };

export default async function SignUpPage() {
  if (await currentSession()) redirect("/");
  return (
    <>
      <h1 className="text-xl font-semibold tracking-tight">Create your workspace</h1>
      <p className="mt-1 text-sm text-slate-600">You will be its owner.</p>
      <SignUpForm />
      <p className="mt-5 text-sm text-slate-600">
        Already have an account?{" "}
        <Link className="text-brand-700 hover:underline" href="/sign-in">
          Sign in
        </Link>
      </p>
    </>
  );
}
