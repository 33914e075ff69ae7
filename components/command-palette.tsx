"use client";

import * as Dialog from "@radix-ui/react-dialog";
import { Command } from "cmdk";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { applyTheme } from "@/components/theme-toggle";
import { adoptPageNonce } from "@/components/ui/page-nonce";
import type { WorkspaceNavItem } from "@/components/workspace-nav";
import { NAV_SECTIONS } from "@/lib/authz/navigation";
import type { SearchHit } from "@/lib/search/workspace-search";

adoptPageNonce();

const KIND: Record<SearchHit["kind"], string> = { call: "Call", member: "Member", api_key: "API key", webhook_endpoint: "Webhook" };

const itemClass =
  "flex cursor-pointer items-center justify-between gap-3 rounded-md px-3 py-2 text-sm text-slate-800 data-[selected=true]:bg-brand-50 data-[selected=true]:text-brand-900";
const groupClass =
  "[&_[cmdk-group-heading]]:px-3 [&_[cmdk-group-heading]]:pt-2 [&_[cmdk-group-heading]]:pb-1 [&_[cmdk-group-heading]]:text-xs [&_[cmdk-group-heading]]:font-semibold [&_[cmdk-group-heading]]:uppercase [&_[cmdk-group-heading]]:tracking-wide [&_[cmdk-group-heading]]:text-slate-500";

/**
 * ⌘K / Ctrl-K (or the Search button): jump to any area of the workspace the member may
 * open (the same list as the navigation, so it offers nothing the server would refuse),
 * another workspace, the account, or a theme; typed text also finds members, keys, webhook
 * endpoints and calls by id or name (GET …/search, which filters by the same permissions).
 * cmdk filters and keeps the keyboard model
 * (arrows, Enter); Radix Dialog traps focus, closes on Escape and gives focus back.
 */
export function CommandPalette({ slug, nav, workspaces }: { slug?: string; nav: WorkspaceNavItem[]; workspaces: { slug: string; name: string }[] }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState("");
  const [hits, setHits] = useState<SearchHit[]>([]);
  useEffect(() => {
    const q = search.trim();
    if (!slug || q.length < 2) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      fetch(`/${slug}/search?q=${encodeURIComponent(q)}`, { signal: controller.signal, headers: { accept: "application/json" } })
        .then((response) => (response.ok ? (response.json() as Promise<{ hits: SearchHit[] }>) : { hits: [] }))
        .then((body) => setHits(body.hits))
        .catch(() => undefined);
    }, 200);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [search, slug]);
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
    setSearch("");
    setHits([]);
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
              value={search}
              onValueChange={(value) => {
                setSearch(value);
                if (value.trim().length < 2) setHits([]);
              }}
              placeholder="Jump to a page, or find a member, key, endpoint or call…"
              className="w-full border-b border-slate-200 bg-transparent px-4 py-3 text-sm text-slate-900 placeholder:text-slate-500 focus:outline-none"
            />
            <Command.List className="overflow-y-auto p-2">
              <Command.Empty className="px-3 py-6 text-center text-sm text-slate-600">Nothing matches. Try a page name such as “keys” or “audit”.</Command.Empty>
              {hits.length > 0 ? (
                <Command.Group heading="Found" className={groupClass}>
                  {hits.map((hit) => (
                    <Command.Item key={`${hit.kind} ${hit.href} ${hit.label}`} value={`${search} ${hit.label} ${hit.detail}`} onSelect={() => go(hit.href)} className={itemClass}>
                      <span className="min-w-0 truncate">
                        {hit.label} <span className="text-slate-500">· {hit.detail}</span>
                      </span>
                      <span className="shrink-0 text-xs text-slate-500">{KIND[hit.kind]}</span>
                    </Command.Item>
                  ))}
                </Command.Group>
              ) : null}
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
                <Command.Item value="Theme light" onSelect={() => run(() => applyTheme("light", true))} className={itemClass}>
                  Use the light theme
                </Command.Item>
                <Command.Item value="Theme dark" onSelect={() => run(() => applyTheme("dark", true))} className={itemClass}>
                  Use the dark theme
                </Command.Item>
                <Command.Item value="Theme system" onSelect={() => run(() => applyTheme("system", true))} className={itemClass}>
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
