import { isUuid } from "../core/ids";
import { z } from "zod";
import { AppError } from "../core/errors";
import { Prisma } from "../db/generated/client";
import { sendEmail } from "../email/send";
import { workspaceReactivatedEmail, workspaceSuspendedEmail, workspaceUnsuspendedEmail } from "../email/templates";
import { log } from "../log/logger";
import { plainText } from "../security/sanitize";
import { platformData, type PlatformData, type StaffContext, type StaffReader } from "./context";

/**
 * The console's view of workspaces (SPEC §11). It reads across tenants on the platform's own
 * scope (StaffContext.data), which is why it is reachable only by staff; it shows counts and
 * states, never a workspace's contents (no calls, numbers, transcripts or keys).
 */

export const WORKSPACE_STATUSES = ["active", "suspended", "cancelled"] as const;
export type WorkspaceStatus = (typeof WORKSPACE_STATUSES)[number];

export interface ConsoleWorkspace {
  id: string;
  slug: string;
  name: string;
  createdAt: Date;
  status: WorkspaceStatus;
  suspendedAt: Date | null;
  suspendedReason: string | null;
  cancelledAt: Date | null;
  deletionDueAt: Date | null;
  members: number;
  activeKeys: number;
  lastActiveAt: Date | null;
}

interface Row {
  id: string;
  slug: string;
  name: string;
  created_at: Date;
  suspended_at: Date | null;
  suspended_reason: string | null;
  cancelled_at: Date | null;
  deletion_due_at: Date | null;
  members: number;
  active_keys: number;
  last_active_at: Date | null;
}

const statusOf = (r: Row): WorkspaceStatus => (r.suspended_at ? "suspended" : r.cancelled_at ? "cancelled" : "active");

const toWorkspace = (r: Row): ConsoleWorkspace => ({
  id: r.id, slug: r.slug, name: r.name, createdAt: r.created_at, status: statusOf(r),
  suspendedAt: r.suspended_at, suspendedReason: r.suspended_reason, cancelledAt: r.cancelled_at, deletionDueAt: r.deletion_due_at,
  members: Number(r.members), activeKeys: Number(r.active_keys), lastActiveAt: r.last_active_at,
});

const SELECT = Prisma.sql`
  SELECT w.id::text AS id, w.slug, w.name, w.created_at, w.suspended_at, w.suspended_reason, w.cancelled_at, w.deletion_due_at,
    (SELECT count(*) FROM memberships m WHERE m.workspace_id = w.id)::int AS members,
    (SELECT count(*) FROM api_keys k WHERE k.workspace_id = w.id AND k.revoked_at IS NULL)::int AS active_keys,
    (SELECT max(m.last_active_at) FROM memberships m WHERE m.workspace_id = w.id) AS last_active_at
  FROM workspaces w`;

export const workspaceListSchema = z.object({
  q: z.string().optional().transform((v) => v?.trim().slice(0, 120) || undefined),
  status: z.enum(WORKSPACE_STATUSES).optional().catch(undefined),
  /** Keyset cursor: `<created_at ms>_<id>`. */
  cursor: z.string().regex(/^\d{1,15}_[0-9a-f-]{36}$/).optional().catch(undefined),
});
export type WorkspaceListQuery = Partial<z.infer<typeof workspaceListSchema>>;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Workspaces, newest first, 50 a page; `q` matches the slug or name (case-insensitive, anywhere).
 * Pages pass the staff context's `data`; the bench, which has no staff, the platform scope itself.
 */
export async function listWorkspaces(
  query: WorkspaceListQuery,
  options: { limit?: number; data?: PlatformData } = {},
): Promise<{ workspaces: ConsoleWorkspace[]; nextCursor: string | null }> {
  const { limit = 50, data = platformData } = options;
  const parts: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (query.q) {
    const like = `%${escapeLike(query.q.toLowerCase())}%`;
    parts.push(Prisma.sql`(w.slug LIKE ${like} OR lower(w.name) LIKE ${like})`);
  }
  if (query.status === "suspended") parts.push(Prisma.sql`w.suspended_at IS NOT NULL`);
  if (query.status === "cancelled") parts.push(Prisma.sql`w.cancelled_at IS NOT NULL AND w.suspended_at IS NULL`);
  if (query.status === "active") parts.push(Prisma.sql`w.cancelled_at IS NULL AND w.suspended_at IS NULL`);
  if (query.cursor) {
    const [ms, id] = query.cursor.split("_");
    parts.push(Prisma.sql`(w.created_at, w.id) < (${new Date(Number(ms))}, ${id}::uuid)`);
  }
  const rows = await data((tx) => tx.$queryRaw<Row[]>`${SELECT} WHERE ${Prisma.join(parts, " AND ")} ORDER BY w.created_at DESC, w.id DESC LIMIT ${limit + 1}`);
  const workspaces = rows.slice(0, limit).map(toWorkspace);
  const last = workspaces[workspaces.length - 1];
  return { workspaces, nextCursor: rows.length > limit && last ? `${last.createdAt.getTime()}_${last.id}` : null };
}

