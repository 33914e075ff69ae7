import { afterEach, describe, expect, it, vi } from "vitest";
import { authenticateApiKey } from "@/lib/api-keys/authenticate";
import { createApiKey, listApiKeys, setKeyAllowlist } from "@/lib/api-keys/keys";
import { canonicalCidr, isIpAllowed, parseAllowlist } from "@/lib/api-keys/ip-allowlist";
import { setMaxKeyLifetime } from "@/lib/api-keys/lifetime";
import { keyPosture } from "@/lib/api-keys/posture";
import { rollApiKey, type RollOverlap } from "@/lib/api-keys/roll";
import { resetConfigForTests } from "@/lib/config";
import { db } from "@/lib/db/client";
import { PEER_HEADER } from "@/lib/security/client-ip";
import { call } from "../support/api";
import { outcome, refusal, withTwoWorkspaces } from "../support/members";

/**
 * Issue 19 items 4–6: rolling a key with a chosen overlap, per-key IP allowlists (403
 * IP_NOT_ALLOWED, also behind a trusted proxy hop), the workspace's maximum key lifetime, and
 * the posture flags. Requests go through the real /api/v1 route handlers.
 */
const { as } = withTwoWorkspaces();
const HOUR = 3_600_000;
const meta = (ip: string) => ({ ip, userAgent: null, requestId: null });

async function newKey(name: string, extra: { expiresInDays?: number; allowedCidrs?: string } = {}) {
  const ctx = await as("owner");
  return createApiKey(ctx, { name, type: "sk", mode: "live", scopes: ["calls:read", "api_keys:read"], ...extra });
}

/** GET /phone-numbers with the key, arriving from `peer` (the socket) with an optional X-Forwarded-For. */
async function from(key: string, peer: string, forwardedFor?: string) {
  const headers: Record<string, string> = { [PEER_HEADER]: peer };
  if (forwardedFor) headers["x-forwarded-for"] = forwardedFor;
  return call("GET /phone-numbers", { key, headers });
}

function trustHops(n: number) {
  process.env.TRUST_PROXY_HOPS = String(n);
  resetConfigForTests();
}

afterEach(() => {
  vi.useRealTimers();
  trustHops(0);
});

