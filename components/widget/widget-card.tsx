import { Card } from "@/components/ui/card";
import { CodeBlock } from "@/components/ui/copy-button";
import type { WidgetSessionCounts } from "@/lib/widget-embed/analytics";
import { WidgetEnabledForm, WidgetSettingsForm, type WidgetSettingsView } from "./widget-settings-form";

/** The snippet customers paste into their pages (SPEC §14). */
export function embedSnippet(appOrigin: string, publicId: string): string {
  return `<script src="${appOrigin}/widget.js" data-widget="${publicId}" async></script>`;
}

/** The web widget of one agent configuration: on/off, the snippet, restrictions, theme, sessions. */
export function WidgetCard({
  slug,
  widget,
  embedDomains,
  appOrigin,
  counts,
}: {
  slug: string;
  widget: WidgetSettingsView;
  embedDomains: string[];
  appOrigin: string;
  counts: WidgetSessionCounts[];
}) {
  const snippet = embedSnippet(appOrigin, widget.publicId);
  return (
    <Card title="Web widget" description="A chat with this agent on your own website. Embed domains and active hours are the ones set above.">
      <div className="space-y-6" data-testid="widget-card">
        <WidgetEnabledForm slug={slug} widget={widget} />
        <div className="grid gap-6 lg:grid-cols-2">
          <div className="min-w-0 space-y-3">
            <h3 className="text-sm font-semibold text-slate-900">Embed it</h3>
            <p className="text-sm text-slate-600">
              Paste this before <code className="font-mono">&lt;/body&gt;</code> on a page of{" "}
              {embedDomains.length > 0 ? (
                <span data-testid="widget-embed-domains">{embedDomains.join(", ")}</span>
              ) : (
                <strong>no domain yet — add your site under Embed domains above, or no page can show the widget</strong>
              )}
              .
            </p>
            <CodeBlock code={snippet} label="embed snippet" />
            <p className="text-xs text-slate-500">
              Widget id <span className="font-mono" data-testid="widget-public-id">{widget.publicId}</span>. Browsers refuse the chat on any other site, and
              the server checks the page&apos;s origin again.
            </p>
            <details className="text-sm text-slate-700">
              <summary className="cursor-pointer font-medium text-brand-700">Try it on your computer</summary>
              <p className="mt-2">Add <code className="font-mono">localhost</code> to the embed domains, then serve a page with the snippet on another port:</p>
              <div className="mt-2">
                <CodeBlock code={`mkdir -p /tmp/widget-try && echo '${snippet}' > /tmp/widget-try/index.html && python3 -m http.server 8080 -d /tmp/widget-try`} label="command" />
              </div>
              <p className="mt-2">
                and open <a className="text-brand-700 underline" href="http://localhost:8080/" target="_blank" rel="noreferrer">http://localhost:8080/</a>.
              </p>
            </details>
            <WidgetAnalytics counts={counts} />
          </div>
          <div className="min-w-0">
            <h3 className="mb-3 text-sm font-semibold text-slate-900">Restrictions and look</h3>
            {/* Not keyed by the saved version: a remount would drop the "Widget saved." answer; the fields already hold what was saved. */}
            <WidgetSettingsForm slug={slug} widget={widget} />
          </div>
        </div>
      </div>
    </Card>
  );
}

/** Human sessions against bot-flagged ones; only the first count anywhere else. */
function WidgetAnalytics({ counts }: { counts: WidgetSessionCounts[] }) {
  return (
    <div>
      <h3 className="text-sm font-semibold text-slate-900">Conversations</h3>
      <table className="mt-2 w-full text-left text-sm" data-testid="widget-analytics">
        <caption className="sr-only">Widget sessions by visitors and by flagged bots</caption>
        <thead className="text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="py-1 pr-4 font-medium">Period</th>
            <th scope="col" className="py-1 pr-4 text-right font-medium">Visitors</th>
            <th scope="col" className="py-1 text-right font-medium">Flagged bots</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {counts.map((c) => (
            <tr key={c.days} data-testid={`widget-analytics-${c.days}`}>
              <th scope="row" className="py-1.5 pr-4 font-normal text-slate-700">Last {c.days} days</th>
              <td className="py-1.5 pr-4 text-right font-medium text-slate-900 tabular-nums" data-testid="human-sessions">{c.human}</td>
              <td className="py-1.5 text-right text-slate-700 tabular-nums" data-testid="bot-sessions">{c.bots}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-1 text-xs text-slate-500">Flagged bots are served (bot policy “flag”) but left out of every other count, the overview included.</p>
    </div>
  );
}
