import type { Metadata } from "next";
import Link from "next/link";
import { TopUpForm } from "@/components/billing/top-up-form";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { TableHead } from "@/components/ui/table-head";
import { memberPage } from "@/lib/entry/page";
import { getBalances, LEDGER_KIND_LABEL, listLedger } from "@/lib/billing/ledger";
import { formatMoney } from "@/lib/billing/money";
import { billingMode } from "@/lib/billing/topup";
import { AppError } from "@/lib/core/errors";
import { formatDateTime } from "@/lib/format/dates";

export const metadata: Metadata = { title: "Billing" };

type Params = Promise<{ workspace: string }>;
type Search = Promise<Record<string, string | string[] | undefined>>;

const one = (v: string | string[] | undefined) => (typeof v === "string" ? v.slice(0, 200) : undefined);

/** A ledger page; a tampered cursor shows the first page rather than an error page. */
async function ledgerPage(ctx: Parameters<typeof listLedger>[0], cursor: string | undefined) {
  try {
    return { ...(await listLedger(ctx, { cursor })), cursor };
  } catch (error) {
    if (error instanceof AppError && error.code === "VALIDATION_FAILED") return { ...(await listLedger(ctx)), cursor: undefined };
    throw error;
  }
}

export default async function BillingPage({ params, searchParams }: { params: Params; searchParams: Search }) {
  const { workspace: slug } = await params;
  const ctx = await memberPage(slug, "billing:manage");
  const search = await searchParams;
  const [balances, ledger] = await Promise.all([getBalances(ctx), ledgerPage(ctx, one(search.cursor))]);
  const mode = billingMode();
  const checkout = one(search.checkout);
  const [main, ...others] = balances;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Billing</h1>
        <p className="mt-1 text-sm text-slate-600">Prepaid credit for calls. Every top-up is recorded in the ledger and the audit log.</p>
      </div>

      {mode === "test" ? (
        <Alert tone="warning">
          <strong>Test mode — no money moves.</strong> Card payments are not configured (no <code className="text-xs">STRIPE_SECRET_KEY</code>), so a
          top-up here adds test credit directly.
        </Alert>
      ) : null}
      {checkout === "success" ? <Alert tone="success">Payment submitted. Your balance updates as soon as Stripe confirms it — usually within seconds.</Alert> : null}
      {checkout === "cancelled" ? <Alert tone="info">Checkout cancelled. Nothing was charged.</Alert> : null}

      <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <Card title="Credit balance">
          <p className="text-4xl font-semibold tracking-tight text-slate-900" data-testid="balance">{formatMoney(main.amountMinor, main.currency)}</p>
          {others.length > 0 ? (
            <ul className="mt-2 space-y-0.5 text-sm text-slate-600" aria-label="Other currencies">
              {others.map((b) => (
                <li key={b.currency}>{formatMoney(b.amountMinor, b.currency)}</li>
              ))}
            </ul>
          ) : null}
          <p className="mt-2 text-xs text-slate-500">The sum of every ledger entry below.</p>
        </Card>
        <Card title={mode === "stripe" ? "Top up" : "Add test credit"} description={mode === "stripe" ? "Pay by card through Stripe Checkout." : "Test mode — no money moves."}>
          <TopUpForm slug={slug} mode={mode} />
        </Card>
      </div>

      <Card title="Ledger" description="Newest first.">
        {ledger.items.length === 0 ? (
          <p className="py-4 text-center text-sm text-slate-500">No entries yet. Top-ups appear here.</p>
        ) : (
          <div className="relative overflow-x-auto" tabIndex={0}>
            <table className="w-full text-left text-sm" aria-label="Ledger">
              <TableHead columns={[{ label: "Date" }, { label: "Entry" }, { label: "Reference" }, { label: "Amount", align: "right" }]} />
              <tbody className="divide-y divide-slate-100">
                {ledger.items.map((e) => (
                  <tr key={e.id} data-testid="ledger-row">
                    <td className="whitespace-nowrap py-2.5 pr-4 text-slate-600">{formatDateTime(e.createdAt)}</td>
                    <td className="py-2.5 pr-4">
                      {LEDGER_KIND_LABEL[e.kind] ?? e.kind}
                      {e.kind === "test_topup" ? <span className="ml-2 rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-900 ring-1 ring-inset ring-amber-600/20">Test</span> : null}
                    </td>
                    <td className="max-w-64 truncate py-2.5 pr-4 font-mono text-xs text-slate-500" title={e.reference ?? undefined}>{e.reference ?? "—"}</td>
                    <td className={`whitespace-nowrap py-2.5 text-right font-medium tabular-nums ${e.amountMinor < 0 ? "text-slate-900" : "text-emerald-700"}`}>
                      {e.amountMinor > 0 ? "+" : ""}
                      {formatMoney(e.amountMinor, e.currency)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {ledger.cursor || ledger.nextCursor ? (
          <div className="mt-4 flex gap-4 text-sm">
            {ledger.cursor ? <Link href={`/${slug}/billing`} className="text-brand-700 hover:underline">← Newest</Link> : null}
            {ledger.nextCursor ? (
              <Link href={`/${slug}/billing?cursor=${encodeURIComponent(ledger.nextCursor)}`} className="text-brand-700 hover:underline">Older entries →</Link>
            ) : null}
          </div>
        ) : null}
      </Card>
    </div>
  );
}
