import Link from "next/link";
import { signOutAction } from "@/app/actions/sign-out";
import { Logo } from "@/components/logo";

export function AppHeader({
  user,
  workspaces,
  current,
}: {
  user: { name: string; email: string };
  workspaces: { slug: string; name: string }[];
  current?: string;
}) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl items-center justify-between gap-4 px-6 py-3">
        <div className="flex items-center gap-6">
          <Logo href={workspaces[0] ? `/${current ?? workspaces[0].slug}` : "/account"} />
          {workspaces.length > 0 ? (
            <nav aria-label="Workspaces" className="flex gap-1 text-sm">
              {workspaces.map((w) => (
                <Link
                  key={w.slug}
                  href={`/${w.slug}`}
                  aria-current={w.slug === current ? "page" : undefined}
                  className={`rounded-md px-2.5 py-1.5 ${w.slug === current ? "bg-slate-100 font-medium text-slate-900" : "text-slate-600 hover:bg-slate-50"}`}
                >
                  {w.name}
                </Link>
              ))}
            </nav>
          ) : null}
        </div>
        <div className="flex items-center gap-3 text-sm">
          <Link href="/account" className="text-slate-700 hover:text-slate-900" title={user.email}>
            {user.name}
          </Link>
          <form action={signOutAction}>
            <button type="submit" className="rounded-md px-2.5 py-1.5 text-slate-600 hover:bg-slate-100">
              Sign out
            </button>
          </form>
        </div>
      </div>
    </header>
  );
}
