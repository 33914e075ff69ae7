import { cookies } from "next/headers";
import Link from "next/link";
import { signOutAction } from "@/app/actions/sign-out";
import { CommandPalette } from "@/components/command-palette";
import { Logo } from "@/components/logo";
import { MobileNav } from "@/components/mobile-nav";
import { ShortcutsHelp } from "@/components/shortcuts-help";
import { THEME_COOKIE, themeOf } from "@/components/theme";
import { ThemeToggle } from "@/components/theme-toggle";
import type { WorkspaceNavItem } from "@/components/workspace-nav";
import { WorkspaceSwitcher } from "@/components/workspace-switcher";

/**
 * The signed-in frame's header. From md up: logo, workspace switcher, search, theme, the
 * account and Sign out. Below md the navigation, the other workspaces, the account and Sign
 * out move into the Menu drawer, so a 360 px screen holds the header without scrolling.
 */
export async function AppHeader({
  user,
  workspaces,
  current,
  nav = [],
}: {
  user: { name: string; email: string };
  workspaces: { slug: string; name: string }[];
  current?: string;
  /** The workspace's areas, for the phone's drawer (the sidebar shows them from md up). */
  nav?: WorkspaceNavItem[];
}) {
  const theme = themeOf((await cookies()).get(THEME_COOKIE)?.value);
  const home = workspaces[0] ? `/${current ?? workspaces[0].slug}` : "/account";
  const signOut = (
    <form action={signOutAction}>
      <button type="submit" className="w-full rounded-md px-2.5 py-1.5 text-left text-sm text-slate-700 hover:bg-slate-100 md:w-auto">
        Sign out
      </button>
    </form>
  );
  return (
    <header className="border-b border-slate-200 bg-surface">
      <div className="mx-auto flex max-w-6xl items-center gap-2 px-3 py-2.5 sm:px-6 md:gap-4">
        <MobileNav
          slug={current}
          items={nav}
          workspaces={workspaces}
          footer={
            <div className="space-y-0.5">
              <Link href="/account" className="block rounded-md px-2.5 py-1.5 text-sm text-slate-700 hover:bg-slate-100">
                Account <span className="text-slate-500">· {user.email}</span>
              </Link>
              {signOut}
            </div>
          }
        />
        <Logo href={home} />
        {workspaces.length > 0 ? (
          <div className="hidden md:block">
            <WorkspaceSwitcher workspaces={workspaces} current={current} />
          </div>
        ) : null}
        <div className="ml-auto flex items-center gap-1 text-sm md:gap-3">
          <CommandPalette slug={current} nav={nav} workspaces={workspaces} />
          <ShortcutsHelp />
          <ThemeToggle initial={theme} signedIn />
          <Link href="/account" className="hidden max-w-40 truncate text-slate-700 hover:text-slate-900 md:block" title={user.email}>
            {user.name}
          </Link>
          <div className="hidden md:block">{signOut}</div>
        </div>
      </div>
    </header>
  );
}
