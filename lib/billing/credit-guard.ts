import "server-only";
import { recordSecurityEventCoalesced, requestFieldsOf } from "../audit/security-events";
import { userIdOf, type Principal } from "../authz/principal";
import { AppError } from "../core/errors";
import { Prisma } from "../db/generated/client";
import { BILLING_CURRENCY } from "./money";

export const CREDIT_EXHAUSTED_MESSAGE = "This workspace has no credit left. An owner or billing member can top up on the Billing page.";

/** The live credit balance in the billing currency, in minor units (the sum of the ledger). */
export async function creditBalanceMinor(principal: Principal): Promise<number> {
  const sum = await principal.data((tx) =>
    tx.ledgerEntry.aggregate({ where: { workspaceId: principal.workspace.id, currency: BILLING_CURRENCY }, _sum: { amountMinor: true } }),
  );
  return sum._sum.amountMinor ?? 0;
}

/**
 * The same balance as one SQL expression (a bigint), for a write that must happen only while
 * the balance is above zero and wants the check in its own statement (no round trip, no gap
 * between the read and the write): `… WHERE (${creditBalanceSql(id)}) > 0`.
 */
export const creditBalanceSql = (workspaceId: string): Prisma.Sql =>
  Prisma.sql`SELECT COALESCE(SUM(amount_minor), 0)::bigint FROM ledger_entries WHERE workspace_id = ${workspaceId}::uuid AND currency = ${BILLING_CURRENCY}`;

/**
 * The gate in front of anything that spends credit (SPEC §7 "quota breaches", §14 "credit
 * balance above zero"): at zero or below, the refusal is a `quota_exceeded` security event
 * in the workspace (coalesced: a client retrying in a loop is one row with a count) and a
 * 403 FORBIDDEN with `details.issue = quota_exceeded`. Test mode spends nothing and passes.
 */
export async function assertCreditAvailable(principal: Principal, what: string): Promise<void> {
  if (principal.mode === "test") return;
  const balance = await creditBalanceMinor(principal);
  if (balance > 0) return;
  await refuseForCredit(principal, what, balance);
}

/** The refusal half of the gate, for a caller that read the balance itself (creditBalanceSql). */
export async function refuseForCredit(principal: Principal, what: string, balance: number): Promise<never> {
  await recordSecurityEventCoalesced(`quota:${principal.workspace.id}:${what}`, {
    type: "quota_exceeded",
    workspaceId: principal.workspace.id,
    userId: userIdOf(principal),
    ...requestFieldsOf(principal.meta),
    details: { reason: "credit_exhausted", what, balance_minor: balance, currency: BILLING_CURRENCY },
  });
  throw new AppError("FORBIDDEN", CREDIT_EXHAUSTED_MESSAGE, { details: [{ issue: "quota_exceeded" }] });
}
