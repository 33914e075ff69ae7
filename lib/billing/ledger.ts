import "server-only";
import { createdBefore, decodeCursor, page } from "../core/pagination";
import type { WorkspaceContext } from "../authz/context";
import { BILLING_CURRENCY } from "./money";

export const LEDGER_PAGE = 25;

export interface Balance {
  currency: string;
  amountMinor: number;
}

/**
 * The credit balance: the sum of the ledger, per currency (top-ups arrive in the currency
 * Stripe charged). The billing currency is always present, first.
 */
/** The workspace's balances: the billing currency's first (there is always one), then any other. */
export async function getBalances(ctx: WorkspaceContext): Promise<[Balance, ...Balance[]]> {
  await ctx.require("billing:manage");
  const sums = await ctx.data((tx) =>
    tx.ledgerEntry.groupBy({ by: ["currency"], where: { workspaceId: ctx.workspace.id }, _sum: { amountMinor: true } }),
  );
  const balances = sums.map((s) => ({ currency: s.currency, amountMinor: s._sum.amountMinor ?? 0 }));
  const main = balances.find((b) => b.currency === BILLING_CURRENCY) ?? { currency: BILLING_CURRENCY, amountMinor: 0 };
  const others = balances.filter((b) => b.currency !== BILLING_CURRENCY).sort((a, b) => a.currency.localeCompare(b.currency));
  return [main, ...others];
}

export interface LedgerRow {
  id: string;
  kind: string;
  amountMinor: number;
  currency: string;
  reference: string | null;
  createdAt: Date;
}

/** Newest first, keyset pages on (created_at, id); `cursor` is the previous page's `nextCursor`. */
export async function listLedger(ctx: WorkspaceContext, options: { cursor?: string; limit?: number } = {}): Promise<{ items: LedgerRow[]; nextCursor: string | null }> {
  await ctx.require("billing:manage");
  const limit = Math.min(Math.max(options.limit ?? LEDGER_PAGE, 1), 100);
  const cursor = decodeCursor(options.cursor);
  const rows = await ctx.data((tx) =>
    tx.ledgerEntry.findMany({
      where: { workspaceId: ctx.workspace.id, ...createdBefore(cursor) },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: limit + 1,
      select: { id: true, kind: true, amountMinor: true, currency: true, reference: true, createdAt: true },
    }),
  );
  return page(rows, limit);
}

export const LEDGER_KIND_LABEL: Record<string, string> = {
  topup: "Top-up (card)",
  test_topup: "Test top-up",
  usage: "Usage",
  adjustment: "Adjustment",
};
