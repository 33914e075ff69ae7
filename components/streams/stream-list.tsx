import { Card } from "@/components/ui/card";
import type { StreamView } from "@/lib/evidence/streams/status";
import { StreamStatus, type StreamControls } from "./stream-status";

/** A chain's destinations, newest first; `controlsFor` binds each one's actions for its manager. */
export function StreamList({ streams, now, empty, controlsFor }: { streams: StreamView[]; now: Date; empty: string; controlsFor?: (stream: StreamView) => StreamControls }) {
  if (streams.length === 0) {
    return (
      <Card>
        <p className="text-sm text-slate-600">{empty}</p>
      </Card>
    );
  }
  return (
    <ul className="space-y-4" aria-label="Destinations">
      {streams.map((s) => (
        <li key={s.id}>
          <StreamStatus stream={s} now={now} controls={controlsFor?.(s)} />
        </li>
      ))}
    </ul>
  );
}
