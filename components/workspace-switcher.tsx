"use client";

import Link from "next/link";
import { useEffect, useRef } from "react";

/**
 * The current workspace, opening to the list of every workspace the user belongs to: one
 * button however many there are (the command palette finds them by name too). A <details>
 * disclosure, closed again by Escape, a click outside or following a link.
 */
export function WorkspaceSwitcher({ workspaces, current }: { workspaces: { slug: string; name: string }[]; current?: string }) {
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    const close = (event: Event) => {
      const details = ref.current;
      if (!details?.open) return;
      if (event instanceof KeyboardEvent ? event.key === "Escape" : !details.contains(event.target as Node)) {
        details.open = false;
        if (event instanceof KeyboardEvent) details.querySelector("summary")?.focus();
      }
    };
    document.addEventListener("keydown", close);
    document.addEventListener("click", close);
    return () => {
      document.removeEventListener("keydown", close);
      document.removeEventListener("click", close);
    };
  }, []);
  const active = workspaces.find((w) => w.slug === current);
  return (
    <details ref={ref} className="relative">
      <summary className="flex max-w-56 cursor-pointer list-none items-center gap-1.5 rounded-md px-2.5 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-100 [&::-webkit-details-marker]:hidden">
        <span className="truncate">{active?.name ?? "Workspaces"}</span>
        <svg viewBox="0 0 20 20" className="size-4 shrink-0 text-slate-500" fill="none" stroke="currentColor" strokeWidth={1.5} aria-hidden="true">
          <path d="M6 8l4 4 4-4" />
        </svg>
        <span className="sr-only">, switch workspace</span>
      </summary>
      <ul className="absolute left-0 z-30 mt-1 max-h-80 w-64 overflow-y-auto rounded-lg border border-slate-200 bg-surface p-1 shadow-lg" aria-label="Workspaces">
        {workspaces.map((w) => (
          <li key={w.slug}>
            <Link
              href={`/${w.slug}`}
              onClick={() => ref.current?.removeAttribute("open")}
              aria-current={w.slug === current ? "page" : undefined}
              className={`block truncate rounded-md px-3 py-2 text-sm ${w.slug === current ? "bg-slate-100 font-medium text-slate-900" : "text-slate-700 hover:bg-slate-50"}`}
            >
              {w.name}
            </Link>
          </li>
        ))}
      </ul>
    </details>
  );
}
