import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { CodeBlock } from "@/components/ui/copy-button";
import { memberPage } from "@/lib/entry/page";
import { EVENT_EXAMPLES } from "@/lib/webhook-events/examples";
import { EVENT_SUMMARIES, eventJsonSchema } from "@/lib/webhook-events/schemas";
import { WEBHOOK_EVENT_TYPES } from "@/lib/webhooks/event-types";

export const metadata: Metadata = { title: "Webhook events" };

type Params = Promise<{ workspace: string }>;

const anchor = (type: string) => `event-${type.replace(/[^a-z0-9]+/g, "-")}`;

const HEADERS: [string, string][] = [
  ["X-Switchboard-Event-Type", "The event type, whatever the scheme."],
  ["X-Switchboard-Signature", "Scheme switchboard (the default): t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<raw body>\">."],
  ["X-Switchboard-Event-Id", "Scheme switchboard: the event id."],
  ["webhook-id, webhook-timestamp, webhook-signature", "Schemes standard (v1,<base64 HMAC>) and standard-ed25519 (v1a,<base64 Ed25519>): Standard Webhooks 1.0."],
];

/** The event catalogue (issue 20 item 6): every event type, its JSON Schema and an example, from lib/webhook-events/schemas.ts. */
export default async function WebhookEventsPage({ params }: { params: Params }) {
  const { workspace: slug } = await params;
  await memberPage(slug, "webhooks:manage");
  return (
    // Event names and the envelope's JSON have no break opportunities: on a phone they wrap anywhere.
    <div className="min-w-0 space-y-6 [overflow-wrap:anywhere]">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Webhook events</h1>
        <p className="mt-1 text-sm text-slate-600">
          Every event is a signed POST of <code className="font-mono">{`{"id","type","created","livemode","data":{"object":…}}`}</code> to each{" "}
          <Link href={`/${slug}/developers/webhooks`} className="text-brand-700 hover:underline">endpoint</Link> subscribed to its type, at least once: deduplicate
          on <code className="font-mono">id</code>. Payloads never carry full caller numbers.
        </p>
        <p className="mt-2 text-sm">
          Machine-readable: the <code className="font-mono">webhooks</code> section of{" "}
          <a className="font-mono text-brand-700 hover:underline" href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1)
        </p>
      </div>
      <nav aria-label="Event types" className="rounded-xl border border-slate-200 bg-surface p-4 shadow-sm">
        <p className="text-sm font-semibold text-slate-900">On this page</p>
        <ul className="mt-2 grid gap-x-6 gap-y-1 text-sm sm:grid-cols-2">
          {WEBHOOK_EVENT_TYPES.map((type) => (
            <li key={type} className="min-w-0 truncate">
              <a href={`#${anchor(type)}`} className="font-mono text-brand-700">{type}</a>
            </li>
          ))}
        </ul>
      </nav>
      <Card title="Headers" description="Sent with every event; which signature headers depends on the endpoint's signature scheme.">
        <dl className="space-y-2 text-sm">
          {HEADERS.map(([name, what]) => (
            <div key={name}>
              <dt className="font-mono text-xs text-slate-900 [overflow-wrap:anywhere]">{name}</dt>
              <dd className="text-slate-600 [overflow-wrap:anywhere]">{what}</dd>
            </div>
          ))}
        </dl>
      </Card>
      {WEBHOOK_EVENT_TYPES.map((type) => (
        <div key={type} id={anchor(type)} className="scroll-mt-4" data-testid="webhook-event">
          <Card title={type} description={EVENT_SUMMARIES[type]}>
            <div className="space-y-4 text-sm">
              <div>
                <h3 className="font-medium text-slate-900">Example</h3>
                <CodeBlock code={JSON.stringify(EVENT_EXAMPLES[type], null, 2)} label={`${type} example`} />
              </div>
              <details>
                <summary className="cursor-pointer font-medium text-slate-900">JSON Schema</summary>
                <div className="mt-2">
                  <CodeBlock code={JSON.stringify(eventJsonSchema(type), null, 2)} label={`${type} JSON Schema`} />
                </div>
              </details>
            </div>
          </Card>
        </div>
      ))}
    </div>
  );
}
