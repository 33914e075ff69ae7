"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/** A signing secret, shown once, with a copy button. */
export function SecretOnce({ secret, note }: { secret: string; note?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="space-y-3" data-testid="new-secret">
      <Alert tone="warning">Copy this signing secret now. It is shown only once; we keep it encrypted. {note}</Alert>
      <div className="flex items-center gap-2">
        <code className="flex-1 break-all rounded-md bg-ink px-3 py-2 font-mono text-sm text-emerald-300" data-testid="new-secret-value">
          {secret}
        </code>
        <Button type="button" variant="secondary" onClick={() => navigator.clipboard?.writeText(secret).then(() => setCopied(true))}>
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
    </div>
  );
}
