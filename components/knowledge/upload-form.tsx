"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/**
 * Uploads one file to /{workspace}/knowledge/upload (a route handler: server actions cap
 * bodies at 1 MB). The server decides everything; this only shows its answer.
 */
export function UploadForm({ slug, accept, limits }: { slug: string; accept: string; limits: string }) {
  const router = useRouter();
  const [state, setState] = useState<{ tone: "success" | "error"; message: string } | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setPending(true);
    setState(null);
    try {
      const response = await fetch(`/${slug}/knowledge/upload`, { method: "POST", body: new FormData(form) });
      const body = (await response.json().catch(() => null)) as { name?: string; scan_status?: string; error?: { message: string } } | null;
      if (response.ok && body?.name) {
        setState({ tone: "success", message: `Added “${body.name}”${body.scan_status === "not_scanned" ? " (not scanned: no virus scanner is configured)" : ""}.` });
        form.reset();
        router.refresh();
      } else {
        setState({ tone: "error", message: body?.error?.message ?? `The upload failed (${response.status}).` });
        router.refresh();
      }
    } catch {
      setState({ tone: "error", message: "The upload did not reach the server. Check your connection and try again." });
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} className="space-y-3" data-testid="upload-form">
      {state ? <Alert tone={state.tone}>{state.message}</Alert> : null}
      <div>
        <label htmlFor="knowledge-file" className="block text-sm font-medium text-slate-800">File</label>
        <input
          id="knowledge-file"
          name="file"
          type="file"
          required
          accept={accept}
          aria-describedby="knowledge-file-hint"
          className="mt-1 block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:text-sm file:font-medium hover:file:bg-slate-200"
        />
        <p id="knowledge-file-hint" className="mt-1 text-xs text-slate-500">{limits}</p>
      </div>
      <Button type="submit" disabled={pending}>{pending ? "Checking…" : "Upload"}</Button>
    </form>
  );
}
