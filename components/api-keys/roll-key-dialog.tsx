"use client";

import * as Dialog from "@radix-ui/react-dialog";
import { useActionState, useState } from "react";
import { rollKeyAction, type RollKeyResult } from "@/app/(dashboard)/[workspace]/developers/api-keys/actions";
import { StepUpInline } from "@/components/step-up-inline";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { adoptPageNonce } from "@/components/ui/page-nonce";
import { Select } from "@/components/ui/select";

adoptPageNonce();

export interface LifetimeChoice {
  value: string;
  label: string;
  disabled?: boolean;
}

/**
 * "Roll key" (decision 041): asks when the old key should stop working, rolls, and shows the
 * new key once — in the same dialog, so it cannot be missed. Cancel is focused first, as in
 * components/ui/confirm-dialog.
 */
export function RollKeyDialog({
  slug,
  keyId,
  keyName,
  mode,
  overlaps,
  lifetimes,
  canRoll,
}: {
  slug: string;
  keyId: string;
  keyName: string;
  mode: string;
  overlaps: { value: string; label: string }[];
  lifetimes: LifetimeChoice[];
  /** False once the key is rolled, revoked or expired. The dialog stays mounted regardless: the
   * roll's own revalidation makes its key unrollable, and the new key must still be shown. */
  canRoll: boolean;
}) {
  const [open, setOpen] = useState(false);
  const [state, action, pending] = useActionState<RollKeyResult, FormData>(rollKeyAction.bind(null, slug, keyId), {});
  const [copied, setCopied] = useState(false);
  const e = state.fieldErrors ?? {};
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      {canRoll ? (
        <Dialog.Trigger asChild>
          <Button type="button" variant="secondary">Roll</Button>
        </Dialog.Trigger>
      ) : null}
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-ink/50" />
        <Dialog.Content
          role="alertdialog"
          className="fixed top-1/2 left-1/2 z-50 w-[calc(100vw-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 rounded-xl bg-surface p-5 shadow-2xl ring-1 ring-slate-200"
          data-testid="roll-dialog"
          onOpenAutoFocus={(event) => {
            event.preventDefault();
            (event.currentTarget as HTMLElement).querySelector<HTMLElement>("[data-autofocus]")?.focus();
          }}
        >
          <Dialog.Title className="text-base font-semibold text-slate-900">Roll the {mode} key “{keyName}”?</Dialog.Title>
          {state.key ? (
            <div className="mt-3 space-y-3" data-testid="rolled-key">
              <Alert tone="warning">Copy the new key now. It is shown only once; we store only a hash of it.</Alert>
              <code className="block break-all rounded-md bg-ink px-3 py-2 font-mono text-sm text-emerald-300" data-testid="rolled-key-value">{state.key}</code>
              <p className="text-sm text-slate-700">
                The old key keeps working until <strong>{state.oldExpiresAt ? new Date(state.oldExpiresAt).toUTCString() : "now"}</strong>. Put the new key in place before then.
              </p>
              <div className="flex justify-end gap-2">
                <Button type="button" variant="secondary" onClick={() => navigator.clipboard?.writeText(state.key!).then(() => setCopied(true))}>
                  {copied ? "Copied" : "Copy"}
                </Button>
                <Dialog.Close asChild>
                  <Button type="button" data-autofocus>Done</Button>
                </Dialog.Close>
              </div>
            </div>
          ) : (
            <form action={action} className="mt-2 space-y-4">
              <Dialog.Description asChild>
                <div className="space-y-2 text-sm text-slate-700">
                  <p>
                    A new key replaces this one with the same name, scopes, IP allowlist and expiry rule. <strong>The old key stops working at the time you choose</strong>;
                    requests that still send it then answer 401.
                  </p>
                </div>
              </Dialog.Description>
              {state.error && !state.stepUpRequired ? <Alert tone="error">{state.error}</Alert> : null}
              {state.stepUpRequired ? <StepUpInline /> : null}
              <Select label="The old key stops working" name="overlap" id={`roll-overlap-${keyId}`} defaultValue="24h" options={overlaps} error={e.overlap} />
              <Select label="The new key expires" name="expiresInDays" id={`roll-expiry-${keyId}`} defaultValue={lifetimes.find((l) => !l.disabled)?.value ?? "same"} options={lifetimes} error={e.expiresInDays} />
              <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
                <Dialog.Close asChild>
                  <Button type="button" variant="secondary" data-autofocus>Cancel</Button>
                </Dialog.Close>
                <Button type="submit" variant="dangerSolid" disabled={pending}>{pending ? "Rolling…" : "Roll key"}</Button>
              </div>
            </form>
          )}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
