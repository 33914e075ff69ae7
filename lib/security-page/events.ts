import { mergePageParams, parseTrail, trailParam } from "../core/page-trail";
import "server-only";
import { isIP } from "node:net";
import { SECURITY_EVENT_TYPES, type SecurityEventType } from "../audit/security-events";
import { Prisma } from "../db/generated/client";
import { countUpToCap } from "../db/capped-count";
import type { TenantTx } from "../db/scoped";
import type { CappedCount } from "../core/page-trail";
import { oneParam, parseDayRange } from "../forms/url-filters";

/**
 * The security page's event list: filters from the URL (type, date range, exact IP),
 * validated — a bad value is reported, never thrown at the page. Rows are the workspace's own
 * events, newest first, keyset-paginated on (occurred_at, id) so a page is a range walk of the
 * (workspace_id, occurred_at) index. Queries name the workspace and run in the scoped
 * transaction: security_events has a tenant_isolation RLS policy underneath.
 */
const CURSOR = /^(\d{1,15})-([1-9]\d{0,18})$/;
const one = oneParam;

export const SECURITY_FILTER_KEYS = ["type", "from", "to", "ip"] as const;
export type SecurityFilterValues = Partial<Record<(typeof SECURITY_FILTER_KEYS)[number], string>>;

/** The validated filters. `to` is exclusive (the day after the last day shown). */
export interface SecurityEventQuery {
  type?: SecurityEventType;
  from?: Date;
  to?: Date;
  ip?: string;
}

export interface SecurityPageState {
  filters: SecurityFilterValues;
  query: SecurityEventQuery;
  cursor?: string;
  /** The cursors of the pages before this one (lib/core/page-trail). */
  trail: string[];
  errors: string[];
}


export function parseSecurityPage(params: Record<string, string | string[] | undefined>): SecurityPageState {
  const filters: SecurityFilterValues = Object.fromEntries(SECURITY_FILTER_KEYS.map((k) => [k, one(params[k])]).filter(([, v]) => v));
  const errors: string[] = [];
  const query: SecurityEventQuery = {};
  if (filters.type) {
    if ((SECURITY_EVENT_TYPES as readonly string[]).includes(filters.type)) query.type = filters.type as SecurityEventType;
    else errors.push("type: unknown event type.");
  }
  if (filters.ip) {
    if (filters.ip.length <= 64 && isIP(filters.ip)) query.ip = filters.ip;
    else errors.push("ip: not an IP address.");
  }
  Object.assign(query, parseDayRange(filters.from, filters.to, errors));
  const cursor = one(params.cursor);
  if (cursor && !CURSOR.test(cursor)) errors.push("cursor: invalid.");
  const kept = cursor && CURSOR.test(cursor) ? cursor : undefined;
  return { filters, query, cursor: kept, trail: kept ? parseTrail(one(params.back)) : [], errors };
}

/** A link to the list at `base` (e.g. `/demo/security`) with some parameters changed (undefined removes one). */
export function securityHref(base: string, state: SecurityPageState, change: Record<string, string | undefined>): string {
  const qs = mergePageParams({ ...state.filters, cursor: state.cursor, back: trailParam(state.trail) }, change).toString();
  return `${base}${qs ? `?${qs}` : ""}`;
}

export interface SecurityEventRow {
  id: string;
  occurredAt: Date;
  type: string;
  ip: string | null;
  userId: string | null;
  /** The user's email when they are a member of this workspace (RLS hides anyone else). */
  userEmail: string | null;
  details: unknown;
  /** Occurrences the row stands for (a coalesced flood, decision 034). */
  count: number;
  /** The X-Request-Id of the request, to find it in request logs, audit rows and logs. */
  requestId: string | null;
  userAgent: string | null;
  /** Only in the operator console's cross-workspace list (null: a platform-wide event). */
  workspaceSlug?: string | null;
}

