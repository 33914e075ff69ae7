import { Card } from "@/components/ui/card";

const buttonClass = "inline-flex items-center justify-center rounded-md px-3.5 py-2 text-sm font-medium shadow-sm transition";

/**
 * The owner's full data export (SPEC §10): a plain download link, so the browser streams the
 * ZIP straight to disk whatever its size. The server checks ownership and a recent password;
 * the card says so up front, with the link disabled until the password has been confirmed.
 */
export function DataExportCard({ slug, stepUpSecondsLeft }: { slug: string; stepUpSecondsLeft: number }) {
  const ready = stepUpSecondsLeft > 0;
  return (
    <Card
      title="Export workspace data"
      description="Download everything this workspace holds as a ZIP of CSV and JSON files. Only owners can export, and each export is recorded in the audit log."
    >
      <div className="space-y-3" data-testid="data-export-card">
        <ul className="list-disc space-y-1 pl-5 text-sm text-slate-600">
          <li>Calls (live and test), members, groups, API key details, webhook endpoints, phone numbers, agent configurations with their history, the knowledge-base list and the audit log, with a README describing each file.</li>
          <li>Caller numbers follow this workspace’s masking rules: with masking on, only the masked form (e.g. +234 *** *** 789) is included.</li>
          <li>Secrets are never included: no API keys or their hashes, no webhook signing secrets, no passwords.</li>
        </ul>
        {ready ? (
          <a href={`/${slug}/settings/export`} download className={`${buttonClass} bg-brand-600 text-white hover:bg-brand-800`} data-testid="data-export-link">
            Download export (.zip)
          </a>
        ) : (
          <>
            <p className="text-sm text-amber-900">Confirm your password above to download the export: it needs a password entered in the last 10 minutes.</p>
            <span aria-disabled="true" className={`${buttonClass} cursor-not-allowed bg-brand-600/60 text-white`} data-testid="data-export-link">
              Download export (.zip)
            </span>
          </>
        )}
      </div>
    </Card>
  );
}
