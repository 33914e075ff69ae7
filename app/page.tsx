import Link from "next/link";
import { redirect } from "next/navigation";
import { currentSession } from "@/lib/auth/current";
import { workspacesOf } from "@/lib/workspaces/membership";

const CONTROLS = [
  ["Granular permissions", "Roles, colour-coded groups and per-user overrides, resolved in one place."],
  ["Masked caller numbers", "Numbers are stored as keyed hashes with a masked display form."],
  ["Signed webhooks", "HMAC-SHA256 signatures with timestamps and secret rotation grace."],
  ["Hashed API keys", "Checksummed keys, shown once, stored only as SHA-256."],
  ["Tamper-evident audit", "An append-only, hash-chained log of every sensitive action."],
  ["Hardened edge", "Per-request CSP nonces, strict headers and rate limits on every response."],
] as const;

export default async function HomePage() {
  const session = await currentSession();
  if (session) {
    const [first] = await workspacesOf(session.user.id);
    redirect(first ? `/${first.slug}` : "/account");
  }
  return (
    <main id="main" tabIndex={-1} className="mx-auto flex min-h-screen max-w-5xl flex-col px-6 py-16">
      <header className="flex items-center justify-between">
        <span className="flex items-center gap-2 text-lg font-semibold tracking-tight">
          <span aria-hidden className="inline-block h-6 w-6 rounded-md bg-brand-600" />
          Switchboard
        </span>
        <nav aria-label="Account" className="flex gap-3 text-sm">
          <Link className="rounded-md px-3 py-2 font-medium text-slate-700 hover:bg-slate-100" href="/sign-in">
            Sign in
          </Link>
          <Link className="rounded-md bg-brand-600 px-3 py-2 font-medium text-white hover:bg-brand-800" href="/sign-up">
            Create a workspace
          </Link>
        </nav>
      </header>
      <section className="mt-20 max-w-3xl">
        <h1 className="text-4xl font-semibold tracking-tight text-slate-900 sm:text-5xl">
          The secure control plane for voice-AI and communications.
        </h1>
        <p className="mt-6 text-lg leading-8 text-slate-600">
          Run your team, API keys, signed webhooks and masked call logs from one place — with every
          security control documented, tested and visible.
        </p>
      </section>
      <section aria-labelledby="controls" className="mt-16">
        <h2 id="controls" className="text-sm font-semibold uppercase tracking-wide text-slate-500">
          Built in, not bolted on
        </h2>
        <ul className="mt-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {CONTROLS.map(([title, text]) => (
            <li key={title} className="rounded-xl border border-slate-200 bg-surface p-5 shadow-sm">
              <h3 className="font-medium text-slate-900">{title}</h3>
              <p className="mt-2 text-sm leading-6 text-slate-600">{text}</p>
            </li>
          ))}
        </ul>
      </section>
      <footer className="mt-auto pt-16 text-sm text-slate-500">
        <Link className="hover:text-slate-700" href="/api/health" prefetch={false}>
          System status
        </Link>
      </footer>
    </main>
  );
}
