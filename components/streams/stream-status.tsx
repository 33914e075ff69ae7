import { ActionButtonForm } from "@/components/action-button-form";
import { Card } from "@/components/ui/card";
import { STREAM_KIND_LABELS, STREAM_SOURCE_LABELS } from "@/lib/evidence/streams/kinds";
import type { StreamView } from "@/lib/evidence/streams/status";
import type { ActionResult } from "@/lib/forms/form-state";
import { formatDateTime, formatRelative } from "@/lib/format/dates";
import { ReplaceSecretForm, type ReplaceSecretAction } from "./replace-secret-form";

type BoundAction = (prev: ActionResult, form: FormData) => Promise<ActionResult>;

/** A manager's controls of one stream, bound to it (a workspace owner's, or staff's for the platform). */
export interface StreamControls {
  toggle: BoundAction;
  remove: BoundAction;
  replaceSecret: ReplaceSecretAction;
}

const SECRET_NAMES = { https: "signing secret", splunk: "HEC token", datadog: "API key", s3: "secret access key" } as const;

function Badge({ tone, children }: { tone: "ok" | "bad" | "muted" | "warn"; children: React.ReactNode }) {
  const tones = {
    ok: "bg-emerald-50 text-emerald-800 ring-emerald-600/20",
    bad: "bg-red-50 text-red-800 ring-red-600/20",
    warn: "bg-amber-50 text-amber-900 ring-amber-600/20",
    muted: "bg-slate-100 text-slate-600 ring-slate-500/20",
  } as const;
  return <span className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${tones[tone]}`}>{children}</span>;
}

/** "Up to date", or how many records wait and how old the oldest is (the stream's lag). */
function lagText(behind: number, oldest: Date | null, now: Date): string {
  if (behind === 0) return "Up to date";
  const count = `${behind.toLocaleString("en-GB")} waiting`;
  return oldest ? `${count}, oldest from ${formatRelative(oldest, now)}` : count;
}

/** One destination's health: lag per source, last success, last errors; the owner's controls. */
export function StreamStatus({ stream, controls, now }: { stream: StreamView; controls?: StreamControls; now: Date }) {
  const errors = stream.attempts.filter((a) => a.error);
  const state = !stream.enabled ? (
    <Badge tone="muted">Paused</Badge>
  ) : stream.isStalled ? (
    <Badge tone="bad">Stalled since {formatRelative(stream.failingSince!, now)}</Badge>
  ) : stream.failingSince ? (
    <Badge tone="warn">Retrying since {formatRelative(stream.failingSince, now)}</Badge>
  ) : (
    <Badge tone="ok">Streaming</Badge>
  );
  return (
    <Card
      title={stream.name}
      description={
        <>
          {STREAM_KIND_LABELS[stream.kind]} · <span className="break-all font-mono text-xs">{stream.url}</span>
        </>
      }
      actions={<div className="shrink-0">{state}</div>}
    >
      <div className="space-y-4" data-testid="stream-status">
        <dl className="grid gap-3 text-sm sm:grid-cols-3">
          {stream.lag.map((l) => (
            <div key={l.source} className="rounded-md border border-slate-200 px-3 py-2">
              <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{STREAM_SOURCE_LABELS[l.source]}</dt>
              <dd className="mt-1 text-slate-900" data-testid={`lag-${l.source}`}>
                {lagText(l.behind, l.oldestPendingAt, now)}
              </dd>
              <dd className="text-xs text-slate-500">Sent through {l.source === "security_events" ? "id" : "seq"} {l.cursor.toLocaleString("en-GB")}</dd>
            </div>
          ))}
        </dl>
        <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-2">
          <div className="flex flex-wrap gap-x-2">
            <dt className="text-slate-500">Last success</dt>
            <dd className="text-slate-900">{stream.lastSuccessAt ? <time dateTime={stream.lastSuccessAt.toISOString()} title={formatDateTime(stream.lastSuccessAt)}>{formatRelative(stream.lastSuccessAt, now)}</time> : "Not yet"}</dd>
          </div>
          <div className="flex flex-wrap gap-x-2">
            <dt className="text-slate-500">Delivered</dt>
            <dd className="text-slate-900">{stream.delivered.toLocaleString("en-GB")} records</dd>
          </div>
          <div className="flex flex-wrap gap-x-2">
            <dt className="text-slate-500">Secret</dt>
            <dd className="font-mono text-slate-900">…{stream.secretLast4}</dd>
          </div>
          {stream.failingSince && stream.enabled ? (
            <div className="flex flex-wrap gap-x-2">
              <dt className="text-slate-500">Next attempt</dt>
              <dd className="text-slate-900">{formatRelative(stream.nextAttemptAt, now)}</dd>
            </div>
          ) : null}
        </dl>
        {stream.lastError ? (
          <div className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="stream-last-error">
            <p className="font-medium">Last error{stream.lastErrorAt ? `, ${formatRelative(stream.lastErrorAt, now)}` : ""}</p>
            <p className="mt-1 break-words font-mono text-xs">{stream.lastError}</p>
          </div>
        ) : null}
        {errors.length > 1 ? (
          <details className="text-sm">
            <summary className="cursor-pointer text-slate-700">Recent errors ({errors.length})</summary>
            <ul className="mt-2 space-y-1">
              {errors.map((a) => (
                <li key={a.id} className="break-words text-xs text-slate-700">
                  <time dateTime={a.startedAt.toISOString()}>{formatDateTime(a.startedAt)}</time> · {STREAM_SOURCE_LABELS[a.source as keyof typeof STREAM_SOURCE_LABELS] ?? a.source} {a.firstSeq}–{a.lastSeq} ·{" "}
                  <span className="font-mono">{a.error}</span>
                </li>
              ))}
            </ul>
          </details>
        ) : null}
        {controls ? (
          <div className="space-y-3 border-t border-slate-100 pt-4">
            <ReplaceSecretForm action={controls.replaceSecret} streamId={stream.id} isGenerated={stream.kind === "https"} label={SECRET_NAMES[stream.kind]} />
            <div className="flex flex-wrap gap-3">
              <ActionButtonForm action={controls.toggle} label={stream.enabled ? "Pause" : "Resume"} />
              <ActionButtonForm
                action={controls.remove}
                label="Delete"
                variant="danger"
                confirm={{
                  title: `Delete the stream “${stream.name}”?`,
                  description: "Nothing more is sent to this destination. What it already received stays there; the audit log keeps every row.",
                  confirmLabel: "Delete stream",
                }}
              />
            </div>
          </div>
        ) : null}
      </div>
    </Card>
  );
}
