"use client";

import Link from "next/link";
import { useActionState } from "react";
import { setTwoFactorRequiredAction } from "@/app/(dashboard)/[workspace]/settings/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/forms/form-state";

export interface UncoveredMember {
  userId: string;
  name: string;
  email: string;
  role: string;
  isYou: boolean;
}

/**
 * "Require two-factor authentication": before it is switched on, exactly who would be kept
 * out until they set up a second factor. Owners only; sudo mode.
 */
export function TwoFactorPolicyForm({ slug, required, uncovered, owner }: { slug: string; required: boolean; uncovered: UncoveredMember[]; owner: boolean }) {
  const [state, action, pending] = useActionState<ActionResult, FormData>(setTwoFactorRequiredAction.bind(null, slug), {});
  const youUncovered = uncovered.some((m) => m.isYou);
  return (
    <form action={action} className="space-y-3" data-testid="two-factor-policy-form">
      {state.ok ? <Alert tone="success">{state.message}</Alert> : null}
      {state.error ? <Alert tone={state.stepUpRequired ? "warning" : "error"}>{state.error}</Alert> : null}
      <p className="text-sm text-slate-800">
        Two-factor authentication is <strong data-testid="two-factor-policy-state">{required ? "required" : "optional"}</strong> for members of this
        workspace. API keys are not affected.
      </p>
      {uncovered.length === 0 ? (
        <p className="text-sm text-slate-600">Every member has a second factor.</p>
      ) : (
        <div className="text-sm">
          <p className="text-slate-800">
            {required ? "These members cannot use the workspace until they set up a second factor:" : "Turning this on would keep these members out until they set up a second factor:"}
          </p>
          <ul className="mt-2 divide-y divide-slate-100 rounded-md border border-slate-200" data-testid="two-factor-uncovered">
            {uncovered.map((m) => (
              <li key={m.userId} className="flex flex-wrap items-baseline justify-between gap-x-3 px-3 py-2">
                <span className="min-w-0 break-words">
                  <span className="font-medium text-slate-900">{m.name}</span> <span className="text-slate-600">{m.email}</span>
                  {m.isYou ? <span className="text-slate-600"> (you)</span> : null}
                </span>
                <span className="text-xs text-slate-600">{m.role}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {owner ? (
        <>
          {!required && youUncovered ? (
            <Alert tone="warning">
              The requirement applies to you too: <Link className="underline" href="/account#two-factor">set up two-factor authentication on your account page</Link> first.
            </Alert>
          ) : null}
          <input type="hidden" name="required" value={required ? "off" : "on"} />
          <Button type="submit" variant={required ? "secondary" : "primary"} disabled={pending || (!required && youUncovered)}>
            {required ? "Stop requiring two-factor authentication" : "Require two-factor authentication"}
          </Button>
        </>
      ) : (
        <p className="text-sm text-slate-600">Only owners can change this.</p>
      )}
    </form>
  );
}
