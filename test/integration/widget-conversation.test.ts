import { NextRequest } from "next/server";
import { SignJWT, generateKeyPair } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import * as widgetsRoute from "@/app/api/v1/widgets/route";
import { config } from "@/lib/config";
import { encryptField, decryptText } from "@/lib/crypto/envelope";
import { db } from "@/lib/db/client";
import { createEndpoint } from "@/lib/webhooks/endpoints";
import { endIdleWidgetSessions, IDLE_MINUTES } from "@/lib/widget/conversation";
import { updateWidget, widgetForConfiguration } from "@/lib/widget/widgets";
import { call, insertKey } from "../support/api";
import { outcome, refusal, withTwoWorkspaces } from "../support/members";
import { endSession, makeWidget, sendMessage, startSession } from "../support/widget";

/**
 * Issue 21 / SPEC §14: the conversation after a session starts — messages answered from the
 * knowledge base, the token bound to its session and workspace, the end as a web call with a
 * sealed transcript, call.completed in the outbox and a debit; the idle job; the management
 * API and GET /api/v1/widgets.
 */
const { as } = withTwoWorkspaces({ OUTBOUND_ALLOW_LOOPBACK: "true" });

let acme: string;
let other: string;
let widget: { id: string; publicId: string; agentConfigurationId: string };
let theirs: { id: string; publicId: string };

async function session(publicId: string, ip = "203.0.113.60") {
  const r = await startSession(publicId, { ip });
  expect(r.status).toBe(201);
  return r.json as { session_id: string; session_token: string };
}

beforeAll(async () => {
  acme = (await as("owner")).workspace.id;
  other = (await as("owner", "other")).workspace.id;
  for (const workspaceId of [acme, other]) {
    await db().ledgerEntry.create({ data: { workspaceId, kind: "adjustment", amountMinor: 1_000, currency: "usd", reference: `widget-credit-${workspaceId}` } });
  }
  widget = await makeWidget(acme, "Support", { greeting: "Hi! Ask me about opening times or delivery." });
  theirs = await makeWidget(other, "Theirs");
  // One knowledge document whose text the responder reads (sealed as the import seals it).
  const id = crypto.randomUUID();
  const text = "Our shop opens at nine in the morning. Deliveries within Lagos take two working days. Returns are free for thirty days.";
  await db().knowledgeDocument.create({
    data: {
      id,
      workspaceId: acme,
      name: "faq.txt",
      kind: "text",
      mime: "text/plain",
      sizeBytes: text.length,
      sha256: "0".repeat(64),
      source: "upload",
      status: "ready",
      scanStatus: "clean",
      objectKey: `knowledge/${acme}/${id}.sealed`,
      textEnc: await encryptField({ workspaceId: acme, column: "document_text", rowId: id }, text),
      textChars: text.length,
      createdBy: "test",
    },
  });
});

