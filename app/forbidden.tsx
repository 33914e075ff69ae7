import Link from "next/link";

export default function Forbidden() {
  return (
    <main id="main" tabIndex={-1} className="mx-auto flex min-h-[60vh] max-w-xl flex-col items-start justify-center px-6">
      <p className="text-sm font-semibold text-red-600">403</p>
      <h1 className="mt-2 text-3xl font-semibold tracking-tight">You don&apos;t have access to this page</h1>
      <p className="mt-4 text-slate-600">
        Your role in this workspace does not include it. Ask a workspace admin if you need access.
      </p>
      <Link className="mt-8 rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-800" href="/">
        Back to your workspace
      </Link>
    </main>
  );
}
