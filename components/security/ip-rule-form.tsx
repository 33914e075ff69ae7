"use client";

import { useActionState, useState } from "react";
import { addIpRuleAction } from "@/app/(dashboard)/[workspace]/security/ip-rule-actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import type { ActionResult } from "@/lib/forms/form-state";

/** The expiry as the viewer types it (datetime-local has no zone) and as the instant sent. */
function ExpiryField({ error }: { error?: string }) {
  const [expiresAt, setExpiresAt] = useState("");
  return (
    <>
      <Field
        label="Expires (optional)"
        name="expiresLocal"
        id="ip-rule-expires"
        type="datetime-local"
        hint="Your time zone; empty: never."
        error={error}
        onChange={(ev) => {
          const when = ev.target.value ? new Date(ev.target.value) : null;
          setExpiresAt(when && !Number.isNaN(when.getTime()) ? when.toISOString() : "");
        }}
      />
      <input type="hidden" name="expiresAt" value={expiresAt} />
    </>
  );
}

/** Adds a block or allow entry: a range, why, and optionally until when. Emptied after each add. */
export function IpRuleForm({ slug }: { slug: string }) {
  const [state, action, pending] = useActionState<ActionResult, FormData>(addIpRuleAction.bind(null, slug), {});
  const e = state.fieldErrors ?? {};
  const v = (key: string) => (state.ok ? "" : (state.values?.[key] ?? ""));
  return (
    <form action={action} className="space-y-3" noValidate data-testid="ip-rule-form">
      {state.ok ? <Alert tone="success">{state.message}</Alert> : null}
      {state.error && Object.keys(e).length === 0 ? <Alert tone="error">{state.error}</Alert> : null}
      {/* A new key after each add: the fields (and the expiry's own state) start empty again. */}
      <div key={state.ok ? state.message : "form"} className="space-y-3">
        <div className="grid gap-3 sm:grid-cols-[minmax(0,1fr)_10rem]">
          <Field label="IP range" name="cidr" id="ip-rule-cidr" placeholder="203.0.113.0/24" hint="An address or a CIDR range, IPv4 or IPv6." defaultValue={v("cidr")} error={e.cidr} />
          <Select label="Kind" name="kind" id="ip-rule-kind" defaultValue={v("kind") || "block"} error={e.kind} options={[{ value: "block", label: "Block" }, { value: "allow", label: "Allow" }]} />
        </div>
        <div className="grid gap-3 sm:grid-cols-[minmax(0,1fr)_14rem]">
          <Field label="Note" name="note" id="ip-rule-note" placeholder="Spam from one office" defaultValue={v("note")} error={e.note} maxLength={200} />
          <ExpiryField error={e.expiresAt} />
        </div>
      </div>
      <Button type="submit" disabled={pending}>{pending ? "Adding…" : "Add entry"}</Button>
    </form>
  );
}
