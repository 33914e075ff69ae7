/** Call fields as the dashboard shows them. */
export function formatDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

export const STATUS_LABEL: Record<string, string> = { completed: "Completed", failed: "Failed", no_answer: "No answer", busy: "Busy" };

export const STATUS_BADGE: Record<string, string> = {
  completed: "bg-emerald-50 text-emerald-800 ring-emerald-600/20",
  failed: "bg-red-50 text-red-800 ring-red-600/20",
  no_answer: "bg-amber-50 text-amber-900 ring-amber-600/20",
  busy: "bg-slate-100 text-slate-700 ring-slate-500/20",
};
