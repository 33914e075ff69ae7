"use client";

import * as Dialog from "@radix-ui/react-dialog";
import { Command } from "cmdk";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { applyTheme } from "@/components/theme-toggle";
import { adoptPageNonce } from "@/components/ui/page-nonce";
import type { WorkspaceNavItem } from "@/components/workspace-nav";
import { NAV_SECTIONS } from "@/lib/authz/navigation";

adoptPageNonce();

const itemClass =
  "flex cursor-pointer items-center justify-between gap-3 rounded-md px-3 py-2 text-sm text-slate-800 data-[selected=true]:bg-brand-50 data-[selected=true]:text-brand-900";
const groupClass =
  "[&_[cmdk-group-heading]]:px-3 [&_[cmdk-group-heading]]:pt-2 [&_[cmdk-group-heading]]:pb-1 [&_[cmdk-group-heading]]:text-xs [&_[cmdk-group-heading]]:font-semibold [&_[cmdk-group-heading]]:uppercase [&_[cmdk-group-heading]]:tracking-wide [&_[cmdk-group-heading]]:text-slate-500";

/**
 * ⌘K / Ctrl-K (or the Search button): jump to any area of the workspace the member may
 * open (the same list as the navigation, so it offers nothing the server would refuse),
 * another workspace, the account, or a theme. cmdk filters and keeps the keyboard model
 * (arrows, Enter); Radix Dialog traps focus, closes on Escape and gives focus back.
 */
export function CommandPalette({ slug, nav, workspaces }: { slug?: string; nav: WorkspaceNavItem[]; workspaces: { slug: string; name: string }[] }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key.toLowerCase() === "k" && (event.metaKey || event.ctrlKey)) {
        event.preventDefault();
        setOpen((o) => !o);
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);
  const run = (action: () => void) => {
    setOpen(false);
    action();
  };
  const go = (href: string) => run(() => router.push(href));
  const top = nav.filter((item) => !item.section);
  const sections = NAV_SECTIONS.map((section) => ({ section, items: nav.filter((item) => item.section === section) })).filter((s) => s.items.length > 0);
  const others = workspaces.filter((w) => w.slug !== slug);
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger asChild>
        <button
          type="button"
          className="flex items-center gap-2 rounded-md p-2 text-slate-600 ring-slate-200 hover:bg-slate-100 hover:text-slate-900 md:px-3 md:py-1.5 md:ring-1"
          aria-label="Search and jump to (Control K)"
          aria-keyshortcuts="Control+K Meta+K"
        >
          <svg viewBox="0 0 20 20" className="size-5 md:size-4" fill="none" stroke="currentColor" strokeWidth={1.75} strokeLinecap="round" aria-hidden="true">
            <circle cx={8.5} cy={8.5} r={5} />
            <path d="M12.5 12.5L17 17" />
          </svg>
          <span className="hidden md:inline" aria-hidden="true">Search</span>
          <kbd className="hidden rounded border border-slate-200 px-1 font-sans text-xs text-slate-500 md:inline" aria-hidden="true">⌘K</kbd>
        </button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-ink/50" />
        <Dialog.Content
          aria-describedby={undefined}
          className="fixed inset-x-3 top-16 z-50 mx-auto max-w-lg overflow-hidden rounded-xl bg-surface shadow-2xl ring-1 ring-slate-200"
          data-testid="command-palette"
        >
          <Dialog.Title className="sr-only">Search and jump to</Dialog.Title>
          <Command label="Search and jump to" className="flex max-h-[70vh] flex-col">
            <Command.Input
              placeholder="Jump to a page, workspace or setting…"
              className="w-full border-b border-slate-200 bg-transparent px-4 py-3 text-sm text-slate-900 placeholder:text-slate-500 focus:outline-none"
            />
            <Command.List className="overflow-y-auto p-2">
              <Command.Empty className="px-3 py-6 text-center text-sm text-slate-600">Nothing matches. Try a page name such as “keys” or “audit”.</Command.Empty>
              {slug ? (
                <>
                  {top.length > 0 ? (
                    <Command.Group heading="Pages" className={groupClass}>
                      {top.map((item) => (
                        <Command.Item key={item.path} value={item.label} onSelect={() => go(`/${slug}${item.path}`)} className={itemClass}>
                          {item.label}
                        </Command.Item>
                      ))}
                    </Command.Group>
                  ) : null}
                  {sections.map(({ section, items }) => (
                    <Command.Group key={section} heading={section} className={groupClass}>
                      {items.map((item) => (
                        <Command.Item key={item.path} value={`${item.label} ${section}`} onSelect={() => go(`/${slug}${item.path}`)} className={itemClass}>
                          {item.label}
                        </Command.Item>
                      ))}
                    </Command.Group>
                  ))}
                </>
              ) : null}
              <Command.Group heading="You" className={groupClass}>
                <Command.Item value="Account profile password sessions" onSelect={() => go("/account")} className={itemClass}>
                  Account
                </Command.Item>
                <Command.Item value="Theme light" onSelect={() => run(() => applyTheme("light"))} className={itemClass}>
                  Use the light theme
                </Command.Item>
                <Command.Item value="Theme dark" onSelect={() => run(() => applyTheme("dark"))} className={itemClass}>
                  Use the dark theme
                </Command.Item>
                <Command.Item value="Theme system" onSelect={() => run(() => applyTheme("system"))} className={itemClass}>
                  Follow the system theme
                </Command.Item>
              </Command.Group>
              {others.length > 0 ? (
                <Command.Group heading="Workspaces" className={groupClass}>
                  {others.map((w) => (
                    <Command.Item key={w.slug} value={`Workspace ${w.name} ${w.slug}`} onSelect={() => go(`/${w.slug}`)} className={itemClass}>
                      {w.name}
                    </Command.Item>
                  ))}
                </Command.Group>
              ) : null}
            </Command.List>
          </Command>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
