"use client";

import { useActionState, useState } from "react";
import { topUpAction } from "@/app/(dashboard)/[workspace]/billing/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/forms/form-state";
import { formatMoney, TOPUP_MAX_MINOR, TOPUP_MIN_MINOR, TOPUP_PRESETS_MINOR } from "@/lib/billing/money";

export function TopUpForm({ slug, mode }: { slug: string; mode: "stripe" | "test" }) {
  const [state, action, pending] = useActionState<ActionResult, FormData>(topUpAction.bind(null, slug), {});
  const [amount, setAmount] = useState(state.values?.amount ?? "25");
  const error = state.fieldErrors?.amount;
  return (
    <form action={action} className="space-y-4" noValidate data-testid="top-up-form">
      {state.ok ? <Alert tone="success">{state.message}</Alert> : null}
      {state.error && !error ? <Alert tone="error">{state.error}</Alert> : null}
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Amount</legend>
        <div className="mt-2 flex flex-wrap gap-2">
          {TOPUP_PRESETS_MINOR.map((minor) => {
            const value = String(minor / 100);
            const active = amount === value;
            return (
              <button
                key={minor}
                type="button"
                onClick={() => setAmount(value)}
                aria-pressed={active}
                className={`rounded-md px-3 py-1.5 text-sm font-medium ring-1 ring-inset ${active ? "bg-brand-600 text-white ring-brand-600" : "bg-surface text-slate-700 ring-slate-300 hover:bg-slate-50"}`}
              >
                {formatMoney(minor)}
              </button>
            );
          })}
        </div>
      </fieldset>
      <div className="max-w-xs">
        <label htmlFor="top-up-amount" className="block text-sm font-medium text-slate-800">Amount in US dollars</label>
        <div className="relative mt-1">
          <span className="pointer-events-none absolute inset-y-0 left-3 flex items-center text-sm text-slate-500">$</span>
          <input
            id="top-up-amount"
            name="amount"
            inputMode="decimal"
            autoComplete="off"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby="top-up-amount-help"
            className={`block w-full rounded-md border bg-surface py-2 pl-7 pr-3 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30 ${error ? "border-red-400" : "border-slate-300"}`}
          />
        </div>
        <p id="top-up-amount-help" className={`mt-1 text-xs ${error ? "text-red-700" : "text-slate-500"}`}>
          {error ?? `From ${formatMoney(TOPUP_MIN_MINOR)} to ${formatMoney(TOPUP_MAX_MINOR)}.`}
        </p>
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? (mode === "stripe" ? "Opening Stripe…" : "Adding…") : mode === "stripe" ? "Continue to payment" : "Add test credit"}
      </Button>
      {mode === "stripe" ? <p className="text-xs text-slate-500">You pay on Stripe’s secure page; the credit appears here once Stripe confirms the payment.</p> : null}
    </form>
  );
}
