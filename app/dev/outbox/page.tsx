import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { currentRequestMeta } from "@/lib/auth/current";
import { config } from "@/lib/config";
import { outboxEnabled, outboxFor } from "@/lib/email/send";
import { formatDateTime } from "@/lib/format/dates";
import { isLoopback } from "@/lib/security/loopback";

export const metadata: Metadata = { title: "Local outbox" };

type Search = Promise<Record<string, string | string[] | undefined>>;

/** The body with this app's own links clickable; any other URL (a name someone typed) stays text. */
function Body({ text }: { text: string }) {
  const origin = new URL(config().APP_URL).origin;
  return text.split(/(https?:\/\/[^\s<>"]+)/).map((part, i) => {
    const isOurs = i % 2 === 1 && URL.canParse(part) && new URL(part).origin === origin;
    return isOurs ? (
      <a key={i} href={part} className="text-brand-700">
        {part}
      </a>
    ) : (
      part
    );
  });
}

/**
 * Emails kept locally when no SMTP server is configured. They hold reset links, so the page
 * exists only without SMTP, only over http (never a real deployment) and only for requests
 * from this machine (decision 004).
 */
export default async function OutboxPage({ searchParams }: { searchParams: Search }) {
  await headers();
  const { ip } = await currentRequestMeta();
  if (!outboxEnabled() || !isLoopback(ip)) notFound();
  const { to } = await searchParams;
  const emails = await outboxFor(typeof to === "string" ? to : undefined);
  return (
    <main id="main" tabIndex={-1} className="mx-auto max-w-4xl px-6 py-10">
      <h1 className="text-2xl font-semibold tracking-tight">Local outbox</h1>
      <p className="mt-1 text-sm text-slate-600">
        No SMTP server is configured (SMTP_URL), so emails are kept here. Newest first.
      </p>
      <ol className="mt-6 space-y-4">
        {emails.length === 0 ? <li className="text-sm text-slate-500">No emails yet.</li> : null}
        {emails.map((e) => (
          <li key={e.id} className="rounded-xl border border-slate-200 bg-surface p-5 shadow-sm" data-testid="outbox-email">
            <p className="text-xs text-slate-500">{formatDateTime(e.createdAt)}</p>
            <p className="mt-1 text-sm">
              <span className="text-slate-500">To</span> <span data-testid="outbox-to">{e.to}</span>
            </p>
            <h2 className="mt-1 font-medium text-slate-900">{e.subject}</h2>
            <pre className="mt-3 whitespace-pre-wrap break-all font-sans text-sm text-slate-700" data-testid="outbox-body">
              <Body text={e.text} />
            </pre>
          </li>
        ))}
      </ol>
    </main>
  );
}
