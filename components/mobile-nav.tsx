"use client";

import Link from "next/link";
import { useState } from "react";
import { Drawer } from "@/components/ui/drawer";
import { WorkspaceNav, type WorkspaceNavItem } from "@/components/workspace-nav";

/**
 * Below the md breakpoint the sidebar and the header's links fold into a drawer behind a
 * Menu button: the workspace's areas, the other workspaces, the account and signing out.
 */
export function MobileNav({
  slug,
  items,
  workspaces,
  footer,
}: {
  slug?: string;
  items: WorkspaceNavItem[];
  workspaces: { slug: string; name: string }[];
  /** The account link and the sign-out form, rendered by the server. */
  footer: React.ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const close = () => setOpen(false);
  const others = workspaces.filter((w) => w.slug !== slug);
  return (
    <Drawer
      open={open}
      onOpenChange={setOpen}
      title="Menu"
      trigger={
        <button type="button" className="rounded-md p-2 text-slate-700 hover:bg-slate-100 md:hidden" aria-label="Open menu">
          <svg viewBox="0 0 20 20" className="size-5" fill="none" stroke="currentColor" strokeWidth={1.75} strokeLinecap="round" aria-hidden="true">
            <path d="M3 5.5h14M3 10h14M3 14.5h14" />
          </svg>
        </button>
      }
    >
      {slug && items.length > 0 ? <WorkspaceNav slug={slug} items={items} onNavigate={close} /> : null}
      {others.length > 0 ? (
        <div>
          <p id="drawer-workspaces" className="px-3 pb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">
            {slug ? "Other workspaces" : "Workspaces"}
          </p>
          <ul aria-labelledby="drawer-workspaces" className="space-y-0.5">
            {others.map((w) => (
              <li key={w.slug}>
                <Link href={`/${w.slug}`} onClick={close} className="block truncate rounded-md px-3 py-1.5 text-sm text-slate-700 hover:bg-surface">
                  {w.name}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="mt-auto border-t border-slate-200 pt-3">
        {footer}
      </div>
    </Drawer>
  );
}
