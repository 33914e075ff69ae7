import Link from "next/link";
import { Card } from "@/components/ui/card";
import type { GettingStartedStep } from "@/lib/overview/getting-started";

/** The new workspace's checklist (lib/overview/getting-started): what is done, and a link to each next step. */
export function GettingStarted({ steps }: { steps: GettingStartedStep[] }) {
  const done = steps.filter((s) => s.done).length;
  return (
    <Card title="Get started" description={`${done} of ${steps.length} done. This list goes away when every step is.`}>
      <ol className="divide-y divide-slate-100" data-testid="getting-started">
        {steps.map((step) => (
          <li key={step.id} className="flex items-start gap-3 py-2.5" data-testid={`step-${step.id}`} data-done={step.done}>
            <span
              aria-hidden="true"
              className={`mt-0.5 flex size-5 shrink-0 items-center justify-center rounded-full text-xs ${step.done ? "bg-emerald-600 text-white" : "ring-1 ring-slate-300"}`}
            >
              {step.done ? "✓" : ""}
            </span>
            <div className="min-w-0">
              {step.done ? (
                <p className="text-sm text-slate-600">
                  <span className="line-through">{step.label}</span> <span className="sr-only">(done)</span>
                </p>
              ) : (
                <Link href={step.href} className="text-sm font-medium text-brand-700">
                  {step.label}
                </Link>
              )}
              {step.done ? null : <p className="text-xs text-slate-600">{step.hint}</p>}
            </div>
          </li>
        ))}
      </ol>
    </Card>
  );
}
