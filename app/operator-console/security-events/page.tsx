import type { Metadata } from "next";
import Link from "next/link";
import { SecurityEventFilters } from "@/components/security/event-filters";
import { SecurityEventsTable } from "@/components/security/events-table";
import { Alert } from "@/components/ui/alert";
import { staffPage } from "@/lib/entry/staff";
import { securityEventsAcrossWorkspaces } from "@/lib/operator/activity";
import { consolePath } from "@/lib/operator/paths";
import { parseSecurityPage, securityHref } from "@/lib/security-page/events";

export const metadata: Metadata = { title: "Security events" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** Security events across every workspace and the platform itself (SPEC §11). */
export default async function ConsoleSecurityEventsPage({ searchParams }: { searchParams: SearchParams }) {
  const ctx = await staffPage();
  const state = parseSecurityPage(await searchParams);
  const base = consolePath("/security-events");
  const page = await securityEventsAcrossWorkspaces(ctx, state.query, state.cursor);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Security events</h1>
        <p className="mt-1 text-sm text-slate-600">Every workspace&apos;s events and the platform&apos;s own (sign-in failures, rate limits, refused requests), newest first.</p>
      </div>
      <div className="rounded-xl border border-slate-200 bg-surface p-4">
        <SecurityEventFilters action={base} state={state} />
      </div>
      {state.errors.length > 0 ? <Alert tone="error">{state.errors.join(" ")}</Alert> : null}
      <div className="rounded-xl border border-slate-200 bg-surface px-5 py-2">
        <SecurityEventsTable events={page.events} showWorkspace />
      </div>
      <nav aria-label="Pages" className="flex justify-between text-sm">
        {state.cursor ? <Link href={securityHref(base, state, { cursor: undefined })} className="text-brand-700 hover:underline">← Newest</Link> : <span />}
        {page.nextCursor ? <Link href={securityHref(base, state, { cursor: page.nextCursor })} className="text-brand-700 hover:underline">Older →</Link> : null}
      </nav>
    </div>
  );
}
