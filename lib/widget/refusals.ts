import "server-only";
import { recordAudit } from "../audit/record";
import { recordSecurityEvent, recordSecurityEventCoalesced } from "../audit/security-events";
import { AppError } from "../core/errors";
import { db } from "../db/client";
import { log } from "../log/logger";
import { checkRateLimit } from "../security/rate-limit/limiter";
import { forgetIpRules, ipRuleVerdict } from "./blocklist";
import { hostRange } from "./visitor-ip";

/**
 * A refused widget session (SPEC §14): 403 WIDGET_REFUSED with details[0].reason, a message
 * a visitor can read, and a `widget_refused` security event (coalesced per widget, IP and
 * reason, so a flood is a row and a count). Refusals the visitor caused — a foreign page, a
 * denied address or country, a bot, a rate-limit hit — count towards the automatic
 * blocklist (decision 047); closed hours and an empty balance are the workspace's doing.
 */

export const REFUSAL_REASONS = ["domain", "blocked", "ip", "country", "outside_active_hours", "bot", "rate_limited", "quota"] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

const MESSAGES: Record<RefusalReason, string> = {
  domain: "This chat can't be used on this website.",
  blocked: "This chat isn't available from your network. If you think this is a mistake, please contact the website's owner.",
  ip: "This chat isn't available from your network.",
  country: "This chat isn't available in your region.",
  outside_active_hours: "We're closed right now. Please come back during our opening hours.",
  bot: "This chat is only available to people using a web browser.",
  rate_limited: "Too many chats were started from here just now. Please wait a minute and try again.",
  quota: "This chat is unavailable at the moment. Please try again later.",
};

const COUNTS_AS_ABUSE: ReadonlySet<RefusalReason> = new Set(["domain", "ip", "country", "bot", "rate_limited"]);
export const AUTO_BLOCK_HOURS = 24;

export interface RefusalContext {
  widget: { id: string; publicId: string; workspaceId: string };
  ip: string;
  userAgent: string | null;
  requestId: string | null;
  /** On the workspace's allowlist: never blocklisted automatically. */
  allowlisted: boolean;
  now: Date;
}

export function widgetRefusal(reason: RefusalReason, retryAfterSeconds?: number): AppError {
  return new AppError("WIDGET_REFUSED", MESSAGES[reason], {
    details: [{ issue: reason, reason }],
    ...(retryAfterSeconds ? { retryAfterSeconds, headers: { "Retry-After": String(retryAfterSeconds) } } : {}),
  });
}

/** Records the refusal, counts it towards the automatic blocklist, and throws it. */
export async function refuse(ctx: RefusalContext, reason: RefusalReason, details: Record<string, unknown> = {}, retryAfterSeconds?: number): Promise<never> {
  await recordSecurityEventCoalesced(`widget:${ctx.widget.id}`, {
    type: "widget_refused",
    workspaceId: ctx.widget.workspaceId,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    requestId: ctx.requestId,
    details: { reason, widget: ctx.widget.publicId, ...details },
  });
  if (COUNTS_AS_ABUSE.has(reason) && !ctx.allowlisted && ctx.ip !== "unknown") await countAbuse(ctx);
  throw widgetRefusal(reason, retryAfterSeconds);
}

async function countAbuse(ctx: RefusalContext): Promise<void> {
  try {
    // Allowlisted addresses are never blocked, blocked ones need no second entry (cached: no query).
    if ((await ipRuleVerdict(ctx.widget.workspaceId, ctx.ip, ctx.now.getTime())) !== null) return;
    const result = await checkRateLimit("widgetAbuse", `${ctx.widget.workspaceId}:${ctx.ip}`);
    if (!result.success) await autoBlock(ctx);
  } catch (error) {
    // The refusal stands; only the automatic blocklist missed one count.
    log().warn({ err: error }, "widget abuse counter unavailable");
  }
}

/**
 * Puts the IP on the workspace's blocklist for AUTO_BLOCK_HOURS (source automatic): one row
 * per address, revived with a new expiry when an earlier automatic entry has lapsed. Audited with the system
 * as actor, and an `ip_auto_blocked` security event.
 */
export async function autoBlock(ctx: Pick<RefusalContext, "widget" | "ip" | "userAgent" | "requestId" | "now">): Promise<void> {
  const cidr = hostRange(ctx.ip);
  if (!cidr) return;
  const expiresAt = new Date(ctx.now.getTime() + AUTO_BLOCK_HOURS * 3_600_000);
  const workspaceId = ctx.widget.workspaceId;
  const rule = await db().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT set_config('app.workspace_id', ${workspaceId}, true), set_config('role', 'switchboard_tenant', true)`;
    const [row] = await tx.$queryRaw<{ id: string; inserted: boolean }[]>`
      INSERT INTO ip_access_rules (workspace_id, kind, cidr, note, expires_at, source, created_by)
      VALUES (${workspaceId}::uuid, 'block', ${cidr}, 'Too many refused widget sessions', ${expiresAt}, 'automatic', 'automatic (widget spam protection)')
      ON CONFLICT (workspace_id, kind, cidr) DO UPDATE
        SET expires_at = EXCLUDED.expires_at
        WHERE ip_access_rules.source = 'automatic' AND ip_access_rules.expires_at IS NOT NULL AND ip_access_rules.expires_at <= ${ctx.now}
      RETURNING id, (xmax = 0) AS inserted`;
    if (!row) return null;
    await recordAudit(
      { actor: { type: "system", label: "widget spam protection" }, workspaceId, ip: ctx.ip, userAgent: ctx.userAgent, requestId: ctx.requestId },
      "ip_rule.auto_blocked",
      { type: "ip_access_rule", id: row.id, label: `block ${cidr}` },
      { after: { kind: "block", cidr, source: "automatic", expires_at: expiresAt.toISOString() } },
      tx,
    );
    return row;
  });
  forgetIpRules(workspaceId);
  if (!rule) return;
  await recordSecurityEvent({
    type: "ip_auto_blocked",
    workspaceId,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    requestId: ctx.requestId,
    details: { reason: "widget_refusals", cidr, widget: ctx.widget.publicId, expires_at: expiresAt.toISOString(), hours: AUTO_BLOCK_HOURS },
  });
}
