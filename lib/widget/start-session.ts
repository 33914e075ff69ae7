import "server-only";
import { z } from "zod";
import { isIpAllowed } from "../api-keys/ip-allowlist";
import { creditBalanceSql, refuseForCredit } from "../billing/credit-guard";
import { AppError } from "../core/errors";
import { inWorkspace } from "../db/scoped";
import { checkRateLimit } from "../security/rate-limit/limiter";
import { isWithinActiveHours } from "./active-hours";
import { ipRuleVerdict } from "./blocklist";
import { botReason, botSignalsSchema } from "./bot";
import { visitorCountry } from "./country";
import { isAllowedParent } from "./embed-origins";
import { widgetPrincipal } from "./principal";
import { findPublicWidget } from "./public-widget";
import { refuse, type RefusalContext } from "./refusals";
import { signWidgetToken } from "./session-token";
import { reducedVisitorIp } from "./visitor-ip";

/** `POST /api/widget/{id}/sessions` (SPEC §14), as the widget's frame page sends it. */
export const startSessionBody = z.strictObject({
  /** The embedding page's origin, as the loader read it (`location.origin` of the parent). */
  parent_origin: z.string().max(300),
  signals: botSignalsSchema.optional(),
});

export type StartSessionBody = z.infer<typeof startSessionBody>;

export interface VisitorRequest {
  ip: string;
  userAgent: string | null;
  requestId: string | null;
  headers: Headers;
}

export interface StartedSession {
  session_id: string;
  session_token: string;
  expires_at: string;
}

const notFound = () => new AppError("NOT_FOUND", "No such widget.");

/**
 * Starts a visitor's session after every check, in SPEC §14's order: the parent origin
 * against the embed domains; workspace open and widget enabled (else 404, as for an unknown
 * id); the workspace's blocklist (its allowlist wins); the widget's IP lists; its country
 * lists; the agent's active hours; bot detection (refused or flagged per the widget's
 * policy); sliding-window rate limits per IP and per widget; credit above zero (live mode
 * only). Each refusal is a WIDGET_REFUSED and a security event (./refusals.ts).
 *
 * A blocklisted address costs no database work once the widget and the workspace's rules
 * are cached (decision 047): the lookups are in memory and its event is coalesced.
 */
export async function startWidgetSession(publicId: string, body: StartSessionBody, visitor: VisitorRequest, now = new Date()): Promise<StartedSession> {
  const widget = await findPublicWidget(publicId, now.getTime());
  if (!widget) throw notFound();
  const ctx: RefusalContext = { widget, ip: visitor.ip, userAgent: visitor.userAgent, requestId: visitor.requestId, allowlisted: false, now };

  if (!isAllowedParent(body.parent_origin, widget.embedDomains)) await refuse(ctx, "domain", { parent_origin: body.parent_origin.slice(0, 120) });
  if (!widget.enabled || !widget.workspaceOpen) throw notFound();

  const verdict = await ipRuleVerdict(widget.workspaceId, visitor.ip, now.getTime());
  if (verdict === "blocked") await refuse(ctx, "blocked");
  ctx.allowlisted = verdict === "allowed";

  if (widget.ipDeny.length && isIpAllowed(visitor.ip, widget.ipDeny)) await refuse(ctx, "ip", { list: "deny" });
  if (widget.ipAllow.length && !isIpAllowed(visitor.ip, widget.ipAllow)) await refuse(ctx, "ip", { list: "allow" });

  // Read once: the lists' check and the session row use the same answer.
  const country = visitorCountry(visitor.headers, visitor.ip);
  if (widget.countryAllow.length || widget.countryDeny.length) {
    if (country && widget.countryDeny.includes(country)) await refuse(ctx, "country", { country, list: "deny" });
    if (widget.countryAllow.length && (!country || !widget.countryAllow.includes(country))) await refuse(ctx, "country", { country: country ?? "unknown", list: "allow" });
  }

  if (!isWithinActiveHours(widget, now)) await refuse(ctx, "outside_active_hours", { time_zone: widget.timeZone });

  const bot = botReason(visitor.userAgent, body.signals);
  if (bot && widget.botPolicy === "refuse") await refuse(ctx, "bot", { signal: bot });

  for (const [policy, id] of [["widgetSessionIp", visitor.ip], ["widgetSession", widget.id]] as const) {
    const limit = await checkRateLimit(policy, id);
    if (!limit.success) await refuse(ctx, "rate_limited", { policy }, Math.max(1, Math.ceil((limit.reset - now.getTime()) / 1000)));
  }

  // The balance check and the session row in one statement of one scoped transaction: no
  // round trip between them, and the row exists only if the balance was above zero when it
  // was written. Test mode spends nothing (as assertCreditAvailable lets it pass).
  const [row] = await inWorkspace(widget.workspaceId, (tx) =>
    tx.$queryRaw<{ id: string | null; balance: bigint }[]>`
      WITH balance(minor) AS (${creditBalanceSql(widget.workspaceId)}),
      inserted AS (
        INSERT INTO widget_sessions (workspace_id, widget_id, mode, started_at, last_message_at, ip, country, bot_flagged)
        SELECT ${widget.workspaceId}::uuid, ${widget.id}::uuid, ${widget.mode}, ${now}, ${now}, ${reducedVisitorIp(visitor.ip, widget.callerMasking)}, ${country}, ${bot !== null}
        FROM balance WHERE ${widget.mode === "test"} OR balance.minor > 0
        RETURNING id
      )
      SELECT (SELECT id FROM inserted) AS id, (SELECT minor FROM balance) AS balance`,
  );
  const sessionId = row?.id;
  if (!sessionId) {
    // The quota_exceeded event (as every credit refusal writes it), then the widget's own refusal.
    const principal = widgetPrincipal(widget, { ip: visitor.ip, userAgent: visitor.userAgent, requestId: visitor.requestId });
    // refuseForCredit records its event and throws the API's FORBIDDEN; the visitor gets the
    // widget's own refusal instead. Anything else (the event could not be written) is not a
    // quota refusal and goes up as what it is.
    return refuseForCredit(principal, "widget_session", Number(row?.balance ?? 0)).catch((error: unknown) => {
      if (error instanceof AppError && error.code === "FORBIDDEN") return refuse(ctx, "quota");
      throw error;
    });
  }
  const { token, expiresAt } = await signWidgetToken({ sessionId, widgetId: widget.id, workspaceId: widget.workspaceId }, now);
  return { session_id: sessionId, session_token: token, expires_at: expiresAt.toISOString() };
}
