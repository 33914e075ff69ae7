import type { Metadata } from "next";
import Link from "next/link";
import { staffIfSignedIn } from "@/lib/entry/staff";
import { consolePath } from "@/lib/operator/paths";
import { staffSignOutAction } from "./actions";

export const metadata: Metadata = { title: { default: "Operator console", template: "%s · Operator console" } };

const NAV = [
  { label: "Workspaces", path: "" },
  { label: "Security events", path: "/security-events" },
  { label: "Lockouts", path: "/lockouts" },
  { label: "Members", path: "/users" },
  { label: "Audit log", path: "/audit" },
  { label: "Evidence streams", path: "/streams" },
  { label: "Passkeys", path: "/passkeys" },
];

/**
 * The operator console's frame (SPEC §11). Reachable only through the ADMIN_PATH rewrite;
 * asked for at its internal path it is a 404 like any unknown page.
 */
export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const staff = (await staffIfSignedIn())?.staff;
  return (
    <div className="min-h-screen bg-slate-50">
      <header className="bg-ink text-ink-fg">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-3 sm:px-6">
          <div className="flex min-w-0 flex-wrap items-center gap-x-6 gap-y-2">
            <span className="text-sm font-semibold tracking-tight">
              Switchboard <span className="ml-1 rounded bg-amber-400 px-1.5 py-0.5 text-xs font-bold text-ink">Operator console</span>
            </span>
            {staff ? (
              <nav aria-label="Console" className="-mx-2.5 flex max-w-full gap-1 overflow-x-auto text-sm">
                {NAV.map((item) => (
                  <Link key={item.label} href={consolePath(item.path)} className="whitespace-nowrap rounded-md px-2.5 py-1.5 text-ink-muted hover:bg-ink-hover hover:text-white">
                    {item.label}
                  </Link>
                ))}
              </nav>
            ) : null}
          </div>
          {staff ? (
            <div className="flex min-w-0 items-center gap-3 text-sm">
              <Link href={consolePath("/password")} className="truncate text-ink-muted hover:underline" data-testid="staff-email" title="Change your password">{staff.email}</Link>
              <form action={staffSignOutAction}>
                <button type="submit" className="rounded-md px-2.5 py-1.5 text-ink-muted hover:bg-ink-hover hover:text-white">
                  Sign out
                </button>
              </form>
            </div>
          ) : null}
        </div>
      </header>
      <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-6 sm:px-6 sm:py-8">{children}</main>
    </div>
  );
}
