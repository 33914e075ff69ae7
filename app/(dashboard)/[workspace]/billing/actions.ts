"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { memberAction, type ActionResult } from "@/lib/entry/action";
import { formatMoney, parseMajorAmount } from "@/lib/billing/money";
import { billingMode, startCheckout, testTopUp } from "@/lib/billing/topup";
import { config } from "@/lib/config";

const path = (slug: string) => `/${slug}/billing`;

/**
 * A top-up: through Stripe Checkout when STRIPE_SECRET_KEY is set (the member is sent to
 * Stripe's page; the inbound webhook credits the ledger once paid), else a test credit.
 */
export const topUpAction = memberAction(
  { values: (form) => ({ amount: String(form.get("amount") ?? "").slice(0, 20) }) },
  async (ctx, _prev: ActionResult, form: FormData): Promise<ActionResult> => {
    const slug = ctx.workspace.slug;
    const amount = parseMajorAmount(String(form.get("amount") ?? "").slice(0, 20));
    if (amount === null) return { fieldErrors: { amount: "Enter an amount in dollars, like 25 or 25.50." } };
    if (billingMode() === "stripe") {
      const back = `${config().APP_URL}${path(slug)}`;
      redirect((await startCheckout(ctx, amount, { success: `${back}?checkout=success`, cancel: `${back}?checkout=cancelled` })).url);
    }
    const credited = await testTopUp(ctx, amount);
    revalidatePath(path(slug));
    return { ok: true, message: `Added ${formatMoney(amount)} of test credit. Balance: ${formatMoney(credited.balanceMinor)}.` };
  },
);
