"use client";

import { useActionState, useState } from "react";
import { removePasskeyAction, renamePasskeyAction } from "@/app/account/passkey-actions";
import { ActionButtonForm } from "@/components/action-button-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { ActionResult } from "@/lib/forms/form-state";

/** Rename (on demand) and remove (sudo mode; refused with the reason when it is the last factor a workspace requires). */
export function PasskeyControls({ id, name, removalRefusal }: { id: string; name: string; removalRefusal: string | null }) {
  const [renaming, setRenaming] = useState(false);
  const [state, rename, pending] = useActionState<ActionResult, FormData>(renamePasskeyAction, {});
  return (
    <div className="flex flex-col items-start gap-2 sm:items-end">
      <div className="flex flex-wrap items-start gap-2">
        {!renaming ? <Button type="button" variant="ghost" onClick={() => setRenaming(true)} aria-label={`Rename ${name}`}>Rename</Button> : null}
        {removalRefusal ? null : <ActionButtonForm action={removePasskeyAction} label="Remove" variant="danger" hidden={{ passkeyId: id }} />}
      </div>
      {removalRefusal ? <p className="max-w-xs text-xs text-amber-800" data-testid="passkey-removal-refused">Cannot be removed: {removalRefusal}</p> : null}
      {renaming && !state.ok ? (
        <form action={rename} className="flex w-full max-w-sm items-end gap-2">
          <input type="hidden" name="passkeyId" value={id} />
          <Field className="flex-1" id={`passkey-name-${id}`} label="New name" name="name" required maxLength={64} defaultValue={state.values?.name ?? name} error={state.fieldErrors?.name ?? state.error} />
          <Button type="submit" variant="secondary" disabled={pending}>Save</Button>
        </form>
      ) : null}
      {state.ok ? <Alert tone="success">{state.message}</Alert> : null}
    </div>
  );
}
