"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";

/** Recovery codes, shown once: copy or download them now. */
export function RecoveryCodesList({ codes }: { codes: string[] }) {
  const [copied, setCopied] = useState(false);
  const text = codes.join("\n");
  const download = `data:text/plain;charset=utf-8,${encodeURIComponent(`Switchboard recovery codes\nEach works once.\n\n${text}\n`)}`;
  return (
    <div className="space-y-3 rounded-md border border-amber-200 bg-amber-50 p-4" data-testid="recovery-codes">
      <p className="text-sm font-medium text-amber-900">Save your recovery codes now — they are shown only this once.</p>
      <p className="text-xs text-amber-900">If you lose your authenticator app or passkey, each code signs you in once. Keep them somewhere safe, like a password manager.</p>
      <ul className="grid grid-cols-1 gap-1 font-mono text-sm text-slate-900 sm:grid-cols-2">
        {codes.map((code) => (
          <li key={code} data-testid="recovery-code">
            {code}
          </li>
        ))}
      </ul>
      <div className="flex flex-wrap gap-2">
        <Button
          type="button"
          variant="secondary"
          onClick={() => {
            void navigator.clipboard?.writeText(text).then(() => setCopied(true));
          }}
        >
          {copied ? "Copied" : "Copy codes"}
        </Button>
        <a className="inline-flex items-center rounded-md border border-slate-300 bg-surface px-3 py-2 text-sm font-medium text-slate-900 underline-offset-2 hover:underline" href={download} download="switchboard-recovery-codes.txt">
          Download
        </a>
      </div>
    </div>
  );
}
