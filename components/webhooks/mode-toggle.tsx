import Link from "next/link";

/** Live / test data switch for pages whose objects belong to one mode. */
export function ModeToggle({ href, mode }: { href: (mode: "live" | "test") => string; mode: "live" | "test" }) {
  return (
    <nav aria-label="Data mode" className="inline-flex rounded-md border border-slate-300 bg-surface p-0.5 text-sm">
      {(["live", "test"] as const).map((m) => (
        <Link
          key={m}
          href={href(m)}
          aria-current={mode === m ? "page" : undefined}
          className={`rounded px-3 py-1 ${mode === m ? "bg-slate-900 text-surface" : "text-slate-700 hover:bg-slate-100"}`}
        >
          {m === "live" ? "Live data" : "Test data"}
        </Link>
      ))}
    </nav>
  );
}