export async function findWorkspace(ctx: StaffReader, id: string): Promise<ConsoleWorkspace | null> {
  if (!isUuid(id)) return null;
  const [row] = await ctx.data((tx) => tx.$queryRaw<Row[]>`${SELECT} WHERE w.id = ${id}::uuid`);
  return row ? toWorkspace(row) : null;
}

export const suspendSchema = z.object({
  reason: z
    .string()
    .transform((v) => plainText(v))
    .pipe(z.string().min(5, "Give a reason of at least 5 characters; the owners are shown it.").max(500, "Use at most 500 characters.")),
});

async function emailOwners(ctx: StaffReader, workspaceId: string, email: (to: string) => { to: string; subject: string; text: string }) {
  const owners = await ctx.data((tx) => tx.membership.findMany({ where: { workspaceId, role: "owner" }, select: { user: { select: { email: true } } } }));
  for (const owner of owners) {
    await sendEmail(email(owner.user.email)).catch((err: unknown) => log().error({ err }, "could not send a suspension email"));
  }
}

/**
 * Suspends a workspace (decision 019): read-only at once for its members, its API keys
 * answer 401, its webhooks pause. Audited in the workspace's own chain, so its owners see
 * who did it and why; the owners are emailed the reason.
 */
export async function suspendWorkspace(ctx: StaffContext, workspaceId: string, reasonInput: string, now = new Date()): Promise<void> {
  const parsed = suspendSchema.safeParse({ reason: reasonInput });
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? "Give a reason.";
    throw new AppError("VALIDATION_FAILED", message, { details: [{ field: "reason", issue: message }] });
  }
  const { reason } = parsed.data;
  const workspace = await ctx.data(async (tx) => {
    const found = await tx.workspace.findUnique({ where: { id: workspaceId }, select: { id: true, slug: true, name: true, suspendedAt: true } });
    if (!found) throw new AppError("NOT_FOUND");
    if (found.suspendedAt) throw new AppError("CONFLICT", "This workspace is already suspended.");
    await tx.workspace.update({ where: { id: workspaceId }, data: { suspendedAt: now, suspendedReason: reason } });
    await ctx.audit(
      "workspace.suspended",
      { type: "workspace", id: workspaceId, label: found.slug },
      { after: { suspended_at: now.toISOString(), reason } },
      { workspaceId, tx },
    );
    return found;
  });
  await emailOwners(ctx, workspaceId, (to) => workspaceSuspendedEmail(to, workspace, reason));
}

/** Lifts a suspension: keys work again and paused deliveries go out. Audited the same way. */
export async function unsuspendWorkspace(ctx: StaffContext, workspaceId: string): Promise<void> {
  const workspace = await ctx.data(async (tx) => {
    const found = await tx.workspace.findUnique({ where: { id: workspaceId }, select: { id: true, slug: true, name: true, suspendedAt: true, suspendedReason: true } });
    if (!found) throw new AppError("NOT_FOUND");
    if (!found.suspendedAt) throw new AppError("CONFLICT", "This workspace is not suspended.");
    await tx.workspace.update({ where: { id: workspaceId }, data: { suspendedAt: null, suspendedReason: null } });
    await ctx.audit(
      "workspace.unsuspended",
      { type: "workspace", id: workspaceId, label: found.slug },
      { before: { suspended_at: found.suspendedAt.toISOString(), reason: found.suspendedReason } },
      { workspaceId, tx },
    );
    return found;
  });
  await emailOwners(ctx, workspaceId, (to) => workspaceUnsuspendedEmail(to, workspace));
}

/**
 * Reopens a cancelled workspace before its deletion date at its owners' request (a support
 * case: an owner who cancelled by mistake and cannot reach Settings). A reason is required;
 * it is audited in the workspace's chain with the staff member as actor, and the owners are
 * told. Once the deletion date has passed nothing can be reopened.
 */
export async function reactivateCancelledWorkspace(ctx: StaffContext, workspaceId: string, reasonInput: string, now = new Date()): Promise<void> {
  const parsed = suspendSchema.safeParse({ reason: reasonInput });
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? "Give a reason.";
    throw new AppError("VALIDATION_FAILED", message, { details: [{ field: "reason", issue: message }] });
  }
  const workspace = await ctx.data(async (tx) => {
    const found = await tx.workspace.findUnique({ where: { id: workspaceId }, select: { id: true, slug: true, name: true, cancelledAt: true, deletionDueAt: true } });
    if (!found) throw new AppError("NOT_FOUND");
    const { count } = await tx.workspace.updateMany({
      where: { id: workspaceId, cancelledAt: { not: null }, deletionDueAt: { gt: now } },
      data: { cancelledAt: null, deletionDueAt: null },
    });
    if (count !== 1) throw new AppError("CONFLICT", "This workspace is not cancelled, or its deletion has already begun.");
    await ctx.audit(
      "workspace.reactivated",
      { type: "workspace", id: workspaceId, label: found.slug },
      { before: { cancelled_at: found.cancelledAt?.toISOString(), deletion_due_at: found.deletionDueAt?.toISOString() }, reason: parsed.data.reason },
      { workspaceId, tx },
    );
    return found;
  });
  await emailOwners(ctx, workspaceId, (to) => workspaceReactivatedEmail(to, workspace));
}
