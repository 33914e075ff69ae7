"use client";

import * as Dialog from "@radix-ui/react-dialog";
import { useEffect, useState } from "react";
import { adoptPageNonce } from "@/components/ui/page-nonce";

adoptPageNonce();

const SHORTCUTS: [keys: string[], what: string][] = [
  [["Ctrl", "K"], "Search and jump to a page, member, key, endpoint or call (⌘K on a Mac)"],
  [["Esc"], "Close a dialog, the menu or the call drawer"],
  [["?"], "Show these shortcuts"],
  [["Tab"], "From the top of a page: Skip to content"],
];

/** `?` (outside a text field) lists the keyboard shortcuts. */
export function ShortcutsHelp() {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const typing = target?.closest("input, textarea, select, [contenteditable='true']");
      if (event.key === "?" && !typing && !event.metaKey && !event.ctrlKey) {
        event.preventDefault();
        setOpen(true);
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-ink/50" />
        <Dialog.Content
          aria-describedby={undefined}
          className="fixed top-1/2 left-1/2 z-50 w-[calc(100vw-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 rounded-xl bg-surface p-5 shadow-2xl ring-1 ring-slate-200"
          data-testid="shortcuts-help"
        >
          <Dialog.Title className="text-base font-semibold text-slate-900">Keyboard shortcuts</Dialog.Title>
          <dl className="mt-4 space-y-2 text-sm">
            {SHORTCUTS.map(([keys, what]) => (
              <div key={what} className="flex items-start justify-between gap-4">
                <dt className="flex shrink-0 gap-1">
                  {keys.map((k) => (
                    <kbd key={k} className="rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 font-sans text-xs text-slate-800">
                      {k}
                    </kbd>
                  ))}
                </dt>
                <dd className="text-right text-slate-700">{what}</dd>
              </div>
            ))}
          </dl>
          <Dialog.Close className="mt-5 rounded-md px-3 py-1.5 text-sm text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50">Close</Dialog.Close>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