interface RawRow {
  id: bigint;
  occurred_at: Date;
  type: string;
  ip: string | null;
  user_id: string | null;
  email: string | null;
  details: unknown;
  count: number;
  request_id: string | null;
  user_agent: string | null;
  slug?: string | null;
}

/** Rows per page of the security events table. */
export const SECURITY_PAGE_SIZE = 50;

type Scoped = <T>(fn: (tx: TenantTx) => Promise<T>) => Promise<T>;

/** `workspaceId` null: every workspace's events and the platform's (operator console only). */
function where(workspaceId: string | null, q: SecurityEventQuery): Prisma.Sql {
  const parts: Prisma.Sql[] = workspaceId ? [Prisma.sql`e.workspace_id = ${workspaceId}::uuid`] : [Prisma.sql`TRUE`];
  if (q.type) parts.push(Prisma.sql`e.type = ${q.type}`);
  if (q.ip) parts.push(Prisma.sql`e.ip = ${q.ip}`);
  if (q.from) parts.push(Prisma.sql`e.occurred_at >= ${q.from}`);
  if (q.to) parts.push(Prisma.sql`e.occurred_at < ${q.to}`);
  return Prisma.join(parts, " AND ");
}

/**
 * One page of filtered security events, newest first: the workspace's own (in its scoped
 * transaction), or with `workspaceId` null every workspace's, labelled with its slug (the
 * operator console, on the platform's connection).
 */
/** How many events match the filters, up to COUNT_CAP (rows, not coalesced occurrences). */
export async function countSecurityEvents(data: Scoped, workspaceId: string, q: SecurityEventQuery): Promise<CappedCount> {
  return data((tx) => countUpToCap(tx, Prisma.sql`security_events e`, where(workspaceId, q)));
}

export async function listSecurityEvents(
  data: Scoped,
  workspaceId: string | null,
  q: SecurityEventQuery,
  options: { limit?: number; cursor?: string } = {},
): Promise<{ events: SecurityEventRow[]; nextCursor: string | null }> {
  const limit = options.limit ?? SECURITY_PAGE_SIZE;
  const [, ms, id] = (options.cursor ? CURSOR.exec(options.cursor) : null) ?? [];
  const after = ms !== undefined && id !== undefined ? Prisma.sql` AND (e.occurred_at, e.id) < (${new Date(Number(ms))}, ${BigInt(id)})` : Prisma.empty;
  const across = workspaceId === null;
  const slug = across ? Prisma.sql`, w.slug` : Prisma.empty;
  const join = across ? Prisma.sql` LEFT JOIN workspaces w ON w.id = e.workspace_id` : Prisma.empty;
  const rows = await data((tx) =>
    tx.$queryRaw<RawRow[]>`
      SELECT e.id, e.occurred_at, e.type, e.ip, e.user_id::text AS user_id, u.email, e.details, e.count, e.request_id, e.user_agent${slug}
      FROM security_events e LEFT JOIN users u ON u.id = e.user_id${join}
      WHERE ${where(workspaceId, q)}${after}
      ORDER BY e.occurred_at DESC, e.id DESC
      LIMIT ${limit + 1}`,
  );
  const events = rows.slice(0, limit).map((r) => ({
    id: String(r.id),
    occurredAt: r.occurred_at,
    type: r.type,
    ip: r.ip,
    userId: r.user_id,
    userEmail: r.email,
    details: r.details ?? null,
    count: r.count,
    requestId: r.request_id,
    userAgent: r.user_agent,
    ...(across ? { workspaceSlug: r.slug ?? null } : {}),
  }));
  const last = events[events.length - 1];
  return { events, nextCursor: rows.length > limit && last ? `${last.occurredAt.getTime()}-${last.id}` : null };
}

/** An event's details as readable text: pretty-printed JSON, or nothing. */
export function detailsText(details: unknown): string | null {
  if (details == null) return null;
  if (typeof details === "object" && !Array.isArray(details) && Object.keys(details).length === 0) return null;
  return JSON.stringify(details, null, 2);
}
