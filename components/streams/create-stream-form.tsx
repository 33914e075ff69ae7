"use client";

import { useActionState, useState } from "react";
import { SecretOnce } from "@/components/webhooks/secret-once";
import { StepUpInline } from "@/components/step-up-inline";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import type { StreamSecretResult } from "@/lib/evidence/streams/form";
import { OBJECT_LOCK_MODES, STREAM_KIND_LABELS, STREAM_KINDS, STREAM_SOURCE_LABELS, STREAM_SOURCES, type StreamKind } from "@/lib/evidence/streams/kinds";

const URL_LABELS: Record<StreamKind, { label: string; placeholder: string; hint: string }> = {
  https: { label: "Receiver URL", placeholder: "https://siem.example.com/switchboard", hint: "Batches are POSTed here as JSON lines, signed like our webhooks." },
  splunk: { label: "HEC base URL", placeholder: "https://splunk.example.com:8088", hint: "Events go to /services/collector/event on this host." },
  datadog: { label: "Logs intake URL", placeholder: "https://http-intake.logs.datadoghq.eu", hint: "Your Datadog site's intake; logs go to /api/v2/logs." },
  s3: { label: "S3 endpoint", placeholder: "https://s3.eu-west-1.amazonaws.com", hint: "AWS or any S3-compatible service (MinIO, R2, Wasabi)." },
};

const SECRET_LABELS: Record<Exclude<StreamKind, "https">, string> = {
  splunk: "HEC token",
  datadog: "Datadog API key",
  s3: "Secret access key",
};

/** The "Add a destination" form: the kind's own fields appear as the kind is chosen. `create` is bound to the chain's manager. */
export function CreateStreamForm({ create }: { create: (prev: StreamSecretResult, form: FormData) => Promise<StreamSecretResult> }) {
  const [state, action, pending] = useActionState<StreamSecretResult, FormData>(create, {});
  const v = state.values ?? {};
  const [kind, setKind] = useState<StreamKind>(STREAM_KINDS.includes(v.kind as StreamKind) ? (v.kind as StreamKind) : "https");
  if (state.secret) {
    return <SecretOnce secret={state.secret} note="Your receiver verifies each batch's X-Switchboard-Signature with it, exactly as for webhooks." />;
  }
  const e = state.fieldErrors ?? {};
  const chosen = v.sources ? v.sources.split(",") : ["audit", "security_events"];
  const url = URL_LABELS[kind];
  return (
    <div className="space-y-4">
    <form action={action} className="space-y-4" noValidate data-testid="create-stream-form">
      {state.ok && state.message ? <Alert tone="success">{state.message}</Alert> : null}
      {state.error && !state.stepUpRequired ? <Alert tone="error">{state.error}</Alert> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Select
          label="Kind"
          name="kind"
          value={kind}
          onChange={(event) => setKind(event.target.value as StreamKind)}
          options={STREAM_KINDS.map((k) => ({ value: k, label: STREAM_KIND_LABELS[k] }))}
        />
        <Field label="Name" name="name" required maxLength={120} placeholder="Security SIEM" defaultValue={v.name} error={e.name} />
      </div>
      <Field label={url.label} name="url" type="url" required maxLength={2048} placeholder={url.placeholder} defaultValue={v.url} error={e.url} hint={url.hint} />
      {kind !== "https" ? (
        <Field label={SECRET_LABELS[kind]} name="secret" type="password" autoComplete="off" required maxLength={256} error={e.secret} hint="Stored encrypted; never shown again." />
      ) : null}
      {kind === "splunk" ? (
        <div className="grid gap-4 sm:grid-cols-3">
          <Field label="Index (optional)" name="settings.index" maxLength={80} defaultValue={v["settings.index"]} error={e["settings.index"]} />
          <Field label="Source" name="settings.source" maxLength={80} placeholder="switchboard" defaultValue={v["settings.source"]} error={e["settings.source"]} />
          <Field label="Sourcetype" name="settings.sourcetype" maxLength={80} placeholder="switchboard:evidence" defaultValue={v["settings.sourcetype"]} error={e["settings.sourcetype"]} />
        </div>
      ) : null}
      {kind === "datadog" ? (
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Service" name="settings.service" maxLength={100} placeholder="switchboard" defaultValue={v["settings.service"]} error={e["settings.service"]} />
          <Field label="Tags (optional)" name="settings.tags" maxLength={500} placeholder="env:prod,team:security" defaultValue={v["settings.tags"]} error={e["settings.tags"]} />
        </div>
      ) : null}
      {kind === "s3" ? (
        <div className="space-y-4">
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="Bucket" name="settings.bucket" required maxLength={63} defaultValue={v["settings.bucket"]} error={e["settings.bucket"]} />
            <Field label="Region" name="settings.region" maxLength={40} placeholder="us-east-1" defaultValue={v["settings.region"]} error={e["settings.region"]} />
            <Field label="Access key id" name="settings.accessKeyId" required maxLength={128} autoComplete="off" defaultValue={v["settings.accessKeyId"]} error={e["settings.accessKeyId"]} />
            <Field label="Key prefix" name="settings.prefix" maxLength={200} placeholder="switchboard" defaultValue={v["settings.prefix"]} error={e["settings.prefix"]} />
            <Select
              label="Object Lock retention"
              name="settings.retentionMode"
              defaultValue={v["settings.retentionMode"] ?? ""}
              options={[{ value: "", label: "None (bucket default)" }, ...OBJECT_LOCK_MODES.map((m) => ({ value: m, label: m === "COMPLIANCE" ? "Compliance (no one can shorten it)" : "Governance" }))]}
            />
            <Field label="Retention days" name="settings.retentionDays" type="number" min={1} max={3650} inputMode="numeric" defaultValue={v["settings.retentionDays"]} error={e["settings.retentionDays"]} />
          </div>
          <label className="flex items-center gap-2 text-sm text-slate-800">
            <input type="checkbox" name="settings.forcePathStyle" defaultChecked={v["settings.forcePathStyle"] === "on"} />
            Path-style addressing (MinIO and most self-hosted services)
          </label>
        </div>
      ) : null}
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">What it receives</legend>
        {e.sources ? <p className="text-xs text-red-700">{e.sources}</p> : null}
        <div className="mt-2 flex flex-wrap gap-x-6 gap-y-2">
          {STREAM_SOURCES.map((s) => (
            <label key={s} className="flex items-center gap-2 text-sm text-slate-800">
              <input type="checkbox" name="sources" value={s} defaultChecked={chosen.includes(s)} />
              {STREAM_SOURCE_LABELS[s]}
            </label>
          ))}
        </div>
      </fieldset>
      <Select
        label="Start with"
        name="startFrom"
        defaultValue={v.startFrom ?? "beginning"}
        options={[
          { value: "beginning", label: "Everything retained (backfill), then new events" },
          { value: "now", label: "New events only" },
        ]}
      />
      <Button type="submit" disabled={pending}>Add destination</Button>
    </form>
    {state.stepUpRequired ? <StepUpInline /> : null}
    </div>
  );
}
