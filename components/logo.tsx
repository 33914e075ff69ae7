import Link from "next/link";

export function Logo({ href = "/" }: { href?: string }) {
  return (
    <Link href={href} className="flex items-center gap-2 text-lg font-semibold tracking-tight text-slate-900">
      <span aria-hidden className="inline-block h-6 w-6 rounded-md bg-brand-600" />
      Switchboard
    </Link>
  );
}
