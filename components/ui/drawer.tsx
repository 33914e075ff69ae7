"use client";

import * as Dialog from "@radix-ui/react-dialog";
import { adoptPageNonce } from "@/components/ui/page-nonce";

adoptPageNonce();

/**
 * A panel from the left edge over a dimmed page (Radix Dialog: focus trapped and given back,
 * Escape and a click outside close it). The phone's navigation.
 */
export function Drawer({
  open,
  onOpenChange,
  title,
  trigger,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  trigger: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Trigger asChild>{trigger}</Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-ink/50" />
        <Dialog.Content
          aria-describedby={undefined}
          className="fixed inset-y-0 left-0 z-50 flex w-72 max-w-[85vw] flex-col gap-4 overflow-y-auto bg-slate-50 p-4 shadow-xl ring-1 ring-slate-200"
        >
          <div className="flex items-center justify-between">
            <Dialog.Title className="text-sm font-semibold text-slate-900">{title}</Dialog.Title>
            <Dialog.Close className="rounded-md p-1.5 text-slate-600 hover:bg-slate-100" aria-label="Close">
              <svg viewBox="0 0 20 20" className="size-5" aria-hidden="true">
                <path d="M5 5l10 10M15 5L5 15" stroke="currentColor" strokeWidth={1.75} strokeLinecap="round" />
              </svg>
            </Dialog.Close>
          </div>
          {children}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
