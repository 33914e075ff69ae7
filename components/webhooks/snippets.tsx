import { CodeBlock } from "@/components/ui/copy-button";
import type { SignatureScheme } from "@/lib/webhooks/scheme-names";
import { verificationSnippets } from "@/lib/webhooks/snippets-by-scheme";

/** The verification snippets (Node, Python, Go) for a signature scheme, the same ones docs/webhooks.md shows. */
export function VerificationSnippets({ scheme = "switchboard" }: { scheme?: SignatureScheme }) {
  return (
    <div className="space-y-3">
      {verificationSnippets(scheme).map((s) => (
        <details key={s.language} className="rounded-md border border-slate-200">
          <summary className="cursor-pointer px-3 py-2 text-sm font-medium">
            {s.label} <span className="font-mono text-xs text-slate-500">{s.filename}</span>
          </summary>
          <div className="px-3 pb-2">
            <CodeBlock code={s.code} label={`${s.label} snippet`} />
          </div>
          <p className="px-3 py-2 text-xs text-slate-600">Run: <code>{s.run}</code></p>
        </details>
      ))}
    </div>
  );
}
