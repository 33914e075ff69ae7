"use client";

import { useState, useTransition } from "react";
import { recordingUrlAction } from "@/app/(dashboard)/[workspace]/calls/actions";
import { Button } from "@/components/ui/button";

/**
 * Recordings are served only through 60-second signed URLs, so the URL is fetched when the
 * member asks to listen, not when the page renders (a page left open would hold a dead one).
 */
export function RecordingPlayer({ slug, mode, callId }: { slug: string; mode: "live" | "test"; callId: string }) {
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  if (url) {
    return <audio controls autoPlay preload="auto" src={url} className="w-full" data-testid="recording-audio" />;
  }
  return (
    <div className="space-y-2">
      <Button
        type="button"
        variant="secondary"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const result = await recordingUrlAction(slug, mode, callId);
            if (result.url) setUrl(result.url);
            else setError(result.error ?? "The recording could not be loaded.");
          })
        }
      >
        {pending ? "Loading…" : "Play recording"}
      </Button>
      {error ? <p className="text-xs text-red-700">{error}</p> : null}
    </div>
  );
}
