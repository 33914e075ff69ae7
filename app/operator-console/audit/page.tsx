import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { auditTableRows } from "@/components/audit/audit-rows";
import { AuditTable } from "@/components/audit/audit-table";
import { ChainBadgePending, ChainBadgeView } from "@/components/audit/chain-badge";
import { Card } from "@/components/ui/card";
import { staffPage } from "@/lib/entry/staff";
import { oneParam } from "@/lib/forms/url-filters";
import { platformAuditPage } from "@/lib/operator/activity";
import { consolePath } from "@/lib/operator/paths";

export const metadata: Metadata = { title: "Platform audit log" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * The platform's own hash chain (SPEC §11: every action audited): staff sign-ins and
 * sign-outs, lockouts cleared, deleted workspaces' anonymised records. A suspension is in the
 * suspended workspace's chain instead, where its owners see it.
 */
export default async function ConsoleAuditPage({ searchParams }: { searchParams: SearchParams }) {
  const ctx = await staffPage();
  const raw = oneParam((await searchParams).cursor);
  const cursor = raw && /^[1-9]\d{0,18}$/.test(raw) ? raw : undefined;
  const page = await platformAuditPage(ctx, cursor);
  const base = consolePath("/audit");
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Platform audit log</h1>
          <p className="mt-1 text-sm text-slate-600">
            Staff sign-ins, cleared lockouts and deleted workspaces, append-only and hash-chained. Suspensions are recorded in the workspace&apos;s own log.
          </p>
        </div>
        <Suspense fallback={<ChainBadgePending />}>
          <ChainBadgeView workspaceId={null} />
        </Suspense>
      </div>
      <Card title="Entries">
        <AuditTable rows={auditTableRows(page.entries)} />
        <nav className="mt-4 flex items-center justify-between text-sm" aria-label="Pages">
          {cursor ? <Link href={base} className="text-brand-700 hover:underline">← Newest</Link> : <span />}
          {page.nextCursor ? <Link href={`${base}?cursor=${page.nextCursor}`} className="text-brand-700 hover:underline">Older entries →</Link> : null}
        </nav>
      </Card>
    </div>
  );
}
