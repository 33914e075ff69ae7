import type { Metadata } from "next";
import { CreateStreamForm } from "@/components/streams/create-stream-form";
import { StreamList } from "@/components/streams/stream-list";
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
      <StreamList
        streams={streams}
        now={now}
        empty="No destinations yet."
        controlsFor={(s) => ({
          toggle: setPlatformStreamEnabledAction.bind(null, s.id, !s.enabled),
          remove: deletePlatformStreamAction.bind(null, s.id),
          replaceSecret: replacePlatformStreamSecretAction.bind(null, s.id),
        })}
      />
      <Card title="Add a destination" description="Secrets are stored wrapped by the key provider and never shown again.">
        <CreateStreamForm create={createPlatformStreamAction} />
      </Card>
    </div>
  );
}
