import type { Metadata } from "next";
import { deleteDocumentAction } from "./actions";
import { ActionButtonForm } from "@/components/action-button-form";
import { ImportForm } from "@/components/knowledge/import-form";
import { UploadForm } from "@/components/knowledge/upload-form";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { TableHead } from "@/components/ui/table-head";
import { memberPage } from "@/lib/entry/page";
import { formatDateTime } from "@/lib/format/dates";
import { listDocuments } from "@/lib/knowledge/documents";
import { scanningMode, UPLOAD_RULES } from "@/lib/uploads";
import { formatBytes } from "@/lib/uploads/limits";

export const metadata: Metadata = { title: "Knowledge base" };

type Params = Promise<{ workspace: string }>;

const SCAN_BADGE: Record<"clean" | "not_scanned" | "infected", { label: string; tone: string; title?: string }> = {
  clean: { label: "Scanned: clean", tone: "bg-emerald-50 text-emerald-800" },
  // Issue 17 item 9: an unscanned file stands out wherever it is listed.
  not_scanned: { label: "Not scanned", tone: "bg-amber-100 text-amber-900", title: "Not scanned for malware: no virus scanner was configured when it was added" },
  infected: { label: "Quarantined", tone: "bg-red-50 text-red-700" },
};

const badgeOf = (d: { status: string; scanStatus: string }) =>
  d.status === "quarantined" || d.scanStatus === "infected" ? SCAN_BADGE.infected : d.scanStatus === "clean" ? SCAN_BADGE.clean : SCAN_BADGE.not_scanned;

const ACCEPT = Object.values(UPLOAD_RULES).flatMap((r) => r.extensions.map((e) => `.${e}`)).join(",");
const LIMITS = Object.values(UPLOAD_RULES)
  .map((r) => `${r.extensions.slice(0, 1).join("").toUpperCase()} up to ${formatBytes(r.maxBytes)}`)
  .join(" · ");

export default async function KnowledgePage({ params }: { params: Params }) {
  const { workspace: slug } = await params;
  const ctx = await memberPage(slug, "knowledge:manage");
  const documents = await listDocuments(ctx);
  const scanning = scanningMode();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Knowledge base</h1>
        <p className="mt-1 text-sm text-slate-600">
          Documents your agent answers from. The file’s bytes decide its type, not its name; each file is stored encrypted under a
          generated id and downloaded only through a link that works for 60 seconds.
        </p>
      </div>
      {scanning === "scanned" ? (
        <Alert tone="info">Every file is scanned for malware before it is accepted; a detection is quarantined and never served.</Alert>
      ) : scanning === "refused" ? (
        <Alert tone="warning">No virus scanner is configured on this server, so uploads and imports are refused until the operator configures one.</Alert>
      ) : (
        <Alert tone="warning">No virus scanner is configured on this server, so files are accepted marked “not scanned”.</Alert>
      )}
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Upload a file" description="PDF, Word (.docx), plain text, Markdown or CSV.">
          <UploadForm slug={slug} accept={ACCEPT} limits={LIMITS} />
        </Card>
        <Card title="Import from a URL" description="The server fetches the file; private and internal addresses are refused.">
          <ImportForm slug={slug} />
        </Card>
      </div>
      <Card title={`Documents (${documents.length})`}>
        {documents.length === 0 ? (
          <p className="text-sm text-slate-600" data-testid="no-documents">No documents yet. Upload a file or import one from a URL.</p>
        ) : (
          <div className="relative overflow-x-auto" tabIndex={0}>
            <table className="w-full text-left text-sm">
              <TableHead columns={[{ label: "Name" }, { label: "Type" }, { label: "Size" }, { label: "Scan" }, { label: "Added" }, { label: "Actions", hidden: true }]} />
              <tbody className="divide-y divide-slate-100">
                {documents.map((d) => {
                  const badge = badgeOf(d);
                  return (
                    <tr key={d.id} data-testid="document-row" className="align-top">
                      <td className="py-3 pr-4">
                        <span className="font-medium break-all">{d.name}</span>
                        {d.sourceUrl ? <div className="text-xs break-all text-slate-500">from {d.sourceUrl}</div> : null}
                        {d.status === "quarantined" && d.scanSignature ? <div className="text-xs text-red-700">{d.scanSignature}</div> : null}
                      </td>
                      <td className="py-3 pr-4 text-xs text-slate-600 uppercase">{d.kind}</td>
                      <td className="py-3 pr-4 text-xs text-slate-600">{formatBytes(d.sizeBytes)}</td>
                      <td className="py-3 pr-4"><span className={`rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ${badge.tone}`} title={badge.title} data-scan={d.scanStatus}>{badge.label}</span></td>
                      <td className="py-3 pr-4 text-xs text-slate-600">
                        {formatDateTime(d.createdAt)}
                        <div className="break-all">by {d.createdBy}</div>
                      </td>
                      <td className="py-3 text-right whitespace-nowrap">
                        <div className="flex items-start justify-end gap-2">
                          {d.status === "ready" ? (
                            <a href={`/${slug}/knowledge/${d.id}/download`} className="rounded-md px-3 py-2 text-sm font-medium text-brand-700 hover:bg-slate-50" data-testid="download-link">
                              Download
                            </a>
                          ) : null}
                          <ActionButtonForm
                            action={deleteDocumentAction.bind(null, slug, d.id)}
                            label="Delete"
                            variant="danger"
                            confirm={{
                              title: `Delete “${d.name}”?`,
                              description: <p>The agent stops using it at once, and the file is deleted. This cannot be undone; upload it again to restore it.</p>,
                              confirmLabel: "Delete document",
                            }}
                          />
                        </div>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}
