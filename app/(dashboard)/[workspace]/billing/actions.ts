"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { runWorkspaceAction, type ActionResult } from "@/lib/authz/page";
import { formatMoney, parseMajorAmount } from "@/lib/billing/money";
import { billingMode, startCheckout, testTopUp } from "@/lib/billing/topup";
import { config } from "@/lib/config";

const path = (slug: string) => `/${slug}/billing`;

/**
 * A top-up: through Stripe Checkout when STRIPE_SECRET_KEY is set (the member is sent to
 * Stripe's page; the inbound webhook credits the ledger once paid), else a test credit.
 */
export async function topUpAction(slug: string, _prev: ActionResult, form: FormData): Promise<ActionResult> {
  const raw = String(form.get("amount") ?? "").slice(0, 20);
  const amount = parseMajorAmount(raw);
  if (amount === null) return { fieldErrors: { amount: "Enter an amount in dollars, like 25 or 25.50." }, values: { amount: raw } };
  let checkoutUrl: string | undefined;
  const result = await runWorkspaceAction(slug, {}, async (ctx) => {
    if (billingMode() === "stripe") {
      const back = `${config().APP_URL}${path(slug)}`;
      checkoutUrl = (await startCheckout(ctx, amount, { success: `${back}?checkout=success`, cancel: `${back}?checkout=cancelled` })).url;
      return;
    }
    const credited = await testTopUp(ctx, amount);
    revalidatePath(path(slug));
    return { ok: true, message: `Added ${formatMoney(amount)} of test credit. Balance: ${formatMoney(credited.balanceMinor)}.` };
  });
  if (checkoutUrl) redirect(checkoutUrl);
  return result.ok ? result : { ...result, values: { amount: raw } };
}
