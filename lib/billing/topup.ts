import "server-only";
import { randomUUID } from "node:crypto";
import { AppError } from "../core/errors";
import type { WorkspaceContext } from "../authz/context";
import { config } from "../config";
import { emitEvent } from "../webhooks/outbox";
import { BILLING_CURRENCY, formatMoney, TOPUP_MAX_MINOR, TOPUP_MIN_MINOR } from "./money";
import { stripeApi } from "./stripe-client";

/** Whether top-ups go through Stripe Checkout (a key is configured) or are test credits. */
export const billingMode = (): "stripe" | "test" => (config().STRIPE_SECRET_KEY ? "stripe" : "test");

/** An integer amount of minor units within the bounds, or VALIDATION_FAILED. */
export function assertTopupAmount(amountMinor: number): number {
  if (!Number.isSafeInteger(amountMinor) || amountMinor < TOPUP_MIN_MINOR || amountMinor > TOPUP_MAX_MINOR) {
    const message = `Enter an amount from ${formatMoney(TOPUP_MIN_MINOR)} to ${formatMoney(TOPUP_MAX_MINOR)}.`;
    throw new AppError("VALIDATION_FAILED", message, { details: [{ field: "amount", issue: message }] });
  }
  return amountMinor;
}

const TARGET = "ledger_entry";

/**
 * Test mode (no STRIPE_SECRET_KEY): credits the ledger directly — no money moves. Refused
 * when Stripe is configured, so a real deployment has no free credit. Audited with the
 * request's IP; emits billing.topup.succeeded in test mode for webhook testing.
 */
export async function testTopUp(ctx: WorkspaceContext, amountMinor: number): Promise<{ id: string; balanceMinor: number }> {
  await ctx.require("billing:manage");
  const amount = assertTopupAmount(amountMinor);
  if (billingMode() !== "test") throw new AppError("FORBIDDEN", "Test top-ups are off: this workspace pays through Stripe.");
  return ctx.data(async (tx) => {
    const entry = await tx.ledgerEntry.create({
      data: { workspaceId: ctx.workspace.id, kind: "test_topup", amountMinor: amount, currency: BILLING_CURRENCY, reference: `test_topup_${randomUUID()}` },
      select: { id: true },
    });
    const sum = await tx.ledgerEntry.aggregate({ where: { workspaceId: ctx.workspace.id, currency: BILLING_CURRENCY }, _sum: { amountMinor: true } });
    const balanceMinor = sum._sum.amountMinor ?? 0;
    await emitEvent(tx, {
      workspaceId: ctx.workspace.id,
      mode: "test",
      type: "billing.topup.succeeded",
      data: { object: { ledger_entry_id: entry.id, amount, currency: BILLING_CURRENCY, test: true } },
    });
    await ctx.audit(
      "billing.test_topup",
      { type: TARGET, id: entry.id, label: formatMoney(amount) },
      { before: { balance_minor: balanceMinor - amount }, after: { amount_minor: amount, currency: BILLING_CURRENCY, balance_minor: balanceMinor, test_mode: true } },
      tx,
    );
    return { id: entry.id, balanceMinor };
  });
}

/**
 * Starts a Stripe Checkout top-up and returns the page to send the member to. The session's
 * metadata names the workspace: lib/billing/stripe-inbound.ts credits the ledger when
 * Stripe reports `checkout.session.completed` as paid. Only the session carries it — not
 * the payment intent — so a receiver subscribed to both events still credits once.
 */
export async function startCheckout(ctx: WorkspaceContext, amountMinor: number, urls: { success: string; cancel: string }): Promise<{ id: string; url: string }> {
  await ctx.require("billing:manage");
  const amount = assertTopupAmount(amountMinor);
  if (billingMode() !== "stripe") throw new AppError("SERVICE_UNAVAILABLE", "Card payments are not configured.");
  let session: { id: string; url: string | null };
  try {
    session = await stripeApi().checkout.sessions.create(
      {
        mode: "payment",
        line_items: [{ quantity: 1, price_data: { currency: BILLING_CURRENCY, unit_amount: amount, product_data: { name: "Switchboard credit" } } }],
        metadata: { workspace_id: ctx.workspace.id },
        client_reference_id: ctx.workspace.id,
        customer_email: ctx.user.email,
        success_url: urls.success,
        cancel_url: urls.cancel,
      },
      { idempotencyKey: `topup_${randomUUID()}` },
    );
  } catch (error) {
    if (error instanceof AppError) throw error;
    // Stripe's message may name our account or request; the member gets ours.
    throw new AppError("SERVICE_UNAVAILABLE", "Stripe did not answer. Nothing was charged; try again in a moment.");
  }
  if (!session.url || !session.url.startsWith("https://")) throw new AppError("SERVICE_UNAVAILABLE", "Stripe did not return a payment page. Nothing was charged.");
  // Checkout session ids run past the audit's 64-character target id: the id goes in the changes.
  await ctx.audit(
    "billing.checkout_started",
    { type: "workspace", id: ctx.workspace.id, label: `Top-up ${formatMoney(amount)}` },
    { after: { amount_minor: amount, currency: BILLING_CURRENCY, checkout_session_id: session.id } },
  );
  return { id: session.id, url: session.url };
}
