import type { WorkspaceContext } from "../authz/context";

/** One thing the command palette can jump to. */
export interface SearchHit {
  kind: "call" | "member" | "api_key" | "webhook_endpoint";
  label: string;
  detail: string;
  href: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LIMIT = 5;

/**
 * The command palette's lookup: members, API keys, webhook endpoints and calls by id, and
 * the first three by name, email or URL too. Each kind is searched only when the member may
 * open its page (the same permission the navigation checks), inside the workspace's scope,
 * and answers only what the page would show: names, masked key fragments, never secrets.
 */
export async function searchWorkspace(ctx: WorkspaceContext, raw: string): Promise<SearchHit[]> {
  const q = raw.trim().slice(0, 100);
  if (q.length < 2) return [];
  const isId = UUID.test(q);
  const base = `/${ctx.workspace.slug}`;
  const workspaceId = ctx.workspace.id;
  const text = { contains: q, mode: "insensitive" as const };
  return ctx.data(async (tx) => {
    const hits: SearchHit[] = [];
    if (ctx.can("team:manage")) {
      const members = await tx.membership.findMany({
        where: { workspaceId, ...(isId ? { id: q } : { user: { OR: [{ name: text }, { email: text }] } }) },
        select: { id: true, role: true, user: { select: { name: true, email: true } } },
        take: LIMIT,
      });
      hits.push(...members.map((m) => ({ kind: "member" as const, label: m.user.name, detail: `${m.user.email} · ${m.role}`, href: `${base}/team/${m.id}` })));
    }
    if (ctx.can("api_keys:read")) {
      const keys = await tx.apiKey.findMany({
        where: { workspaceId, ...(isId ? { id: q } : { OR: [{ name: text }, { last4: q }] }) },
        select: { name: true, prefix: true, last4: true, revokedAt: true },
        take: LIMIT,
      });
      hits.push(...keys.map((k) => ({ kind: "api_key" as const, label: k.name, detail: `${k.prefix}…${k.last4}${k.revokedAt ? " · revoked" : ""}`, href: `${base}/developers/api-keys` })));
    }
    if (ctx.can("webhooks:manage")) {
      const endpoints = await tx.webhookEndpoint.findMany({
        where: { workspaceId, deletedAt: null, ...(isId ? { id: q } : { url: text }) },
        select: { id: true, url: true, mode: true },
        take: LIMIT,
      });
      hits.push(...endpoints.map((e) => ({ kind: "webhook_endpoint" as const, label: e.url, detail: `${e.mode} endpoint`, href: `${base}/developers/webhooks/${e.id}${e.mode === "test" ? "?mode=test" : ""}` })));
    }
    if (isId && ctx.can("calls:read")) {
      const call = await tx.call.findFirst({ where: { workspaceId, id: q }, select: { id: true, mode: true, callerDisplay: true, status: true } });
      if (call) hits.push({ kind: "call", label: `Call from ${call.callerDisplay}`, detail: `${call.mode} · ${call.status}`, href: `${base}/calls?${call.mode === "test" ? "mode=test&" : ""}call=${call.id}` });
    }
    return hits;
  });
}
