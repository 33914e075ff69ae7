import type { Metadata } from "next";
import Link from "next/link";
import { AddNumberForm } from "@/components/numbers/add-number-form";
import { NumberRow } from "@/components/numbers/number-row";
import { Card } from "@/components/ui/card";
import { TableHead } from "@/components/ui/table-head";
import { configurationChoices } from "@/lib/agent-config/configurations";
import { memberPage } from "@/lib/entry/page";
import { formatDateTime } from "@/lib/format/dates";
import { formatE164 } from "@/lib/phone-numbers/e164";
import { listNumbers } from "@/lib/phone-numbers/numbers";

export const metadata: Metadata = { title: "Phone numbers" };

type Params = Promise<{ workspace: string }>;

export default async function NumbersPage({ params }: { params: Params }) {
  const { workspace: slug } = await params;
  const ctx = await memberPage(slug, "numbers:manage");
  const [{ numbers }, configurations] = await Promise.all([listNumbers(ctx, { view: "table" }), configurationChoices(ctx)]);
  const live = numbers.filter((n) => n.mode === "live").length;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Phone numbers</h1>
        <p className="mt-1 text-sm text-slate-600">
          The numbers your agent answers. Each one uses an agent configuration for its greeting, voice and hours; test numbers only
          receive simulated calls.
        </p>
      </div>
      <Card
        title={`Numbers (${numbers.length})`}
        description={numbers.length ? `${live} live · ${numbers.length - live} test` : undefined}
      >
        {numbers.length === 0 ? (
          <div className="py-6 text-center">
            <p className="text-sm font-medium text-slate-800">No numbers yet</p>
            <p className="mt-1 text-sm text-slate-500">Add the first one below; calls to it reach the agent configuration you assign.</p>
          </div>
        ) : (
          <div className="relative overflow-x-auto" tabIndex={0}>
            <table className="w-full text-left text-sm" aria-label="Phone numbers">
              <TableHead
                columns={[
                  { label: "Number" },
                  { label: "Label" },
                  { label: "Mode" },
                  { label: "Agent configuration" },
                  { label: "Added" },
                  { label: "Actions", hidden: true },
                ]}
              />
              <tbody className="divide-y divide-slate-100">
                {numbers.map((n) => (
                  <NumberRow
                    key={n.id}
                    slug={slug}
                    configurations={configurations}
                    row={{ id: n.id, number: n.number, display: formatE164(n.number), label: n.label, mode: n.mode, configuration: n.configuration, created: formatDateTime(n.createdAt) }}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      <Card title="Add a number" description="Numbers are unique per mode within the workspace.">
        {configurations.length === 0 ? (
          <p className="mb-4 text-sm text-slate-600">
            No agent configuration exists yet, so new numbers start unassigned.{" "}
            {ctx.can("config:manage") ? (
              <Link href={`/${slug}/config`} className="text-brand-700 hover:underline">Set up the agent →</Link>
            ) : null}
          </p>
        ) : null}
        <AddNumberForm slug={slug} configurations={configurations} />
      </Card>
    </div>
  );
}
