"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { NAV_SECTIONS, type NavSection } from "@/lib/authz/navigation";

export interface WorkspaceNavItem {
  label: string;
  path: string;
  section?: NavSection;
}

/**
 * The workspace's areas, grouped (Calls & agents, Developers, …) with the overview on top.
 * The same list is the desktop sidebar and the phone's drawer; `onNavigate` lets the drawer
 * close when a link is followed.
 */
export function WorkspaceNav({ slug, items, onNavigate }: { slug: string; items: WorkspaceNavItem[]; onNavigate?: () => void }) {
  const pathname = usePathname();
  const matches = (item: WorkspaceNavItem) => {
    const href = `/${slug}${item.path}`;
    return item.path === "" ? pathname === href : pathname === href || pathname.startsWith(`${href}/`);
  };
  // The most specific area is the current one (Security at /security, Evidence streams at /security/streams).
  const current = items.filter(matches).sort((a, b) => b.path.length - a.path.length)[0];
  const link = (item: WorkspaceNavItem) => {
    const href = `/${slug}${item.path}`;
    const active = item === current;
    return (
      <li key={item.path}>
        <Link
          href={href}
          onClick={onNavigate}
          aria-current={active ? "page" : undefined}
          className={`block rounded-md px-3 py-1.5 text-sm ${active ? "bg-surface font-medium text-slate-900 shadow-sm ring-1 ring-slate-200" : "text-slate-700 hover:bg-surface/70 hover:text-slate-900"}`}
        >
          {item.label}
        </Link>
      </li>
    );
  };
  const top = items.filter((item) => !item.section);
  const sections = NAV_SECTIONS.map((section) => ({ section, items: items.filter((item) => item.section === section) })).filter((s) => s.items.length > 0);
  return (
    <nav aria-label="Workspace" className="space-y-4">
      <ul className="space-y-0.5">{top.map(link)}</ul>
      {sections.map(({ section, items: sectionItems }) => {
        const id = `nav-${section.replace(/\W+/g, "-").toLowerCase()}`;
        return (
          <div key={section}>
            <p id={id} className="px-3 pb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">
              {section}
            </p>
            <ul aria-labelledby={id} className="space-y-0.5">
              {sectionItems.map(link)}
            </ul>
          </div>
        );
      })}
    </nav>
  );
}
