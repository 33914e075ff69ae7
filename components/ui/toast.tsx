"use client";

import * as Toast from "@radix-ui/react-toast";
import { createContext, useCallback, useContext, useState, type ReactNode } from "react";

type Tone = "success" | "info";
interface Note {
  id: number;
  message: string;
  tone: Tone;
}

const Notify = createContext<(message: string, tone?: Tone) => void>(() => {});

/** Tells the viewer an action happened: `notify("Key revoked.")`. */
export function useNotify() {
  return useContext(Notify);
}

const TONE: Record<Tone, string> = {
  success: "border-emerald-600/30",
  info: "border-slate-300",
};

let next = 0;

/**
 * Transient notices (issue 18 item 10) on Radix Toast: announced politely to screen readers,
 * paused while hovered or focused, F8 jumps to them, Escape or the button dismisses. For an
 * outcome whose evidence leaves the screen — a revoked key's row is gone — not for errors,
 * which stay next to what caused them. The viewport mounts with the first notice, in the
 * browser: it carries style attributes, which our CSP admits from script (CSSOM), not in HTML.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [notes, setNotes] = useState<Note[]>([]);
  const [mounted, setMounted] = useState(false);
  const notify = useCallback((message: string, tone: Tone = "success") => {
    setMounted(true);
    setNotes((current) => [...current.slice(-2), { id: ++next, message, tone }]);
  }, []);
  return (
    <Notify.Provider value={notify}>
      <Toast.Provider duration={6000} label="Notifications">
        {children}
        {mounted ? (
          <>
            {notes.map((n) => (
              <Toast.Root
                key={n.id}
                type="foreground"
                onOpenChange={(open) => {
                  if (!open) setNotes((current) => current.filter((c) => c.id !== n.id));
                }}
                data-testid="toast"
                className={`flex items-start gap-3 rounded-lg border bg-surface p-3 text-sm text-slate-900 shadow-lg ${TONE[n.tone]}`}
              >
                <Toast.Description className="flex-1">{n.message}</Toast.Description>
                <Toast.Close aria-label="Dismiss" className="rounded px-1.5 text-slate-600 hover:bg-slate-100 focus-visible:outline-2">
                  <span aria-hidden="true">×</span>
                </Toast.Close>
              </Toast.Root>
            ))}
            <Toast.Viewport className="fixed right-0 bottom-0 z-[60] m-0 flex w-full max-w-sm list-none flex-col gap-2 p-4 outline-none" />
          </>
        ) : null}
      </Toast.Provider>
    </Notify.Provider>
  );
}
