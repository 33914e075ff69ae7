import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { CodeText } from "@/components/ui/code-text";
import { CodeBlock } from "@/components/ui/copy-button";
import { memberPage } from "@/lib/entry/page";
import { config } from "@/lib/config";
import { openApiDocument } from "@/lib/api/openapi";

export const metadata: Metadata = { title: "API docs" };

type Params = Promise<{ workspace: string }>;
type Operation = {
  operationId?: string;
  summary?: string;
  description?: string;
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: { type?: string; enum?: string[] } }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string }>;
  security?: unknown[];
};

function curl(method: string, path: string, op: Operation): string {
  const url = `${config().APP_URL}/api/v1${path}`;
  const lines = [`curl ${method === "GET" ? "" : `-X ${method} `}${url}${method === "GET" && op.parameters?.some((p) => p.name === "limit") ? "?limit=20" : ""}`];
  if (op.security === undefined) lines.push(`  -H "X-API-Key: $SWITCHBOARD_KEY"`);
  if (op.requestBody) lines.push(`  -H "Content-Type: application/json"`, `  -d '{"number": "+2348035550199", "label": "Support"}'`);
  return lines.join(" \\\n");
}

export default async function ApiDocsPage({ params }: { params: Params }) {
  await memberPage((await params).workspace, "api_keys:read");
  const doc = openApiDocument() as unknown as { info: { description: string }; paths: Record<string, Record<string, Operation>> };
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method, op, anchor: `op-${method}-${path.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "")}` })),
  );
  return (
    // Paths, codes and header names have no break opportunities: on a phone they wrap anywhere.
    <div className="min-w-0 space-y-6 [overflow-wrap:anywhere]">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">API reference</h1>
        <p className="mt-1 text-sm text-slate-600"><CodeText text={doc.info.description} /></p>
        <p className="mt-2 text-sm">
          Machine-readable: <a className="font-mono text-brand-700 hover:underline" href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1)
        </p>
      </div>
      <nav aria-label="Operations" className="rounded-xl border border-slate-200 bg-surface p-4 shadow-sm">
        <p className="text-sm font-semibold text-slate-900">On this page</p>
        <ul className="mt-2 grid gap-x-6 gap-y-1 text-sm sm:grid-cols-2">
          {operations.map(({ path, method, op, anchor }) => (
            <li key={anchor} className="min-w-0 truncate">
              <a href={`#${anchor}`} className="text-brand-700">
                <span className="font-mono text-xs">{method.toUpperCase()}</span> {op.summary ?? path}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {operations.map(({ path, method, op, anchor }) => (
        <div key={anchor} id={anchor} className="scroll-mt-4">
          <Card title={`${method.toUpperCase()} /api/v1${path}`} description={op.summary ? <CodeText text={op.summary} /> : undefined}>
            <div className="space-y-3 text-sm" data-testid="api-operation">
              {op.description ? <p className="text-slate-700"><CodeText text={op.description} /></p> : null}
              {op.parameters?.length ? (
                <div className="relative overflow-x-auto" tabIndex={0} role="region" aria-label={`Query parameters of ${method.toUpperCase()} ${path}`}>
                <table className="text-left text-xs">
                  <thead className="text-slate-500"><tr><th className="pr-4 font-medium">Query parameter</th><th className="pr-4 font-medium">Type</th><th className="font-medium">Description</th></tr></thead>
                  <tbody>
                    {op.parameters.map((p) => (
                      <tr key={p.name}>
                        <td className="pr-4 font-mono">{p.name}{p.required ? " *" : ""}</td>
                        <td className="pr-4">{p.schema?.enum ? p.schema.enum.join(" | ") : (p.schema?.type ?? "")}</td>
                        <td className="text-slate-600"><CodeText text={p.description ?? ""} /></td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                </div>
              ) : null}
              <p className="text-xs text-slate-500">Responses: <CodeText text={Object.entries(op.responses).map(([code, r]) => `${code} ${r.description}`).join(" · ")} /></p>
              <CodeBlock code={curl(method.toUpperCase(), path, op)} label="curl example" />
            </div>
          </Card>
        </div>
      ))}
    </div>
  );
}
