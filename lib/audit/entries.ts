import { mergePageParams, parseTrail, trailParam } from "../core/page-trail";
import { isIP } from "node:net";
import { Prisma } from "../db/generated/client";
import { countUpToCap } from "../db/capped-count";
import type { TenantTx } from "../db/scoped";
import type { CappedCount } from "../core/page-trail";
import { AUDIT_ACTIONS } from "./actions";
import { PLATFORM_CHAIN, type AuditRowColumns } from "./context";
import { oneParam, parseDayRange } from "../forms/url-filters";

/**
 * The one query layer of audit entries: the dashboard's audit page and its export, the
 * operator console, and `GET /api/v1/audit-logs` all filter through `auditWhere` and page
 * through `listAuditPage`, so a filter means the same thing everywhere.
 *
 * The audit page's URL (and its export's): filters a person types, validated — a bad value is
 * reported, never thrown at the page. The API's filters (lib/audit/schemas.ts `auditQuery`,
 * validated by zod) map onto the same query with `apiAuditQuery`. Rows are the workspace's
 * own chain, newest first, keyset-paginated on the chain's sequence number: `chain_key =
 * workspace AND seq < cursor ORDER BY seq DESC` walks the (chain_key, seq) index backwards,
 * and every column compared is text, uuid, bigint or timestamptz, so the comparisons stay
 * usable under RLS (decision 013).
 */
export const ACTOR_TYPES = ["user", "api_key", "system", "staff"] as const;
const SEQ = /^[1-9]\d{0,18}$/;
const one = oneParam;

export interface AuditFilterValues {
  actor_type?: string;
  actor?: string;
  action?: string;
  target_type?: string;
  target_id?: string;
  from?: string;
  to?: string;
  ip?: string;
}

/** The validated filters. `to` is exclusive (the day after the last day shown). */
export interface AuditQuery {
  actorType?: string;
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
  ip?: string;
}

export interface AuditPageState {
  /** The raw filter values, for the form and for links. */
  filters: AuditFilterValues;
  query: AuditQuery;
  /** Keyset cursor: rows with a lower sequence number than this. */
  cursor?: string;
  /** The expanded entry (its sequence number). */
  open?: string;
  /** The cursors of the pages before this one (lib/core/page-trail). */
  trail: string[];
  errors: string[];
}

export const FILTER_KEYS = ["actor_type", "actor", "action", "target_type", "target_id", "from", "to", "ip"] as const;


export function parseAuditPage(params: Record<string, string | string[] | undefined>): AuditPageState {
  const filters: AuditFilterValues = Object.fromEntries(FILTER_KEYS.map((k) => [k, one(params[k])]).filter(([, v]) => v));
  const errors: string[] = [];
  const query: AuditQuery = {};
  const text = (key: keyof AuditFilterValues, max: number): string | undefined => {
    const v = filters[key];
    if (v === undefined) return undefined;
    if (v.length > max) {
      errors.push(`${key}: at most ${max} characters.`);
      return undefined;
    }
    return v;
  };
  if (filters.actor_type) {
    if ((ACTOR_TYPES as readonly string[]).includes(filters.actor_type)) query.actorType = filters.actor_type;
    else errors.push("actor_type: unknown actor type.");
  }
  query.actor = text("actor", 254);
  if (filters.action) {
    if ((AUDIT_ACTIONS as readonly string[]).includes(filters.action)) query.action = filters.action;
    else errors.push("action: unknown action.");
  }
  query.targetType = text("target_type", 32);
  query.targetId = text("target_id", 64);
  if (filters.ip) {
    if (isIP(filters.ip)) query.ip = filters.ip;
    else errors.push("ip: not an IP address.");
  }
  Object.assign(query, parseDayRange(filters.from, filters.to, errors));
  for (const k of Object.keys(query) as (keyof AuditQuery)[]) if (query[k] === undefined) delete query[k];
  const cursor = one(params.cursor);
  if (cursor && !SEQ.test(cursor)) errors.push("cursor: invalid.");
  const open = one(params.entry);
  const kept = cursor && SEQ.test(cursor) ? cursor : undefined;
  return { filters, query, cursor: kept, open: open && SEQ.test(open) ? open : undefined, trail: kept ? parseTrail(one(params.back)) : [], errors };
}

/** The API's filters (already validated by `auditQuery`): `from` inclusive, `to` exclusive, as on the page. */
export interface ApiAuditFilters {
  action?: string;
  actor_type?: string;
  target_type?: string;
  from?: string;
  to?: string;
}

export function apiAuditQuery(f: ApiAuditFilters): AuditQuery {
  const query: AuditQuery = {
    actorType: f.actor_type,
    action: f.action,
    targetType: f.target_type,
    from: f.from ? new Date(f.from) : undefined,
    to: f.to ? new Date(f.to) : undefined,
  };
  for (const k of Object.keys(query) as (keyof AuditQuery)[]) if (query[k] === undefined) delete query[k];
  return query;
}

/** A link to the page with some parameters changed (undefined removes one). */
export function auditHref(slug: string, state: AuditPageState, change: Record<string, string | undefined>, path = "audit"): string {
  const base: Record<string, string | undefined> = { ...state.filters, cursor: state.cursor, back: trailParam(state.trail), entry: state.open };
  const qs = mergePageParams(base, change).toString();
  return `/${slug}/${path}${qs ? `?${qs}` : ""}`;
}

