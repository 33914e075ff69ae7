"use client";

import { useState } from "react";

/** Copies `text` to the clipboard; says so for two seconds (and to screen readers). */
export function CopyButton({ text, label = "Copy", className = "" }: { text: string; label?: string; className?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      onClick={() =>
        navigator.clipboard?.writeText(text).then(() => {
          setCopied(true);
          setTimeout(() => setCopied(false), 2000);
        })
      }
      className={`rounded-md px-2 py-1 text-xs font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50 ${className}`}
    >
      <span aria-live="polite">{copied ? "Copied" : label}</span>
    </button>
  );
}

/** A code block with a copy button above its right edge. */
export function CodeBlock({ code, label }: { code: string; label: string }) {
  return (
    <div className="space-y-1">
      <div className="flex justify-end">
        <CopyButton text={code} label={`Copy ${label}`} />
      </div>
      <pre tabIndex={0} className="overflow-x-auto rounded-md bg-ink p-3 font-mono text-xs text-ink-fg">
        {code}
      </pre>
    </div>
  );
}
