"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/**
 * A signing secret, shown once, with a copy button; for `standard` endpoints also the same
 * secret as Standard Webhooks libraries take it (decision 049).
 */
export function SecretOnce({ secret, note, standardSecret }: { secret: string; note?: string; standardSecret?: string }) {
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
      {standardSecret ? (
        <div className="space-y-1">
          <p className="text-xs text-slate-600">
            For Standard Webhooks libraries (<code>standardwebhooks</code>, <code>svix</code>), which refuse base64url: the same key as whsec_ + standard base64.
          </p>
          <code className="block break-all rounded-md bg-ink px-3 py-2 font-mono text-sm text-emerald-300" data-testid="new-standard-secret-value">
            {standardSecret}
          </code>
        </div>
      ) : null}
    </div>
  );
}