const likePrefix = (s: string) => `${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The WHERE clause of a workspace's filtered audit rows (the workspace named, RLS underneath);
 * with `workspaceId` null, the platform's own chain (the operator console, on the platform's
 * connection).
 */
export function auditWhere(workspaceId: string | null, q: AuditQuery): Prisma.Sql {
  const parts: Prisma.Sql[] = workspaceId
    ? [Prisma.sql`chain_key = ${workspaceId}`, Prisma.sql`workspace_id = ${workspaceId}::uuid`]
    : [Prisma.sql`chain_key = ${PLATFORM_CHAIN}`, Prisma.sql`workspace_id IS NULL`];
  if (q.actorType) parts.push(Prisma.sql`actor_type = ${q.actorType}`);
  if (q.actor) {
    // The actor's label (an email, a key's name) or id: exactly, or by prefix with a
    // trailing "*". Exact matches use equality, which is leakproof, so under RLS the
    // (chain_key, actor_…, seq) indexes answer them (decision 013); LIKE is not, so a prefix
    // search reads the workspace's rows newest first until it has a page.
    if (q.actor.endsWith("*") && q.actor.length > 1) {
      const p = likePrefix(q.actor.slice(0, -1));
      parts.push(Prisma.sql`(actor_label LIKE ${p} OR actor_id LIKE ${p})`);
    } else {
      parts.push(Prisma.sql`(actor_label = ${q.actor} OR actor_id = ${q.actor})`);
    }
  }
  if (q.action) parts.push(Prisma.sql`action = ${q.action}`);
  if (q.targetType) parts.push(Prisma.sql`target_type = ${q.targetType}`);
  if (q.targetId) parts.push(Prisma.sql`target_id = ${q.targetId}`);
  if (q.ip) parts.push(Prisma.sql`ip = ${q.ip}`);
  if (q.from) parts.push(Prisma.sql`occurred_at >= ${q.from}`);
  if (q.to) parts.push(Prisma.sql`occurred_at < ${q.to}`);
  return Prisma.join(parts, " AND ");
}

export interface AuditEntry {
  id: string;
  seq: string;
  occurredAt: Date;
  actorType: string;
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  targetLabel: string | null;
  changes: unknown;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

interface RawEntry extends AuditRowColumns {
  id: bigint;
  seq: bigint;
  occurred_at: Date;
}

const toEntry = (r: RawEntry): AuditEntry => ({
  id: String(r.id),
  seq: String(r.seq),
  occurredAt: r.occurred_at,
  actorType: r.actor_type,
  actorId: r.actor_id,
  actorLabel: r.actor_label,
  action: r.action,
  targetType: r.target_type,
  targetId: r.target_id,
  targetLabel: r.target_label,
  changes: r.changes ?? null,
  ip: r.ip,
  userAgent: r.user_agent,
  requestId: r.request_id,
});

const COLUMNS = Prisma.sql`id, seq, occurred_at, actor_type, actor_id, actor_label, action, target_type, target_id, target_label, changes, ip, user_agent, request_id`;

/** Rows per page of the audit table. */
export const AUDIT_PAGE_SIZE = 50;

type Scoped = <T>(fn: (tx: TenantTx) => Promise<T>) => Promise<T>;

/** One page of the filtered audit log, newest first. `data` is the member's scoped data layer. */
export async function listAuditPage(
  data: Scoped,
  workspaceId: string | null,
  q: AuditQuery,
  options: { limit?: number; cursor?: string } = {},
): Promise<{ entries: AuditEntry[]; nextCursor: string | null }> {
  const limit = options.limit ?? AUDIT_PAGE_SIZE;
  const where = auditWhere(workspaceId, q);
  const after = options.cursor ? Prisma.sql` AND seq < ${BigInt(options.cursor)}` : Prisma.empty;
  const rows = await data((tx) => tx.$queryRaw<RawEntry[]>`SELECT ${COLUMNS} FROM audit_logs WHERE ${where}${after} ORDER BY seq DESC LIMIT ${limit + 1}`);
  const entries = rows.slice(0, limit).map(toEntry);
  return { entries, nextCursor: rows.length > limit ? (entries.at(-1)?.seq ?? null) : null };
}

/** How many entries match the filters, up to COUNT_CAP (the table's "of N"). */
export async function countAuditEntries(data: Scoped, workspaceId: string, q: AuditQuery): Promise<CappedCount> {
  return data((tx) => countUpToCap(tx, Prisma.sql`audit_logs`, auditWhere(workspaceId, q)));
}

/** One entry of the workspace's chain, by sequence number (null: not this workspace's). */
export async function getAuditEntry(data: Scoped, workspaceId: string, seq: string): Promise<AuditEntry | null> {
  const [row] = await data((tx) => tx.$queryRaw<RawEntry[]>`SELECT ${COLUMNS} FROM audit_logs WHERE ${auditWhere(workspaceId, {})} AND seq = ${BigInt(seq)}`);
  return row ? toEntry(row) : null;
}

export interface ChangeRow {
  key: string;
  before: string | null;
  after: string | null;
  changed: boolean;
}

const show = (v: unknown): string | null => (v === undefined ? null : typeof v === "string" ? v : JSON.stringify(v));

/**
 * An entry's `changes` as a readable diff: one row per key of `before` ∪ `after` (in order of
 * appearance), then any other top-level keys as "after"-only rows.
 */
export function changesDiff(changes: unknown): ChangeRow[] {
  if (!changes || typeof changes !== "object" || Array.isArray(changes)) return changes == null ? [] : [{ key: "value", before: null, after: show(changes), changed: true }];
  const c = changes as Record<string, unknown>;
  const obj = (v: unknown) => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
  const before = obj(c.before);
  const after = obj(c.after);
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const rows = keys.map((key) => {
    const b = show(before[key]);
    const a = show(after[key]);
    return { key, before: b, after: a, changed: b !== a };
  });
  for (const [key, value] of Object.entries(c)) {
    if (key === "before" || key === "after") continue;
    rows.push({ key, before: null, after: show(value), changed: true });
  }
  return rows;
}
