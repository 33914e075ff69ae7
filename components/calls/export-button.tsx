"use client";

import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";

/**
 * Downloads the filtered call log as CSV. The server streams it; this reads the stream to
 * show progress against the row count the server announces, then saves the file. Without
 * JavaScript the link downloads directly.
 */
export function ExportButton({ href, estimate }: { href: string; estimate: number }) {
  const [progress, setProgress] = useState<{ rows: number; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);

  async function run(event: React.MouseEvent) {
    event.preventDefault();
    setError(null);
    abort.current = new AbortController();
    try {
      const response = await fetch(href, { signal: abort.current.signal });
      if (!response.ok || !response.body) throw new Error((await response.json().catch(() => null))?.error?.message ?? "The export failed.");
      const total = Number(response.headers.get("x-export-rows") ?? estimate);
      const reader = response.body.getReader();
      const chunks: Uint8Array[] = [];
      let lines = 0;
      setProgress({ rows: 0, total });
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        for (const byte of value) if (byte === 10) lines++;
        setProgress({ rows: Math.max(0, lines - 1), total });
      }
      const name = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? "calls.csv";
      const link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob(chunks as BlobPart[], { type: "text/csv" }));
      link.download = name;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    } catch (e) {
      if ((e as Error).name !== "AbortError") setError((e as Error).message);
    } finally {
      setProgress(null);
      abort.current = null;
    }
  }

  const percent = progress && progress.total > 0 ? Math.min(100, Math.round((progress.rows / progress.total) * 100)) : 0;
  return (
    <div className="flex items-center gap-3">
      {progress ? (
        <>
          <progress max={100} value={percent} className="h-2 w-40" aria-label="Export progress" data-testid="export-progress" />
          <span className="text-xs text-slate-600">
            {progress.rows.toLocaleString("en")} of {progress.total.toLocaleString("en")} rows
          </span>
          <Button type="button" variant="ghost" onClick={() => abort.current?.abort()}>Cancel</Button>
        </>
      ) : (
        <a href={href} onClick={run} download className="inline-flex items-center rounded-md border border-slate-300 bg-surface px-3.5 py-2 text-sm font-medium text-slate-800 shadow-sm hover:bg-slate-50" data-testid="export-csv">
          Export CSV
        </a>
      )}
      {error ? <span role="alert" className="text-xs text-red-700">{error}</span> : null}
    </div>
  );
}
