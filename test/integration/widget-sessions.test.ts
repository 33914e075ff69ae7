import { decodeProtectedHeader } from "jose";
import { describe, expect, it, beforeAll } from "vitest";
import { db } from "@/lib/db/client";
import { addIpRule } from "@/lib/widget/ip-rules";
import { countryOfIp } from "@/lib/widget/country";
import { startWidgetSession } from "@/lib/widget/start-session";
import { queriesDuring } from "../support/database";
import { withTwoWorkspaces } from "../support/members";
import { BROWSER_UA, changeWidget, makeWidget, refusalEvents, startSession } from "../support/widget";

/**
 * Issue 21 / SPEC §14: every check of POST /api/widget/{id}/sessions, through the route
 * handler on the real database, with each refusal's reason and security event. Each test
 * uses addresses of its own, so the per-IP limits and the automatic blocklist of one test
 * never decide another's.
 */
const { as } = withTwoWorkspaces({ TRUST_PROXY_COUNTRY_HEADER: "x-test-country", RATE_LIMIT_WIDGET_IP_REQUESTS: "4", WIDGET_AUTO_BLOCK_THRESHOLD: "3" });

let acme: string;
let other: string;
let widget: { id: string; publicId: string };

beforeAll(async () => {
  acme = (await as("owner")).workspace.id;
  other = (await as("owner", "other")).workspace.id;
  await db().ledgerEntry.create({ data: { workspaceId: acme, kind: "adjustment", amountMinor: 1_000, currency: "usd", reference: "widget-test-credit" } });
  widget = await makeWidget(acme, "Shop");
});

const reasonOf = (r: Awaited<ReturnType<typeof startSession>>) => r.json.error?.details?.[0]?.reason;

describe("a session that passes every check", () => {
  it("answers 201 with an ES256 session token of 10 minutes, and keeps only the visitor's /24 under masking", async () => {
    const r = await startSession(widget.publicId, { ip: "203.0.113.77" });
    expect(r.status).toBe(201);
    const { session_id, session_token, expires_at } = r.json as { session_id: string; session_token: string; expires_at: string };
    expect(decodeProtectedHeader(session_token).alg).toBe("ES256");
    const ttl = Date.parse(expires_at) - Date.now();
    expect(ttl).toBeGreaterThan(9 * 60_000);
    expect(ttl).toBeLessThanOrEqual(10 * 60_000);
    const row = await db().widgetSession.findUniqueOrThrow({ where: { id: session_id } });
    expect(row).toMatchObject({ workspaceId: acme, widgetId: widget.id, ip: "203.0.113.0/24", botFlagged: false, endedAt: null, mode: "live" });
  });

  it("accepts a subdomain under a *. embed domain, and an embed domain's host on any https port", async () => {
    expect((await startSession(widget.publicId, { ip: "203.0.113.78", origin: "https://blog.example.org" })).status).toBe(201);
    expect((await startSession(widget.publicId, { ip: "203.0.113.78", origin: "https://shop.example.com:8443" })).status).toBe(201);
  });
});