describe("rolling a key", () => {
  it.each<[RollOverlap, number]>([
    ["now", 0],
    ["1h", 1],
    ["24h", 24],
    ["3d", 72],
    ["7d", 168],
  ])("a key rolled with overlap %s keeps working until then and not after (injectable clock)", async (overlap, hours) => {
    const { key: oldKey, row } = await newKey(`roll ${overlap}`);
    const rolledAt = new Date("2026-12-04T10:00:00Z");
    const rolled = await rollApiKey(await as("developer"), row.id, { overlap }, rolledAt);
    const end = rolledAt.getTime() + hours * HOUR;
    expect(rolled.oldExpiresAt.getTime()).toBe(end);
    if (hours > 0) await expect(authenticateApiKey(oldKey, meta("203.0.113.5"), new Date(end - 1))).resolves.toBeTruthy();
    expect(await outcome(authenticateApiKey(oldKey, meta("203.0.113.5"), new Date(end)))).toBe("INVALID_API_KEY");
    expect(await outcome(authenticateApiKey(oldKey, meta("203.0.113.5"), new Date(end + HOUR)))).toBe("INVALID_API_KEY");
    // The new key works on both sides of the old key's end.
    await expect(authenticateApiKey(rolled.key, meta("203.0.113.5"), new Date(end + HOUR))).resolves.toBeTruthy();
  });

  it("through the route: the old key answers 200 within the overlap and 401 INVALID_API_KEY after it", async () => {
    const { key: oldKey, row } = await newKey("roll via route");
    const rolled = await rollApiKey(await as("owner"), row.id, { overlap: "24h" });
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 23 * HOUR });
    expect((await from(oldKey, "203.0.113.5")).status).toBe(200);
    vi.setSystemTime(Date.now() + 2 * HOUR);
    const after = await from(oldKey, "203.0.113.5");
    expect(after.status).toBe(401);
    expect(after.json.error?.code).toBe("INVALID_API_KEY");
    expect((await from(rolled.key, "203.0.113.5")).status).toBe(200);
  });

  it("copies name, type, mode, scopes, allowlist and expiry rule; links both rows; is audited", async () => {
    const created = await newKey("Production server", { expiresInDays: 30, allowedCidrs: "198.51.100.0/24\n2001:db8::/32" });
    const now = new Date();
    const rolled = await rollApiKey(await as("owner"), created.row.id, { overlap: "3d" }, now);
    const fresh = await db().apiKey.findUniqueOrThrow({ where: { id: rolled.id } });
    expect(fresh).toMatchObject({ name: "Production server", type: "sk", mode: "live", scopes: ["calls:read", "api_keys:read"], allowedCidrs: ["198.51.100.0/24", "2001:db8::/32"], lifetimeDays: 30, rolledFromId: created.row.id });
    expect(fresh.expiresAt?.getTime()).toBe(now.getTime() + 30 * 86_400_000);
    const listed = await listApiKeys(await as("viewer"));
    expect(listed.find((k) => k.id === created.row.id)?.rolledTo?.id).toBe(rolled.id);
    expect(listed.find((k) => k.id === rolled.id)?.rolledFrom?.id).toBe(created.row.id);
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: "api_key.rolled", targetId: created.row.id } });
    expect(JSON.stringify(audit, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))).toContain(rolled.id);
    expect(JSON.stringify(audit, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))).not.toContain(rolled.key);
  });

  it("a key made before the expiry rule was stored rolls into one with the same span", async () => {
    const { row } = await newKey("legacy 30-day key");
    const createdAt = new Date(Date.now() - 10 * 86_400_000);
    await db().apiKey.update({ where: { id: row.id }, data: { lifetimeDays: null, createdAt, expiresAt: new Date(createdAt.getTime() + 30 * 86_400_000) } });
    const rolled = await rollApiKey(await as("owner"), row.id, { overlap: "1h" });
    expect((await db().apiKey.findUniqueOrThrow({ where: { id: rolled.id } })).lifetimeDays).toBe(30);
  });

  it("never lengthens the old key's life, refuses revoked, expired and already-rolled keys, and one of two concurrent rolls", async () => {
    const now = new Date();
    const soon = await newKey("expires soon", { expiresInDays: 1 });
    const rolled = await rollApiKey(await as("owner"), soon.row.id, { overlap: "7d" }, now);
    expect(rolled.oldExpiresAt.getTime()).toBe(soon.row.expiresAt!.getTime());
    expect((await refusal(rollApiKey(await as("owner"), soon.row.id, { overlap: "1h" }))).code).toBe("CONFLICT");
    const twice = await newKey("raced");
    const results = await Promise.allSettled([rollApiKey(await as("owner"), twice.row.id, { overlap: "1h" }), rollApiKey(await as("owner"), twice.row.id, { overlap: "1h" })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db().apiKey.count({ where: { rolledFromId: twice.row.id } })).toBe(1);
  });

  it("needs api_keys:manage, and the roller must hold every scope of the key", async () => {
    const { row } = await newKey("owner only scopes");
    expect(await outcome(rollApiKey(await as("viewer"), row.id, { overlap: "1h" }))).toBe("FORBIDDEN");
    const ctx = await as("owner");
    const billingKey = await createApiKey(ctx, { name: "billing", type: "sk", mode: "live", scopes: ["billing:manage"] });
    expect(await outcome(rollApiKey(await as("developer"), billingKey.row.id, { overlap: "1h" }))).toBe("FORBIDDEN");
    // Another workspace's key is not found.
    expect(await outcome(rollApiKey(await as("owner", "other"), row.id, { overlap: "1h" }))).toBe("NOT_FOUND");
  });
});

