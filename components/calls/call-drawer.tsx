import Link from "next/link";
import type { getCall } from "@/lib/calls/query";
import { formatDateTime } from "@/lib/format/dates";
import { formatDuration } from "@/lib/format/calls";
import { EscapeLink } from "@/components/ui/escape-link";
import { RecordingPlayer } from "./recording-player";
import { StatusBadge } from "./status-badge";

type CallDetail = Awaited<ReturnType<typeof getCall>>;

/** Transcript lines "Speaker: text" → speaker and text; anything else is shown as is. */
function lines(transcript: string) {
  return transcript.split("\n").filter(Boolean).map((line) => {
    const m = /^([A-Za-z][\w ]{0,20}):\s(.*)$/.exec(line);
    return m ? { speaker: m[1], text: m[2] } : { speaker: null, text: line };
  });
}

/**
 * The open call: details, the transcript (decrypted on the server) and the recording. The
 * whole screen on a phone, a panel from the right from sm up; Escape closes it.
 */
export function CallDrawer({ slug, call, closeHref }: { slug: string; call: CallDetail; closeHref: string }) {
  const rows: [string, React.ReactNode][] = [
    ["Caller", <span key="c" className="font-mono" data-testid="drawer-caller">{call.caller_number ?? call.caller_display}</span>],
    ["Channel", call.channel === "web" ? "Web chat (widget)" : "Phone"],
    ["Our number", call.to_number ? <span key="t" className="font-mono">{call.to_number}</span> : "—"],
    ["Direction", call.direction === "inbound" ? "Inbound" : "Outbound"],
    ["Status", <StatusBadge key="s" status={call.status} />],
    ["Started", formatDateTime(new Date(call.started_at))],
    ["Duration", formatDuration(call.duration_seconds)],
    ["Mode", call.mode === "test" ? "Test" : "Live"],
    ["Call id", <span key="i" className="font-mono text-xs">{call.id}</span>],
  ];
  return (
    <div className="fixed inset-0 z-40 flex justify-end" role="dialog" aria-modal="true" aria-labelledby="call-drawer-title">
      <Link href={closeHref} scroll={false} className="absolute inset-0 bg-ink/50" aria-label="Close call details" />
      <EscapeLink href={closeHref} focusId="call-drawer-panel" />
      <div id="call-drawer-panel" tabIndex={-1} className="relative flex h-full w-full flex-col overflow-y-auto bg-surface shadow-xl focus:outline-none sm:max-w-lg" data-testid="call-drawer">
        <header className="flex items-center justify-between border-b border-slate-100 px-5 py-4">
          <h2 id="call-drawer-title" className="text-base font-semibold">Call details</h2>
          <Link href={closeHref} scroll={false} className="rounded-md px-2 py-1 text-sm text-slate-600 hover:bg-slate-100">Close</Link>
        </header>
        <dl className="grid grid-cols-3 gap-x-4 gap-y-2 px-5 py-4 text-sm [overflow-wrap:anywhere]">
          {rows.map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="text-slate-500">{k}</dt>
              <dd className="col-span-2 text-slate-900">{v}</dd>
            </div>
          ))}
        </dl>
        <section className="border-t border-slate-100 px-5 py-4">
          <h3 className="mb-2 text-sm font-semibold">Recording</h3>
          {call.has_recording ? <RecordingPlayer slug={slug} mode={call.mode} callId={call.id} /> : <p className="text-sm text-slate-500">No recording.</p>}
        </section>
        <section className="border-t border-slate-100 px-5 py-4">
          <h3 className="mb-2 text-sm font-semibold">Transcript</h3>
          {call.transcript ? (
            <ol className="space-y-2 text-sm" data-testid="transcript">
              {lines(call.transcript).map((l, i) => (
                <li key={i}>
                  {l.speaker ? <span className="mr-2 font-medium text-slate-900">{l.speaker}</span> : null}
                  <span className="text-slate-700">{l.text}</span>
                </li>
              ))}
            </ol>
          ) : (
            <p className="text-sm text-slate-500">No transcript.</p>
          )}
        </section>
      </div>
    </div>
  );
}
