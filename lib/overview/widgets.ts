import type { WorkspaceContext } from "../authz/context";
import { getBalances, type Balance } from "../billing/ledger";
import { listCalls } from "../calls/query";

/**
 * The overview's cards, per role (issue 18 item 4): each is computed only for a member whose
 * permissions let them act on it — the balance for billing, webhook health for developers,
 * key and security alerts for whoever reads keys or the audit log, recent calls for anyone
 * who reads calls. Everything is read in the workspace's scope (RLS), live mode.
 */
const DAY_MS = 86_400_000;
export const UNUSED_KEY_DAYS = 90;

export interface WebhookHealth {
  endpoints: number;
  failing: { id: string; url: string; failingSince: Date }[];
  /** Live deliveries due and not yet sent. */
  backlog: number;
  oldestDueAt: Date | null;
}

export interface KeyAlerts {
  active: number;
  neverUsed: number;
  unused: number;
}

export interface SecurityAlerts {
  events24h: number;
  lockouts24h: number;
}

export interface OverviewWidgets {
  balance: Balance | null;
  webhooks: WebhookHealth | null;
  keys: KeyAlerts | null;
  security: SecurityAlerts | null;
  recentCalls: Awaited<ReturnType<typeof listCalls>>["data"] | null;
}

async function webhookHealth(ctx: WorkspaceContext, now: Date): Promise<WebhookHealth> {
  return ctx.data(async (tx) => {
    const endpoints = await tx.webhookEndpoint.findMany({
      where: { workspaceId: ctx.workspace.id, mode: "live", deletedAt: null, enabled: true },
      select: { id: true, url: true, failingSince: true },
      orderBy: { createdAt: "asc" },
    });
    const [due] = await tx.$queryRaw<{ n: number; oldest: Date | null }[]>`
      SELECT count(*)::int AS n, min(d.next_attempt_at) AS oldest FROM webhook_deliveries d
      JOIN webhook_endpoints e ON e.id = d.endpoint_id AND e.mode = 'live'
      WHERE d.workspace_id = ${ctx.workspace.id}::uuid AND d.status = 'pending' AND d.next_attempt_at <= ${now}`;
    return {
      endpoints: endpoints.length,
      failing: endpoints.filter((e) => e.failingSince).map((e) => ({ id: e.id, url: e.url, failingSince: e.failingSince! })),
      backlog: due?.n ?? 0,
      oldestDueAt: due?.oldest ?? null,
    };
  });
}

async function keyAlerts(ctx: WorkspaceContext, now: Date): Promise<KeyAlerts> {
  const before = new Date(now.getTime() - UNUSED_KEY_DAYS * DAY_MS);
  const [row] = await ctx.data((tx) =>
    tx.$queryRaw<{ active: number; never: number; unused: number }[]>`
      SELECT count(*)::int AS active,
             count(*) FILTER (WHERE last_used_at IS NULL AND created_at < ${new Date(now.getTime() - 7 * DAY_MS)})::int AS never,
             count(*) FILTER (WHERE last_used_at IS NOT NULL AND last_used_at < ${before})::int AS unused
      FROM api_keys
      WHERE workspace_id = ${ctx.workspace.id}::uuid AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ${now})`,
  );
  return { active: row?.active ?? 0, neverUsed: row?.never ?? 0, unused: row?.unused ?? 0 };
}

async function securityAlerts(ctx: WorkspaceContext, now: Date): Promise<SecurityAlerts> {
  const since = new Date(now.getTime() - DAY_MS);
  const [row] = await ctx.data((tx) =>
    tx.$queryRaw<{ events: number; lockouts: number }[]>`
      SELECT coalesce(sum(count), 0)::int AS events,
             coalesce(sum(count) FILTER (WHERE type IN ('account_locked', 'sign_in_blocked_locked')), 0)::int AS lockouts
      FROM security_events WHERE workspace_id = ${ctx.workspace.id}::uuid AND occurred_at >= ${since}`,
  );
  return { events24h: row?.events ?? 0, lockouts24h: row?.lockouts ?? 0 };
}

export async function overviewWidgets(ctx: WorkspaceContext, now = new Date()): Promise<OverviewWidgets> {
  const [balance, webhooks, keys, security, recentCalls] = await Promise.all([
    ctx.can("billing:manage") ? getBalances(ctx).then(([live]) => live) : null,
    ctx.can("webhooks:manage") ? webhookHealth(ctx, now) : null,
    ctx.can("api_keys:read") ? keyAlerts(ctx, now) : null,
    ctx.can("audit:read") ? securityAlerts(ctx, now) : null,
    ctx.can("calls:read") ? listCalls(ctx.inMode("live"), { limit: 5, sort: "-started_at" }).then((r) => r.data) : null,
  ]);
  return { balance, webhooks, keys, security, recentCalls };
}

/** The chart's ranges (days), chosen in the URL (`?range=`). */
export const VOLUME_RANGES = [7, 30, 90] as const;
export function volumeRange(value: string | string[] | undefined): (typeof VOLUME_RANGES)[number] {
  const n = Number(Array.isArray(value) ? value[0] : value);
  return (VOLUME_RANGES as readonly number[]).includes(n) ? (n as (typeof VOLUME_RANGES)[number]) : 30;
}
