import type { Metadata } from "next";
import { CreateStreamForm } from "@/components/streams/create-stream-form";
import { StreamStatus } from "@/components/streams/stream-status";
import { Card } from "@/components/ui/card";
import { staffPage } from "@/lib/entry/staff";
import { listPlatformStreams } from "@/lib/evidence/streams/platform";
import { createPlatformStreamAction, deletePlatformStreamAction, replacePlatformStreamSecretAction, setPlatformStreamEnabledAction } from "./actions";

export const metadata: Metadata = { title: "Platform evidence streams" };

/**
 * The platform chain's evidence streams (decision 038): staff sign-ins, cleared lockouts,
 * deleted workspaces' records and platform security events, copied to the operator's SIEM.
 */
export default async function ConsoleStreamsPage() {
  const ctx = await staffPage();
  const now = new Date();
  const streams = await listPlatformStreams(ctx, now);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Platform evidence streams</h1>
        <p className="mt-1 text-sm text-slate-600">
          The platform audit chain and the security events outside any workspace, streamed in order and resumed from where a destination stopped.
        </p>
      </div>
      {streams.length === 0 ? (
        <Card>
          <p className="text-sm text-slate-600">No destinations yet.</p>
        </Card>
      ) : (
        <ul className="space-y-4" aria-label="Destinations">
          {streams.map((s) => (
            <li key={s.id}>
              <StreamStatus
                stream={s}
                now={now}
                controls={{
                  toggle: setPlatformStreamEnabledAction.bind(null, s.id, !s.enabled),
                  remove: deletePlatformStreamAction.bind(null, s.id),
                  replaceSecret: replacePlatformStreamSecretAction.bind(null, s.id),
                }}
              />
            </li>
          ))}
        </ul>
      )}
      <Card title="Add a destination" description="Secrets are stored wrapped by the key provider and never shown again.">
        <CreateStreamForm create={createPlatformStreamAction} />
      </Card>
    </div>
  );
}
