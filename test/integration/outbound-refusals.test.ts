import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetConfigForTests } from "@/lib/config";
import { db } from "@/lib/db/client";
import { OutboundRefused, recordOutboundRefusal, safeFetch } from "@/lib/security/outbound";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";
import { first } from "../support/items";

// SPEC §8 and §7: every SSRF block is refused before a byte is sent and becomes an
// `outbound_refused` security event. Real receivers listen on the loopback addresses the
// refused URLs point at, so a leak would show up as a connection.

interface Trap {
  server: http.Server;
  port: number;
  connections: number;
}

async function trap(host: string): Promise<Trap> {
  const server = http.createServer((_req, res) => res.end("reached"));
  const self: Trap = { server, port: 0, connections: 0 };
  server.on("connection", () => self.connections++);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  self.port = (server.address() as AddressInfo).port;
  return self;
}

let database: TestDatabase;
let workspaceId: string;
let v4: Trap;
let v6: Trap;

beforeAll(async () => {
  await useTestEnv();
  database = await createTestDatabase();
  workspaceId = (await db().workspace.create({ data: { slug: "outbound", name: "Outbound" } })).id;
  [v4, v6] = await Promise.all([trap("127.0.0.1"), trap("::1")]);
});

afterAll(async () => {
  for (const t of [v4, v6]) {
    t?.server.closeAllConnections();
    await new Promise((r) => t?.server.close(r));
  }
  await database?.close();
});

async function refusedAndRecorded(url: string, purpose = "webhook_delivery"): Promise<OutboundRefused> {
  const error = await safeFetch(url, { timeoutMs: 2000 }).catch((e: unknown) => e);
  expect(error, url).toBeInstanceOf(OutboundRefused);
  expect(await recordOutboundRefusal(error, { workspaceId, purpose })).toBe(true);
  return error as OutboundRefused;
}

async function eventsFor(host: string, reason = "private_address") {
  const rows = await db().securityEvent.findMany({ where: { workspaceId, type: "outbound_refused" }, orderBy: { id: "asc" } });
  return rows.filter((r) => {
    const details = r.details as { host?: string; reason?: string } | null;
    return details?.host === host && details.reason === reason;
  });
}

describe("outbound refusals (loopback not allowed: the default)", () => {
  const cases: [string, () => string, string, string][] = [
    ["loopback IPv4", () => `http://127.0.0.1:${v4.port}/hook`, "private_address", "127.0.0.1"],
    ["loopback IPv6", () => `http://[::1]:${v6.port}/hook`, "private_address", "::1"],
    ["a private address", () => "http://10.0.0.1/hook", "private_address", "10.0.0.1"],
    ["the cloud metadata address", () => "http://169.254.169.254/latest/meta-data", "private_address", "169.254.169.254"],
    ["hex loopback", () => `http://0x7f000001:${v4.port}/`, "private_address", "127.0.0.1"],
    ["decimal loopback", () => `http://2130706433:${v4.port}/`, "private_address", "127.0.0.1"],
    ["IPv4-mapped loopback", () => `http://[::ffff:127.0.0.1]:${v4.port}/`, "private_address", "::ffff:7f00:1"],
    ["a name resolving to loopback", () => `http://localhost:${v4.port}/`, "private_address", "localhost"],
    ["carrier-grade NAT", () => "http://100.64.0.1/", "private_address", "100.64.0.1"],
    ["IPv6 unique-local", () => "http://[fd00::1]/", "private_address", "fd00::1"],
    ["another scheme", () => `ftp://127.0.0.1:${v4.port}/file`, "scheme", "127.0.0.1"],
    ["credentials in the URL", () => "http://user:pass@example.com/", "credentials", "example.com"],
  ];

  it.each(cases)("refuses %s, sends nothing and records an outbound_refused event", async (_name, url, reason, host) => {
    const error = await refusedAndRecorded(url());
    expect(error.reason).toBe(reason);
    expect(error.isPolicyRefusal).toBe(true);
    const [event] = await eventsFor(host, reason);
    expect(event).toBeDefined();
    expect(event!.details).toMatchObject({ reason, purpose: "webhook_delivery", host, message: error.message });
  });

  it("nothing connected to the loopback receivers", () => {
    expect(v4.connections).toBe(0);
    expect(v6.connections).toBe(0);
  });

  it("an event keeps neither the path, the query, the credentials nor a resolved address", async () => {
    await refusedAndRecorded("http://169.254.169.254/latest/meta-data/iam?token=s3cr3t", "url_import");
    await refusedAndRecorded("http://alice:hunter2@example.org/");
    const rows = await db().securityEvent.findMany({ where: { workspaceId, type: "outbound_refused" } });
    const text = JSON.stringify(rows.map((r) => r.details));
    for (const secret of ["meta-data", "iam", "s3cr3t", "alice", "hunter2"]) expect(text).not.toContain(secret);
    const localhost = first(await eventsFor("localhost"), "outbound_refused event for localhost");
    expect(JSON.stringify(localhost.details)).not.toContain("127.0.0.1");
    expect(localhost.details).toMatchObject({ range: "loopback", message: "localhost resolves to a loopback address; only public addresses can be reached" });
  });

  it("network failures are not security events", async () => {
    const closed = await trap("127.0.0.1");
    await new Promise((r) => closed.server.close(r));
    const before = await db().securityEvent.count({ where: { workspaceId } });
    const error = await safeFetch(`http://127.0.0.1:${closed.port}/`, { allowLoopback: true }).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: "connection_failed" });
    expect(await recordOutboundRefusal(error, { workspaceId, purpose: "webhook_delivery" })).toBe(false);
    expect(await recordOutboundRefusal(new Error("not ours"), { workspaceId, purpose: "webhook_delivery" })).toBe(false);
    expect(await db().securityEvent.count({ where: { workspaceId } })).toBe(before);
  });
});

describe("OUTBOUND_ALLOW_LOOPBACK=true", () => {
  beforeAll(() => {
    process.env.OUTBOUND_ALLOW_LOOPBACK = "true";
    resetConfigForTests();
  });
  afterAll(() => {
    delete process.env.OUTBOUND_ALLOW_LOOPBACK;
    resetConfigForTests();
  });

  it("reaches a real receiver on 127.0.0.1 and ::1", async () => {
    await expect(safeFetch(`http://127.0.0.1:${v4.port}/`)).resolves.toMatchObject({ status: 200, address: "127.0.0.1" });
    await expect(safeFetch(`http://[::1]:${v6.port}/`)).resolves.toMatchObject({ status: 200, address: "::1" });
    await expect(safeFetch(`http://localhost:${v4.port}/`)).resolves.toMatchObject({ status: 200 });
  });

  it.each(["http://10.0.0.1/", "http://169.254.169.254/latest/meta-data", "http://0.0.0.0:80/", "http://[fd00::1]/", "http://100.64.0.1/"])(
    "still refuses %s",
    async (url) => {
      await expect(safeFetch(url)).rejects.toMatchObject({ reason: "private_address" });
    },
  );
});