describe("refusals, each with its reason and security event", () => {
  it("domain: a parent page outside the embed domains (and http, and a parent of a wildcard)", async () => {
    for (const origin of ["https://evil.example", "http://shop.example.com", "https://example.org", "https://shop.example.com.evil.example", "not a url"]) {
      const r = await startSession(widget.publicId, { ip: "198.51.100.10", origin });
      expect([r.status, r.json.error?.code, reasonOf(r)]).toEqual([403, "WIDGET_REFUSED", "domain"]);
    }
    expect(await refusalEvents(acme)).toContainEqual({ ip: "198.51.100.10", reason: "domain" });
  });

  it("unknown, malformed and disabled widgets answer 404 (so do closed workspaces)", async () => {
    expect((await startSession("wgt_0000000000000000000000", { ip: "198.51.100.11" })).status).toBe(404);
    expect((await startSession("wgt_short", { ip: "198.51.100.11" })).status).toBe(404);
    const off = await makeWidget(acme, "Off", {}, { enabled: false });
    expect((await startSession(off.publicId, { ip: "198.51.100.11" })).status).toBe(404);
  });

  it("blocked: the workspace's blocklist refuses, and its allowlist wins over it", async () => {
    const owner = await as("owner");
    await addIpRule(owner, { kind: "block", cidr: "198.51.100.0/28", note: "spam wave" });
    const r = await startSession(widget.publicId, { ip: "198.51.100.12" });
    expect([r.status, reasonOf(r)]).toEqual([403, "blocked"]);
    expect(r.json.error?.message).toMatch(/isn't available from your network/);
    expect(await refusalEvents(acme)).toContainEqual({ ip: "198.51.100.12", reason: "blocked" });
    // As the dashboard's form sends it: no expiry is null, and means never (not 1970).
    const office = await addIpRule(owner, { kind: "allow", cidr: "198.51.100.13", note: "our office", expiresAt: null });
    expect(office.expiresAt).toBeNull();
    expect((await startSession(widget.publicId, { ip: "198.51.100.13" })).status).toBe(201);
    expect(reasonOf(await startSession(widget.publicId, { ip: "198.51.100.14" }))).toBe("blocked");
  });

  it("ip: the widget's deny list, and an allow list that leaves others out", async () => {
    const w = await makeWidget(acme, "IP lists", {}, { ipDeny: ["192.0.2.0/25"], ipAllow: ["192.0.2.0/24"] });
    expect(reasonOf(await startSession(w.publicId, { ip: "192.0.2.5" }))).toBe("ip");
    expect((await startSession(w.publicId, { ip: "192.0.2.200" })).status).toBe(201);
    expect(reasonOf(await startSession(w.publicId, { ip: "203.0.113.90" }))).toBe("ip");
    const events = await refusalEvents(acme);
    expect(events).toContainEqual({ ip: "192.0.2.5", reason: "ip" });
    expect(events).toContainEqual({ ip: "203.0.113.90", reason: "ip" });
  });

  it("country: from the trusted proxy's header when configured — deny list, allow list, unknown", async () => {
    const deny = await makeWidget(acme, "No NG", {}, { countryDeny: ["NG"] });
    expect(reasonOf(await startSession(deny.publicId, { ip: "203.0.113.101", headers: { "x-test-country": "NG" } }))).toBe("country");
    expect((await startSession(deny.publicId, { ip: "203.0.113.101", headers: { "x-test-country": "GB" } })).status).toBe(201);
    const allow = await makeWidget(acme, "GB only", {}, { countryAllow: ["GB"] });
    expect((await startSession(allow.publicId, { ip: "203.0.113.102", headers: { "x-test-country": "gb" } })).status).toBe(201);
    expect(reasonOf(await startSession(allow.publicId, { ip: "203.0.113.102", headers: { "x-test-country": "US" } }))).toBe("country");
    // No header: unknown, which an allow list refuses.
    expect(reasonOf(await startSession(allow.publicId, { ip: "203.0.113.103" }))).toBe("country");
    expect(await refusalEvents(acme)).toContainEqual({ ip: "203.0.113.101", reason: "country" });
  });

  it("country: the bundled database knows public addresses without any network look-up", () => {
    expect(countryOfIp("8.8.8.8")).toBe("US");
    expect(countryOfIp("81.2.69.160")).toBe("GB");
    expect(countryOfIp("127.0.0.1")).toBeNull();
  });

  it("outside_active_hours: in the agent's time zone, on an injected clock", async () => {
    const w = await makeWidget(acme, "Lagos hours", { timeZone: "Africa/Lagos", hours: { mon: { open: "09:00", close: "17:00" }, tue: null, wed: null, thu: null, fri: null, sat: null, sun: null } });
    const visitor = { ip: "203.0.113.110", userAgent: BROWSER_UA, requestId: "req_hours", headers: new Headers() };
    const body = { parent_origin: "https://shop.example.com" };
    // Monday 2026-12-07 08:30 UTC is 09:30 in Lagos (UTC+1): open. 16:30 UTC is 17:30 there: closed.
    await expect(startWidgetSession(w.publicId, body, visitor, new Date("2026-12-07T08:30:00Z"))).resolves.toHaveProperty("session_id");
    await expect(startWidgetSession(w.publicId, body, visitor, new Date("2026-12-07T16:30:00Z"))).rejects.toMatchObject({ code: "WIDGET_REFUSED", options: { details: [{ reason: "outside_active_hours" }] } });
    await expect(startWidgetSession(w.publicId, body, visitor, new Date("2026-12-08T10:00:00Z"))).rejects.toMatchObject({ code: "WIDGET_REFUSED" });
    expect(await refusalEvents(acme)).toContainEqual({ ip: "203.0.113.110", reason: "outside_active_hours" });
  });

  it("bot: a crawler's user agent, no user agent, or the browser's own webdriver signal", async () => {
    expect(reasonOf(await startSession(widget.publicId, { ip: "203.0.113.120", userAgent: "Googlebot/2.1 (+http://www.google.com/bot.html)" }))).toBe("bot");
    expect(reasonOf(await startSession(widget.publicId, { ip: "203.0.113.121", userAgent: null }))).toBe("bot");
    expect(reasonOf(await startSession(widget.publicId, { ip: "203.0.113.122", signals: { webdriver: true } }))).toBe("bot");
    expect(await refusalEvents(acme)).toContainEqual({ ip: "203.0.113.120", reason: "bot" });
  });

  it("bot policy flag: the bot is served, its session flagged", async () => {
    const w = await makeWidget(acme, "Flag bots", {}, { botPolicy: "flag" });
    const r = await startSession(w.publicId, { ip: "203.0.113.123", signals: { headless: true } });
    expect(r.status).toBe(201);
    expect(await db().widgetSession.findUniqueOrThrow({ where: { id: (r.json as { session_id: string }).session_id } })).toMatchObject({ botFlagged: true });
  });

  it("rate_limited: past the per-IP sliding window, with Retry-After", async () => {
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof startSession>> | undefined;
    for (let i = 0; i < 5; i++) {
      last = await startSession(widget.publicId, { ip: "203.0.113.130" });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([201, 201, 201, 201, 403]);
    expect(reasonOf(last!)).toBe("rate_limited");
    expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await refusalEvents(acme)).toContainEqual({ ip: "203.0.113.130", reason: "rate_limited" });
  });

  it("quota: a live widget of a workspace with no credit is refused (and logged as quota_exceeded); a test widget is not", async () => {
    const live = await makeWidget(other, "Broke");
    const r = await startSession(live.publicId, { ip: "203.0.113.140" });
    expect([r.status, reasonOf(r)]).toEqual([403, "quota"]);
    expect(await refusalEvents(other)).toContainEqual({ ip: "203.0.113.140", reason: "quota" });
    expect(await db().securityEvent.count({ where: { workspaceId: other, type: "quota_exceeded" } })).toBeGreaterThan(0);
    await changeWidget(live.id, { mode: "test" });
    expect((await startSession(live.publicId, { ip: "203.0.113.140" })).status).toBe(201);
  });

  it("quota is exact at zero: a ledger summing to 0 refuses and writes no session; one minor unit admits", async () => {
    const { id: workspaceId } = await db().workspace.create({ data: { slug: "widget-zero", name: "Zero" } });
    await db().ledgerEntry.createMany({
      data: [
        { workspaceId, kind: "adjustment", amountMinor: 500, currency: "usd", reference: "widget-zero-credit" },
        { workspaceId, kind: "usage", amountMinor: -500, currency: "usd", reference: "widget-zero-usage" },
      ],
    });
    const zero = await makeWidget(workspaceId, "Zero");
    expect(reasonOf(await startSession(zero.publicId, { ip: "203.0.113.141" }))).toBe("quota");
    expect(await db().widgetSession.count({ where: { workspaceId } })).toBe(0);
    await db().ledgerEntry.create({ data: { workspaceId, kind: "adjustment", amountMinor: 1, currency: "usd", reference: "widget-zero-one" } });
    expect((await startSession(zero.publicId, { ip: "203.0.113.141" })).status).toBe(201);
    expect(await db().widgetSession.count({ where: { workspaceId } })).toBe(1);
  });
});

describe("a blocklisted address under a flood (decision 047)", () => {
  it("is refused with no database work after the first refusal: the widget, the rules and the event are in memory", async () => {
    await addIpRule(await as("owner"), { kind: "block", cidr: "198.51.100.200/30", note: "flood" });
    expect(reasonOf(await startSession(widget.publicId, { ip: "198.51.100.201" }))).toBe("blocked");
    const statements = await queriesDuring(async () => {
      for (let i = 0; i < 3; i++) expect(reasonOf(await startSession(widget.publicId, { ip: "198.51.100.201" }))).toBe("blocked");
    });
    expect(statements).toEqual([]);
  });

  it("while a session start from another address is seen by the same counter: the balance and the row in one statement", async () => {
    const statements = await queriesDuring(async () => expect((await startSession(widget.publicId, { ip: "203.0.113.210" })).status).toBe(201));
    const data = statements.filter((q) => /ledger_entries|widget_sessions/.test(q));
    expect(data).toHaveLength(1);
    expect(data[0]).toMatch(/ledger_entries[\s\S]*INSERT INTO widget_sessions/);
  });
});

describe("the automatic blocklist (decision 047)", () => {
  it("blocks an IP for 24 hours once its refusals pass the threshold, audited; it lapses after", async () => {
    const ip = "203.0.113.150";
    const reasons: (string | undefined)[] = [];
    for (let i = 0; i < 5; i++) reasons.push(reasonOf(await startSession(widget.publicId, { ip, origin: "https://evil.example" })));
    // Threshold 3: the fourth refusal blocks; from then on the address is refused as blocked.
    expect(reasons).toEqual(["domain", "domain", "domain", "domain", "domain"]);
    const rule = await db().ipAccessRule.findFirstOrThrow({ where: { workspaceId: acme, cidr: `${ip}/32` } });
    expect(rule).toMatchObject({ kind: "block", source: "automatic" });
    const hours = (rule.expiresAt!.getTime() - rule.createdAt.getTime()) / 3_600_000;
    expect(hours).toBeGreaterThan(23.9);
    expect(hours).toBeLessThan(24.1);
    expect(reasonOf(await startSession(widget.publicId, { ip }))).toBe("blocked");
    expect(await db().securityEvent.count({ where: { workspaceId: acme, type: "ip_auto_blocked", ip } })).toBe(1);
    expect(await db().auditLog.count({ where: { workspaceId: acme, action: "ip_rule.auto_blocked" } })).toBeGreaterThan(0);

    const visitor = { ip, userAgent: BROWSER_UA, requestId: "req_expiry", headers: new Headers() };
    const body = { parent_origin: "https://shop.example.com" };
    const later = new Date(rule.expiresAt!.getTime() + 60_000);
    await expect(startWidgetSession(widget.publicId, body, visitor, new Date(rule.expiresAt!.getTime() - 60_000))).rejects.toMatchObject({ options: { details: [{ reason: "blocked" }] } });
    await expect(startWidgetSession(widget.publicId, body, visitor, later)).resolves.toHaveProperty("session_id");
  });

  it("never blocks an allowlisted address, however often it is refused", async () => {
    await addIpRule(await as("admin"), { kind: "allow", cidr: "203.0.113.160/32" });
    for (let i = 0; i < 6; i++) expect(reasonOf(await startSession(widget.publicId, { ip: "203.0.113.160", origin: "https://evil.example" }))).toBe("domain");
    expect(await db().ipAccessRule.count({ where: { workspaceId: acme, cidr: "203.0.113.160/32", kind: "block" } })).toBe(0);
  });
});