describe("messages", () => {
  it("answers from the knowledge base by keyword overlap, deterministically, and seals the transcript", async () => {
    const s = await session(widget.publicId);
    const first = await sendMessage(s.session_id, s.session_token, "How long does delivery to Lagos take?");
    expect(first.status).toBe(200);
    expect(first.json.reply).toContain("Deliveries within Lagos take two working days.");
    expect((await sendMessage(s.session_id, s.session_token, "How long does delivery to Lagos take?")).json.reply).toBe(first.json.reply);
    const fallback = await sendMessage(s.session_id, s.session_token, "zebra");
    expect(fallback.json.reply).toMatch(/couldn't find that/);
    const row = await db().widgetSession.findUniqueOrThrow({ where: { id: s.session_id } });
    expect(row.messageCount).toBe(3);
    expect(row.transcriptEnc).not.toContain("Lagos");
    const transcript = await decryptText({ workspaceId: acme, column: "widget_transcript", rowId: s.session_id }, row.transcriptEnc!);
    expect(transcript.split("\n")[0]).toBe("Agent: Hi! Ask me about opening times or delivery.");
    expect(transcript).toContain("Visitor: How long does delivery to Lagos take?");
  });

  it("refuses a missing, forged or foreign-audience token with 401, and records the forgery", async () => {
    const s = await session(widget.publicId);
    expect((await sendMessage(s.session_id, null, "hello")).status).toBe(401);
    const { privateKey } = await generateKeyPair("ES256");
    const forged = await new SignJWT({ wid: widget.id, ws: acme })
      .setProtectedHeader({ alg: "ES256" })
      .setSubject(s.session_id)
      .setIssuer(config().APP_URL)
      .setAudience("switchboard:widget-session")
      .setExpirationTime("5m")
      .sign(privateKey);
    const r = await sendMessage(s.session_id, forged, "hello");
    expect([r.status, r.json.error?.code]).toEqual([401, "UNAUTHENTICATED"]);
    expect(await db().securityEvent.count({ where: { type: "invalid_widget_token" } })).toBeGreaterThan(0);
  });

  it("a token of one widget cannot post to another workspace's session (404, security event), nor end it", async () => {
    const mine = await session(widget.publicId, "203.0.113.61");
    const victim = await session(theirs.publicId, "203.0.113.62");
    const r = await sendMessage(victim.session_id, mine.session_token, "let me in");
    expect(r.status).toBe(404);
    expect((await endSession(victim.session_id, mine.session_token)).status).toBe(404);
    expect(await db().securityEvent.count({ where: { workspaceId: acme, type: "invalid_widget_token" } })).toBeGreaterThan(0);
    const row = await db().widgetSession.findUniqueOrThrow({ where: { id: victim.session_id } });
    expect([row.messageCount, row.endedAt]).toEqual([0, null]);
  });
});

describe("ending a session", () => {
  it("stores a completed inbound web call with the sealed transcript, emits call.completed in the outbox, and debits credit", async () => {
    const owner = await as("owner");
    await createEndpoint(owner.inMode("live"), { url: "https://8.8.8.8/switchboard-hook", events: ["call.completed"] });
    const s = await session(widget.publicId, "203.0.113.63");
    await sendMessage(s.session_id, s.session_token, "When does the shop open?");
    const before = (await db().ledgerEntry.aggregate({ where: { workspaceId: acme }, _sum: { amountMinor: true } }))._sum.amountMinor!;
    const ended = await endSession(s.session_id, s.session_token);
    expect(ended.status).toBe(200);
    const callId = (ended.json as { call_id: string }).call_id;
    const callRow = await db().call.findUniqueOrThrow({ where: { id: callId } });
    expect(callRow).toMatchObject({ workspaceId: acme, channel: "web", direction: "inbound", status: "completed", mode: "live", callerDisplay: "203.0.113.0/24", callerNumberEnc: null });
    const transcript = await decryptText({ workspaceId: acme, column: "transcript", rowId: callId }, callRow.transcriptEnc!);
    expect(transcript).toContain("Visitor: When does the shop open?");
    expect(transcript).toContain("Our shop opens at nine in the morning.");
    // The session keeps no copy once the call holds it.
    expect(await db().widgetSession.findUniqueOrThrow({ where: { id: s.session_id } })).toMatchObject({ callId, transcriptEnc: null });
    const events = await db().webhookEvent.findMany({ where: { workspaceId: acme, type: "call.completed" } });
    const event = events.find((e) => JSON.parse(e.body).data.object.id === callId);
    expect(JSON.parse(event!.body).data.object).toMatchObject({ channel: "web", direction: "inbound", status: "completed" });
    expect(await db().webhookDelivery.count({ where: { eventId: event!.id } })).toBe(1);
    const after = (await db().ledgerEntry.aggregate({ where: { workspaceId: acme }, _sum: { amountMinor: true } }))._sum.amountMinor!;
    expect(after).toBe(before - 2);
    // Ended: no more messages, no second end.
    expect((await sendMessage(s.session_id, s.session_token, "still there?")).status).toBe(409);
    expect((await endSession(s.session_id, s.session_token)).status).toBe(409);

    const { key } = await insertKey(acme, { scopes: ["calls:read"] });
    const api = await call("GET /calls/{id}", { key, params: { id: callId } });
    expect(api.json).toMatchObject({ id: callId, channel: "web", has_transcript: true });
    const phone = await call("GET /calls", { key, query: "limit=100" });
    expect((phone.json as { data: { channel: string }[] }).data.every((c) => c.channel === "phone" || c.channel === "web")).toBe(true);
  });

  it("the idle job ends sessions quiet for 10 minutes as calls ending at their last message, once", async () => {
    const s = await session(widget.publicId, "203.0.113.64");
    await sendMessage(s.session_id, s.session_token, "Are returns free?");
    const last = (await db().widgetSession.findUniqueOrThrow({ where: { id: s.session_id } })).lastMessageAt;
    expect(await endIdleWidgetSessions(new Date(last.getTime() + (IDLE_MINUTES - 1) * 60_000))).toBe(0);
    const later = new Date(last.getTime() + (IDLE_MINUTES + 1) * 60_000);
    expect(await endIdleWidgetSessions(later)).toBeGreaterThanOrEqual(1);
    const row = await db().widgetSession.findUniqueOrThrow({ where: { id: s.session_id } });
    expect(row.endedAt).toEqual(later);
    expect(await db().call.findUniqueOrThrow({ where: { id: row.callId! } })).toMatchObject({ channel: "web", endedAt: last });
    expect(await endIdleWidgetSessions(later)).toBe(0);
  });
});

describe("managing widgets", () => {
  it("validates CIDR, country and colour with clear messages; audits the change; viewers are refused", async () => {
    const owner = await as("owner");
    expect(await refusal(updateWidget(owner, widget.agentConfigurationId, { ipDeny: "10.0.0.0/8, 300.1.1.1" }))).toMatchObject({ code: "VALIDATION_FAILED", field: "ipDeny" });
    expect(await refusal(updateWidget(owner, widget.agentConfigurationId, { countryDeny: ["NG", "XY"] }))).toMatchObject({ field: "countryDeny", message: expect.stringContaining("XY") });
    expect(await refusal(updateWidget(owner, widget.agentConfigurationId, { theme: { accent: "red" } }))).toMatchObject({ field: "theme.accent" });
    const view = await updateWidget(owner, widget.agentConfigurationId, { ipDeny: "10.1.2.3/8\n2001:db8::1/32", countryDeny: ["ng"], theme: { accent: "#1D4ED8", title: "Chat <b>us</b>" } });
    expect(view).toMatchObject({ ipDeny: ["10.0.0.0/8", "2001:db8::/32"], countryDeny: ["NG"], theme: { accent: "#1d4ed8" } });
    expect(view.theme.title).not.toContain("<");
    expect(await db().auditLog.count({ where: { workspaceId: acme, action: "widget.updated" } })).toBe(1);
    expect(await outcome(updateWidget(await as("viewer"), widget.agentConfigurationId, { enabled: false }))).toBe("FORBIDDEN");
    expect(await outcome(widgetForConfiguration(owner, (await widgetForConfiguration(await as("owner", "other"), (await db().widget.findUniqueOrThrow({ where: { id: theirs.id } })).agentConfigurationId)).agentConfigurationId))).toBe("NOT_FOUND");
    await updateWidget(owner, widget.agentConfigurationId, { ipDeny: [], countryDeny: [] });
  });

  it("GET /api/v1/widgets lists the key's mode's widgets with the SPEC's fields, and needs config:manage", async () => {
    const list = async (key: string, query = "") => {
      const request = new NextRequest(`http://localhost/api/v1/widgets${query}`, { headers: { "x-api-key": key } });
      const response = await widgetsRoute.GET(request, { params: Promise.resolve({}) });
      return { status: response.status, json: (await response.json()) as { data: Record<string, unknown>[]; next_cursor: string | null; error?: { code: string } } };
    };
    await makeWidget(acme, "Second live");
    const testWidget = await makeWidget(acme, "Sandbox", {}, { mode: "test" });
    const { key: live } = await insertKey(acme, { scopes: ["config:manage"] });
    const r = await list(live);
    expect(r.status).toBe(200);
    const mine = r.json.data.find((w) => w.id === widget.publicId);
    expect(mine).toEqual({ id: widget.publicId, agent_configuration_id: widget.agentConfigurationId, enabled: true, embed_domains: ["shop.example.com", "*.example.org"], mode: "live" });
    expect(r.json.data.some((w) => w.id === theirs.publicId)).toBe(false);
    const page = await list(live, "?limit=1");
    expect(page.json.data).toHaveLength(1);
    expect(page.json.next_cursor).toBeTruthy();
    const { key: test } = await insertKey(acme, { mode: "test", scopes: ["config:manage"] });
    expect((await list(test)).json.data.map((w) => w.id)).toEqual([testWidget.publicId]);
    expect(r.json.data.some((w) => w.id === testWidget.publicId)).toBe(false);
    const { key: reader } = await insertKey(acme, { scopes: ["calls:read"] });
    expect((await list(reader)).json.error?.code).toBe("INSUFFICIENT_SCOPE");
    expect(other).toBeTruthy();
  });
});
