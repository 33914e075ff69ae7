import type { Metadata } from "next";
import Link from "next/link";
import { CreateStreamForm } from "@/components/streams/create-stream-form";
import { StreamList } from "@/components/streams/stream-list";
import { Card } from "@/components/ui/card";
import { memberPage } from "@/lib/entry/page";
import { createStreamAction, deleteStreamAction, replaceStreamSecretAction, setStreamEnabledAction } from "./actions";
import { listStreams } from "@/lib/evidence/streams/status";

export const metadata: Metadata = { title: "Evidence streams" };

type Params = Promise<{ workspace: string }>;

/**
 * Evidence streams (SPEC §7, decision 038): where this workspace's audit log, security events
 * and signed checkpoints are copied. Anyone who reads the audit log sees each destination's
 * health; only owners, in sudo mode, add, pause, re-key or delete one.
 */
export default async function EvidenceStreamsPage({ params }: { params: Params }) {
  const { workspace: slug } = await params;
  const ctx = await memberPage(slug, "audit:read");
  const isOwner = ctx.membership.role === "owner";
  const now = new Date();
  const streams = await listStreams(ctx, now);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Evidence streams</h1>
        <p className="mt-1 text-sm text-slate-600">
          A copy of the <Link href={`/${slug}/audit`} className="font-medium text-brand-700 hover:underline">audit log</Link> and{" "}
          <Link href={`/${slug}/security`} className="font-medium text-brand-700 hover:underline">security events</Link> in your own SIEM or bucket, in order and
          without gaps: a destination that is down is caught up from where it stopped.
        </p>
      </div>
      <StreamList
        streams={streams}
        now={now}
        empty={`No destinations yet.${isOwner ? " Add one below." : " An owner can add one."}`}
        controlsFor={
          isOwner
            ? (s) => ({
                toggle: setStreamEnabledAction.bind(null, slug, s.id, !s.enabled),
                remove: deleteStreamAction.bind(null, slug, s.id),
                replaceSecret: replaceStreamSecretAction.bind(null, slug, s.id),
              })
            : undefined
        }
      />
      {isOwner ? (
        <Card title="Add a destination" description="Owners only, after confirming it’s you. Secrets are stored encrypted and never shown again.">
          <CreateStreamForm create={createStreamAction.bind(null, slug)} />
        </Card>
      ) : null}
      <Card title="What a destination receives">
        <ul className="list-disc space-y-1 pl-5 text-sm text-slate-600">
          <li>
            One JSON object per record: <code className="text-xs">source</code>, <code className="text-xs">chain</code>, <code className="text-xs">seq</code>,{" "}
            <code className="text-xs">occurred_at</code> and the record’s fields; audit rows carry <code className="text-xs">prev_hash</code> and{" "}
            <code className="text-xs">hash</code>, so your copy verifies on its own.
          </li>
          <li>
            HTTPS batches are <code className="text-xs">application/x-ndjson</code> with <code className="text-xs">X-Switchboard-Signature</code>, verified exactly like
            webhooks, and <code className="text-xs">X-Switchboard-Batch-Id</code>.
          </li>
          <li>Delivery is at least once: after a timeout a batch may arrive twice. Deduplicate by chain and seq.</li>
          <li>A destination that keeps failing for 30 minutes is reported to the owners by email, once.</li>
        </ul>
      </Card>
    </div>
  );
}