describe("per-key IP allowlists", () => {
  it.each([
    ["203.0.113.10", "a single IPv4 address", "203.0.113.10/32", ["203.0.113.10", "::ffff:203.0.113.10"], ["203.0.113.11", "203.0.113.9"]],
    ["198.51.100.0/24", "an IPv4 /24, at both edges", "198.51.100.0/24", ["198.51.100.0", "198.51.100.255", "::ffff:198.51.100.7", "::FFFF:c633:6407"], ["198.51.99.255", "198.51.101.0"]],
    ["10.1.2.3/8", "a range typed with host bits", "10.0.0.0/8", ["10.0.0.0", "10.255.255.255"], ["11.0.0.0", "9.255.255.255"]],
    ["2001:db8::/32", "an IPv6 /32, at both edges", "2001:db8::/32", ["2001:db8::", "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", "2001:0DB8:0000::1"], ["2001:db9::", "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff", "::ffff:32.1.13.184"]],
    ["2001:db8::1", "a single IPv6 address", "2001:db8::1/128", ["2001:db8::1", "[2001:db8::1]"], ["2001:db8::2"]],
    ["::ffff:192.0.2.0/120", "an IPv4-mapped IPv6 range", "192.0.2.0/24", ["192.0.2.1", "::ffff:192.0.2.200"], ["192.0.3.1"]],
  ])("%s (%s) is stored as %s and matches exactly its addresses", (entry, _label, canonical, inside, outside) => {
    expect(parseAllowlist(entry)).toEqual([canonical]);
    for (const ip of inside) expect(isIpAllowed(ip, [canonical]), ip).toBe(true);
    for (const ip of outside) expect(isIpAllowed(ip, [canonical]), ip).toBe(false);
  });

  it("refuses what is not an address or range, with each bad entry named", () => {
    for (const bad of ["10.1", "0x0a.0.0.1", "010.0.0.1", "1.2.3.4/33", "2001:db8::/129", "fe80::1%eth0", "1.2.3.4/", "example.com", "0.0.0.0/0", "::/0", "::ffff:1.2.3.4/64"]) {
      expect("issue" in canonicalCidr(bad), bad).toBe(true);
    }
    expect(() => parseAllowlist("203.0.113.0/24, nonsense")).toThrow(/nonsense/);
    expect(isIpAllowed("unknown", ["203.0.113.0/24"])).toBe(false);
    expect(isIpAllowed("anything", [])).toBe(true);
  });

  it("a request from outside the allowlist answers 403 IP_NOT_ALLOWED and is a security event in the key's workspace (IPv4 and IPv6)", async () => {
    const { key, row } = await newKey("allowlisted", { allowedCidrs: "198.51.100.0/24 2001:db8::/32" });
    expect((await from(key, "198.51.100.20")).status).toBe(200);
    expect((await from(key, "::ffff:198.51.100.20")).status).toBe(200);
    expect((await from(key, "2001:db8:1::5")).status).toBe(200);
    for (const ip of ["198.51.101.1", "2001:db9::1", "::ffff:198.51.101.1"]) {
      const res = await from(key, ip);
      expect(res.status, ip).toBe(403);
      expect(res.json.error?.code).toBe("IP_NOT_ALLOWED");
      expect(res.json.error?.request_id).toMatch(/^req_/);
    }
    const { workspaceId } = await db().apiKey.findUniqueOrThrow({ where: { id: row.id }, select: { workspaceId: true } });
    const events = await db().securityEvent.findMany({ where: { type: "ip_not_allowed", workspaceId } });
    expect(events.map((e) => e.ip)).toEqual(expect.arrayContaining(["198.51.101.1", "2001:db9::1"]));
    expect(JSON.stringify(events, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))).not.toContain(key);
    // Floods coalesce: another 20 refusals from one address add no row now.
    const before = await db().securityEvent.count({ where: { type: "ip_not_allowed" } });
    for (let i = 0; i < 20; i++) await from(key, "198.51.101.1");
    expect(await db().securityEvent.count({ where: { type: "ip_not_allowed" } })).toBe(before);
  });

  it("through a trusted proxy hop the client is the address the proxy saw, and a spoofed X-Forwarded-For does not help", async () => {
    const { key } = await newKey("behind a proxy", { allowedCidrs: "198.51.100.0/24" });
    trustHops(1);
    // The proxy (10.0.0.2) appends the client's address.
    expect((await from(key, "10.0.0.2", "198.51.100.20")).status).toBe(200);
    expect((await from(key, "10.0.0.2", "203.0.113.66")).json.error?.code).toBe("IP_NOT_ALLOWED");
    // The client sent an allowed address itself; the proxy appended the real one.
    expect((await from(key, "10.0.0.2", "198.51.100.20, 203.0.113.66")).json.error?.code).toBe("IP_NOT_ALLOWED");
    expect((await from(key, "10.0.0.2", "2001:db8::1")).json.error?.code).toBe("IP_NOT_ALLOWED");
    trustHops(0);
    // Without trust, X-Forwarded-For is ignored: the socket address decides.
    expect((await from(key, "203.0.113.66", "198.51.100.20")).json.error?.code).toBe("IP_NOT_ALLOWED");
    expect((await from(key, "198.51.100.20", "203.0.113.66")).status).toBe(200);
  });

  it("an allowlist edit takes effect on the next request and is audited; a bad key still answers 401 first", async () => {
    const { key, row } = await newKey("edited");
    expect((await from(key, "203.0.113.7")).status).toBe(200);
    await setKeyAllowlist(await as("developer"), row.id, "198.51.100.0/24");
    expect((await from(key, "203.0.113.7")).json.error?.code).toBe("IP_NOT_ALLOWED");
    await setKeyAllowlist(await as("developer"), row.id, "");
    expect((await from(key, "203.0.113.7")).status).toBe(200);
    expect(await db().auditLog.count({ where: { action: "api_key.allowlist_changed", targetId: row.id } })).toBe(2);
    expect(await outcome(setKeyAllowlist(await as("viewer"), row.id, "198.51.100.0/24"))).toBe("FORBIDDEN");
    expect((await refusal(setKeyAllowlist(await as("owner"), row.id, "300.1.1.1"))).code).toBe("VALIDATION_FAILED");
    await db().apiKey.update({ where: { id: row.id }, data: { allowedCidrs: ["198.51.100.0/24"], revokedAt: new Date() } });
    expect((await from(key, "203.0.113.7")).json.error?.code).toBe("INVALID_API_KEY");
  });
});

