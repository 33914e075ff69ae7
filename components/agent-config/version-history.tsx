import Link from "next/link";
import { restoreVersionAction } from "@/app/(dashboard)/[workspace]/config/actions";
import { ActionButtonForm } from "@/components/action-button-form";
import type { VersionEntry } from "@/lib/agent-config/versions";
import { formatDateTime, formatRelative } from "@/lib/format/dates";

/** The change history of one configuration: who saved what when, field by field, with restore. */
export function VersionHistory({
  slug,
  configurationId,
  currentVersion,
  entries,
  olderHref,
  newestHref,
}: {
  slug: string;
  configurationId: string;
  currentVersion: number;
  entries: VersionEntry[];
  olderHref: string | null;
  newestHref: string | null;
}) {
  return (
    <div className="space-y-4">
      <ol className="space-y-4" aria-label="Versions" data-testid="version-history">
        {entries.map((v) => (
          <li key={v.version} className="rounded-lg border border-slate-200 p-3" data-testid="version-entry">
            <div className="flex flex-wrap items-start justify-between gap-2">
              <div>
                <p className="text-sm font-medium text-slate-900">
                  Version {v.version}
                  {v.version === currentVersion ? (
                    <span className="ml-2 rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-800 ring-1 ring-inset ring-emerald-600/20">Current</span>
                  ) : null}
                  {v.restoredFrom ? <span className="ml-2 text-xs font-normal text-slate-500">restored from version {v.restoredFrom}</span> : null}
                </p>
                <p className="mt-0.5 text-xs text-slate-500">
                  {v.authorLabel} · <time dateTime={v.createdAt.toISOString()} title={formatDateTime(v.createdAt)}>{formatRelative(v.createdAt)}</time>
                </p>
              </div>
              {v.version !== currentVersion ? (
                <ActionButtonForm action={restoreVersionAction.bind(null, slug, configurationId, v.version)} label={`Restore version ${v.version}`} variant="secondary" />
              ) : null}
            </div>
            {v.changes.length === 0 ? (
              <p className="mt-2 text-xs text-slate-500">No field changed.</p>
            ) : (
              <dl className="mt-2 space-y-1.5 text-xs">
                {v.changes.map((c) => (
                  <div key={c.field} className="grid gap-1 sm:grid-cols-[9rem_1fr]">
                    <dt className="font-medium text-slate-700">{c.label}</dt>
                    <dd className="min-w-0 break-words">
                      {c.before ? <del className="mr-1 rounded bg-red-50 px-1 text-red-800 decoration-red-400">{c.before}</del> : null}
                      {c.before && c.after ? <span aria-hidden className="mr-1 text-slate-400">→</span> : null}
                      {c.after ? <ins className="rounded bg-emerald-50 px-1 text-emerald-900 no-underline">{c.after}</ins> : null}
                    </dd>
                  </div>
                ))}
              </dl>
            )}
          </li>
        ))}
      </ol>
      {olderHref || newestHref ? (
        <div className="flex gap-4 text-sm">
          {newestHref ? <Link href={newestHref} className="text-brand-700 hover:underline">← Newest</Link> : null}
          {olderHref ? <Link href={olderHref} className="text-brand-700 hover:underline">Older versions →</Link> : null}
        </div>
      ) : null}
    </div>
  );
}
