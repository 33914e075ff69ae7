"use client";

import * as Dialog from "@radix-ui/react-dialog";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { adoptPageNonce } from "@/components/ui/page-nonce";

adoptPageNonce();

export interface Confirmation {
  /** What is about to happen, as a question: "Revoke the key “CI deploy”?" */
  title: string;
  /** The consequences, plainly: who loses what, and whether it can be undone. */
  description: React.ReactNode;
  /** The confirming button's label: the action's verb ("Revoke key"). */
  confirmLabel: string;
  /** For what cannot be undone: the user types this (a name, a slug) to enable the button. */
  typeToConfirm?: string;
}

/**
 * Asks before a destructive action (issue 18): a dialog that names what will happen, with
 * Cancel focused first so Enter does not destroy. Sudo mode proves who you are; this asks
 * whether you mean it. Radix Dialog traps focus, closes on Escape and gives focus back to
 * the trigger.
 */
export function ConfirmDialog({
  trigger,
  onConfirm,
  title,
  description,
  confirmLabel,
  typeToConfirm,
}: Confirmation & { trigger: React.ReactNode; onConfirm: () => void }) {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const armed = !typeToConfirm || typed.trim() === typeToConfirm;
  return (
    <Dialog.Root
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) setTyped("");
      }}
    >
      <Dialog.Trigger asChild>{trigger}</Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-ink/50" />
        <Dialog.Content
          role="alertdialog"
          className="fixed top-1/2 left-1/2 z-50 w-[calc(100vw-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 rounded-xl bg-surface p-5 shadow-2xl ring-1 ring-slate-200"
          data-testid="confirm-dialog"
          onOpenAutoFocus={(event) => {
            // Cancel (or the text box) first: an Enter must not confirm by accident.
            event.preventDefault();
            (event.currentTarget as HTMLElement).querySelector<HTMLElement>("[data-autofocus]")?.focus();
          }}
        >
          <Dialog.Title className="text-base font-semibold text-slate-900">{title}</Dialog.Title>
          <Dialog.Description asChild>
            <div className="mt-2 space-y-2 text-sm text-slate-700">{description}</div>
          </Dialog.Description>
          <form
            className="mt-5 space-y-4"
            onSubmit={(event) => {
              event.preventDefault();
              if (!armed) return;
              setOpen(false);
              setTyped("");
              onConfirm();
            }}
          >
            {typeToConfirm ? (
              <label className="block text-sm text-slate-800">
                Type <span className="font-mono font-semibold">{typeToConfirm}</span> to confirm
                <input
                  data-autofocus
                  value={typed}
                  onChange={(event) => setTyped(event.target.value)}
                  autoComplete="off"
                  spellCheck={false}
                  className="mt-1 block w-full rounded-md border border-slate-300 bg-surface px-3 py-2 font-mono text-sm focus:border-brand-500 focus:ring-2 focus:ring-brand-500/30 focus:outline-none"
                />
              </label>
            ) : null}
            <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
              <Dialog.Close asChild>
                <Button type="button" variant="secondary" {...(typeToConfirm ? {} : { "data-autofocus": true })}>
                  Cancel
                </Button>
              </Dialog.Close>
              <Button type="submit" variant="dangerSolid" disabled={!armed}>
                {confirmLabel}
              </Button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