describe("maximum key lifetime and posture", () => {
  it("an owner's maximum refuses longer or no expiry on create and roll, with a clear error; it is audited", async () => {
    const { row: forever } = await newKey("forever");
    expect(await outcome(setMaxKeyLifetime(await as("admin"), 90))).toBe("FORBIDDEN");
    await setMaxKeyLifetime(await as("owner"), 90);
    const ctx = await as("owner");
    const none = await refusal(createApiKey(ctx, { name: "n", type: "sk", mode: "live", scopes: ["calls:read"] }));
    expect(none).toMatchObject({ code: "VALIDATION_FAILED", field: "expiresInDays" });
    expect((await refusal(createApiKey(ctx, { name: "n", type: "sk", mode: "live", scopes: ["calls:read"], expiresInDays: 180 }))).code).toBe("VALIDATION_FAILED");
    await expect(createApiKey(ctx, { name: "ok", type: "sk", mode: "live", scopes: ["calls:read"], expiresInDays: 90 })).resolves.toBeTruthy();
    // A key without expiry rolls only into one with an allowed expiry.
    expect((await refusal(rollApiKey(ctx, forever.id, { overlap: "1h" }))).code).toBe("VALIDATION_FAILED");
    const rolled = await rollApiKey(ctx, forever.id, { overlap: "1h", expiresInDays: 30 });
    expect((await db().apiKey.findUniqueOrThrow({ where: { id: rolled.id } })).lifetimeDays).toBe(30);
    expect(await db().auditLog.count({ where: { action: "settings.key_lifetime_changed" } })).toBe(1);
    await setMaxKeyLifetime(ctx, null);
    await expect(createApiKey(ctx, { name: "forever again", type: "sk", mode: "live", scopes: ["calls:read"] })).resolves.toBeTruthy();
  });

  it("flags keys never used, unused for 90 days, without expiry or beyond the maximum; none for revoked or expired keys", () => {
    const now = new Date("2026-12-04T00:00:00Z");
    const day = 86_400_000;
    const base = { createdAt: new Date(now.getTime() - 200 * day), revokedAt: null, maxLifetimeDays: null };
    const flags = (k: Partial<Parameters<typeof keyPosture>[0]>) => keyPosture({ ...base, lastUsedAt: null, expiresAt: null, ...k }, now).map((f) => f.flag);
    expect(flags({})).toEqual(["never_used", "no_expiry"]);
    expect(flags({ lastUsedAt: new Date(now.getTime() - 91 * day), expiresAt: new Date(now.getTime() + day) })).toEqual(["unused_90_days"]);
    expect(flags({ lastUsedAt: new Date(now.getTime() - 89 * day), expiresAt: new Date(now.getTime() + day) })).toEqual([]);
    expect(flags({ lastUsedAt: now, expiresAt: new Date(now.getTime() + day), maxLifetimeDays: 90 })).toEqual(["beyond_max_lifetime"]);
    expect(flags({ revokedAt: now })).toEqual([]);
    expect(flags({ expiresAt: now })).toEqual([]);
    for (const f of keyPosture({ ...base, lastUsedAt: null, expiresAt: null }, now)) expect(f.label.length).toBeGreaterThan(0);
  });
});
