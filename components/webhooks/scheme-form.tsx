"use client";

import { useActionState } from "react";
import { setSignatureSchemeAction } from "@/app/(dashboard)/[workspace]/developers/webhooks/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { formLevelError } from "@/components/ui/form-level-error";
import type { ActionResult } from "@/lib/forms/form-state";
import type { SignatureScheme } from "@/lib/webhooks/scheme-names";
import { SchemeSelect } from "./scheme-select";

/** Changes how the endpoint's deliveries are signed; the receiver must accept the new scheme first. */
export function SchemeForm({ slug, mode, endpointId, scheme }: { slug: string; mode: "live" | "test"; endpointId: string; scheme: SignatureScheme }) {
  const [state, action, pending] = useActionState<ActionResult, FormData>(setSignatureSchemeAction.bind(null, slug, mode, endpointId), {});
  return (
    <form action={action} className="space-y-3" data-testid="scheme-form">
      {state.ok ? <Alert tone="success">{state.message}</Alert> : null}
      {formLevelError(state) ? <Alert tone="error">{formLevelError(state)}</Alert> : null}
      <SchemeSelect id="endpoint-signature-scheme" defaultValue={scheme} error={state.fieldErrors?.signature_scheme} />
      <Button type="submit" variant="secondary" disabled={pending}>
        Save scheme
      </Button>
    </form>
  );
}
