/** A response status with its class's colour; the number itself is the information. */
export function StatusBadge({ status }: { status: number }) {
  const tone = status >= 500 ? "bg-red-50 text-red-700" : status >= 400 ? "bg-amber-50 text-amber-800" : "bg-emerald-50 text-emerald-800";
  return <span className={`rounded-full px-2 py-0.5 font-mono text-xs font-medium ${tone}`}>{status}</span>;
}
