"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { DateTime } from "@/components/ui/date-time";

export interface RecoveryView {
  status: "queued" | "running" | "completed";
  since: string;
  total: number;
  done: number;
  created_at: string;
  completed_at: string | null;
}

/** How often the page asks again while a recovery runs. */
const REFRESH_MS = 2000;

/** The endpoint's newest recovery: a bar and its words; the page refreshes itself until it completes. */
export function RecoveryProgress({ recovery }: { recovery: RecoveryView }) {
  const router = useRouter();
  const finished = recovery.status === "completed";
  useEffect(() => {
    if (finished) return;
    const timer = setInterval(() => router.refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [finished, router]);
  const total = Math.max(recovery.total, recovery.done);
  const percent = total === 0 ? (finished ? 100 : 0) : Math.round((recovery.done / total) * 100);
  const words =
    recovery.status === "queued"
      ? "Waiting for the worker to start it…"
      : recovery.status === "running"
        ? `${recovery.done.toLocaleString("en")} of ${total.toLocaleString("en")} events queued again…`
        : total === 0
          ? "Completed: no failed delivery in the window was still undelivered."
          : `Completed: ${recovery.done.toLocaleString("en")} event${recovery.done === 1 ? "" : "s"} queued again.`;
  return (
    <div className="space-y-2" data-testid="recovery-progress">
      <p className="text-sm text-slate-700">
        Latest recovery, failed since <DateTime iso={recovery.since} />: <span aria-live="polite">{words}</span>
      </p>
      {/* A native bar: no inline style, which the CSP refuses in server-rendered HTML. */}
      <progress
        aria-label="Recovery progress"
        max={100}
        value={percent}
        className="h-2 w-full appearance-none overflow-hidden rounded [&::-moz-progress-bar]:bg-brand-600 [&::-webkit-progress-bar]:bg-slate-200 [&::-webkit-progress-value]:bg-brand-600"
      />
    </div>
  );
}
