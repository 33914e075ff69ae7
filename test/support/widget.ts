import { NextRequest } from "next/server";
import { db } from "@/lib/db/client";
import { DEFAULT_CONTENT, type AgentConfigContent } from "@/lib/agent-config/content";
import { PEER_HEADER } from "@/lib/security/client-ip";
import { forgetPublicWidget } from "@/lib/widget/public-widget";
import { forgetIpRules } from "@/lib/widget/blocklist";
import * as sessionsRoute from "@/app/api/widget/[id]/sessions/route";
import * as messagesRoute from "@/app/api/widget/sessions/[id]/messages/route";
import * as endRoute from "@/app/api/widget/sessions/[id]/end/route";

/** A browser's user agent (not a bot by isbot's list). */
export const BROWSER_UA = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15";
export const OPEN_ALWAYS: AgentConfigContent["hours"] = Object.fromEntries(
  (["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const).map((d) => [d, { open: "00:00", close: "24:00" }]),
) as AgentConfigContent["hours"];

/**
 * A configuration of `workspaceId` with the given content (its widget comes from the
 * database's trigger), the widget enabled and changed as given. Returns the widget row.
 */
export async function makeWidget(workspaceId: string, name: string, content: Partial<AgentConfigContent> = {}, widget: Record<string, unknown> = {}) {
  const configuration = await db().agentConfiguration.create({ data: { workspaceId, name, currentVersion: 1 } });
  await db().agentConfigurationVersion.create({
    data: {
      workspaceId,
      configurationId: configuration.id,
      version: 1,
      content: { ...DEFAULT_CONTENT, hours: OPEN_ALWAYS, embedDomains: ["shop.example.com", "*.example.org"], ...content } as never,
      authorLabel: "test",
    },
  });
  const row = await db().widget.update({ where: { agentConfigurationId: configuration.id }, data: { enabled: true, ...widget } });
  forgetPublicWidget();
  forgetIpRules();
  return row;
}

export async function changeWidget(id: string, data: Record<string, unknown>) {
  const row = await db().widget.update({ where: { id }, data });
  forgetPublicWidget();
  return row;
}

type Json = { error?: { code: string; message: string; details?: { issue: string; reason?: string }[] } } & Record<string, unknown>;

async function answer(response: Response) {
  const text = await response.text();
  let json: Json = {};
  try {
    json = JSON.parse(text) as Json;
  } catch {
    /* not JSON */
  }
  return { status: response.status, headers: response.headers, json };
}

/** POST /api/widget/{id}/sessions from `ip`, through the route handler (a real request). */
export async function startSession(
  publicId: string,
  init: { ip?: string; origin?: string; userAgent?: string | null; headers?: Record<string, string>; signals?: Record<string, unknown>; rawBody?: string } = {},
) {
  const headers: Record<string, string> = { "content-type": "application/json", [PEER_HEADER]: init.ip ?? "203.0.113.50", ...(init.headers ?? {}) };
  if (init.userAgent !== null) headers["user-agent"] = init.userAgent ?? BROWSER_UA;
  const body = init.rawBody ?? JSON.stringify({ parent_origin: init.origin ?? "https://shop.example.com", ...(init.signals ? { signals: init.signals } : {}) });
  const request = new NextRequest(`http://localhost/api/widget/${publicId}/sessions`, { method: "POST", headers, body });
  return answer(await sessionsRoute.POST(request, { params: Promise.resolve({ id: publicId }) }));
}

async function sessionCall(handler: typeof messagesRoute.POST, what: string, sessionId: string, token: string | null, body?: unknown) {
  const headers: Record<string, string> = { "content-type": "application/json", [PEER_HEADER]: "203.0.113.50", "user-agent": BROWSER_UA };
  if (token) headers.authorization = `Bearer ${token}`;
  const request = new NextRequest(`http://localhost/api/widget/sessions/${sessionId}/${what}`, { method: "POST", headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return answer(await handler(request, { params: Promise.resolve({ id: sessionId }) }));
}

export const sendMessage = (sessionId: string, token: string | null, text: string) => sessionCall(messagesRoute.POST, "messages", sessionId, token, { text });
export const endSession = (sessionId: string, token: string | null) => sessionCall(endRoute.POST, "end", sessionId, token);

/** The widget_refused events of a workspace, newest first, as { reason, ip }. */
export async function refusalEvents(workspaceId: string) {
  const rows = await db().securityEvent.findMany({ where: { workspaceId, type: "widget_refused" }, orderBy: { id: "desc" }, select: { ip: true, details: true } });
  return rows.map((r) => ({ ip: r.ip, reason: (r.details as { reason?: string } | null)?.reason }));
}
