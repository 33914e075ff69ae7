import type { Metadata } from "next";
import Link from "next/link";
import { TestCallForm } from "@/components/calls/test-call-form";
import { Card } from "@/components/ui/card";
import { memberPage } from "@/lib/entry/page";
import { CodeBlock } from "@/components/ui/copy-button";

export const metadata: Metadata = { title: "Test calls" };

type Params = Promise<{ workspace: string }>;

export default async function TestCallsPage({ params }: { params: Params }) {
  const { workspace: slug } = await params;
  const ctx = await memberPage(slug, "test_calls:run");
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Test calls</h1>
        <p className="mt-1 text-sm text-slate-600">
          Simulate a call without telephony: it is stored in test mode like a real one — masked by the workspace&apos;s setting, with a
          generated transcript and recording — and appears under{" "}
          <Link href={`/${slug}/calls?mode=test`} className="text-brand-700 hover:underline">Calls → Test data</Link>.
        </p>
      </div>
      <Card title="Run a test call" description={ctx.can("calls:read") ? undefined : "You can run test calls but not read the call log."}>
        <TestCallForm slug={slug} />
      </Card>
      <Card title="From your server">
        <CodeBlock
          label="curl example"
          code={`curl -X POST ${"$"}SWITCHBOARD_URL/api/v1/test-calls \\
  -H "X-API-Key: ${"$"}SWITCHBOARD_TEST_KEY" -H "Content-Type: application/json" \\
  -d '{"status":"completed","direction":"inbound"}'`}
        />
      </Card>
    </div>
  );
}
