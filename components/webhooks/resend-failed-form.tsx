"use client";

import { useActionState } from "react";
import { resendFailedAction } from "@/app/(dashboard)/[workspace]/developers/webhooks/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import type { ActionResult } from "@/lib/forms/form-state";

/** Hours back a "resend failed since" may reach: delivery logs are kept 30 days. */
const WINDOWS = [1, 6, 24, 72, 168, 720];
const label = (h: number) => (h < 24 ? `The last ${h} hour${h === 1 ? "" : "s"}` : `The last ${h / 24} day${h === 24 ? "" : "s"}`);

/** After an outage at the receiver: a background recovery of every event that failed in the window, each queued again once. */
export function ResendFailedForm({ slug, mode, endpointId }: { slug: string; mode: "live" | "test"; endpointId: string }) {
  const [state, action, pending] = useActionState<ActionResult, FormData>(resendFailedAction.bind(null, slug, mode, endpointId), {});
  return (
    <form action={action} className="flex flex-wrap items-end gap-3">
      {state.error ? <div className="w-full"><Alert tone="error">{state.error}</Alert></div> : null}
      {state.ok ? <div className="w-full"><Alert tone="success">{state.message}</Alert></div> : null}
      <Select label="Failed deliveries from" name="hours" defaultValue="24" options={WINDOWS.map((h) => ({ value: String(h), label: label(h) }))} />
      <Button type="submit" variant="secondary" disabled={pending}>Recover failed</Button>
    </form>
  );
}
