"use client";

import { useActionState } from "react";
import { importDocumentAction } from "@/app/(dashboard)/[workspace]/knowledge/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { ActionResult } from "@/lib/forms/form-state";
import { formLevelError } from "@/components/ui/form-level-error";

/** Imports a file from a URL through the server's SSRF-safe client. */
export function ImportForm({ slug }: { slug: string }) {
  const [state, action, pending] = useActionState<ActionResult, FormData>(importDocumentAction.bind(null, slug), {});
  return (
    <form action={action} className="space-y-3" data-testid="import-form">
      {state.ok ? <Alert tone="success">{state.message}</Alert> : null}
      {formLevelError(state) ? <Alert tone="error">{formLevelError(state)}</Alert> : null}
      <Field
        label="File URL"
        name="url"
        type="url"
        inputMode="url"
        placeholder="https://example.com/handbook.pdf"
        defaultValue={state.values?.url}
        error={state.fieldErrors?.url}
        hint="Public http(s) addresses only. Redirects are not followed; 15 seconds and the file type's size limit."
        required
      />
      <Button type="submit" variant="secondary" disabled={pending}>{pending ? "Importing…" : "Import"}</Button>
    </form>
  );
}
