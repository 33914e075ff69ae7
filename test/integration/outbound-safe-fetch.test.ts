import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MAX_RESPONSE_BYTES, OutboundRefused, safeFetch, type OutboundLookup } from "@/lib/security/outbound";
import { first } from "../support/items";

// Real receivers on loopback, ephemeral ports. Each records what reached it: connections
// (a refused or pinned-away request must not even connect) and requests.
interface Receiver {
  port: number;
  url: string;
  connections: number;
  requests: { method?: string; url?: string; headers: http.IncomingHttpHeaders; body: string }[];
  server: http.Server;
}

const open: http.Server[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => new Promise((r) => { s.closeAllConnections(); s.close(r); })));
});

async function receiver(host: string, handle?: (req: http.IncomingMessage, res: http.ServerResponse) => void, port = 0): Promise<Receiver> {
  const server = http.createServer();
  const self: Receiver = { port: 0, url: "", connections: 0, requests: [], server };
  server.on("connection", () => self.connections++);
  server.on("request", (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      self.requests.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString() });
      if (handle) handle(req, res);
      else res.end("ok");
    });
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(port, host, resolve));
  open.push(server);
  self.port = (server.address() as AddressInfo).port;
  self.url = `http://${host.includes(":") ? `[${host}]` : host}:${self.port}`;
  return self;
}

const loopback = { allowLoopback: true, requireHttps: false };

describe("safeFetch against real receivers", () => {
  it("with the loopback override reaches 127.0.0.1 and ::1, sending its User-Agent and the URL's Host", async () => {
    // The receiver holds its answer back for ANSWER_DELAY_MS: the reported latency covers it.
    const ANSWER_DELAY_MS = 120;
    const v4 = await receiver("127.0.0.1", (_req, res) => {
      setTimeout(() => res.writeHead(201, { "x-answer": "42" }).end("created"), ANSWER_DELAY_MS);
    });
    const v6 = await receiver("::1");
    const started = performance.now();
    const result = await safeFetch(`${v4.url}/hooks?id=1#frag`, {
      ...loopback,
      method: "POST",
      headers: { "Content-Type": "application/json", Host: "evil.example", "X-Switchboard-Event-Id": "evt_1" },
      body: '{"ok":true}',
    });
    const elapsed = performance.now() - started;
    expect(result).toMatchObject({ status: 201, truncated: false, address: "127.0.0.1" });
    expect(result.body.toString()).toBe("created");
    expect(result.headers["x-answer"]).toBe("42");
    // At least the receiver's delay (less 1 ms: timers and the rounding to whole ms), and no
    // more than the time the call took as seen from outside.
    expect(result.latencyMs).toBeGreaterThanOrEqual(ANSWER_DELAY_MS - 1);
    expect(result.latencyMs).toBeLessThanOrEqual(Math.ceil(elapsed));
    const seen = first(v4.requests, "request at the IPv4 receiver");
    expect(seen).toMatchObject({ method: "POST", url: "/hooks?id=1", body: '{"ok":true}' });
    expect(seen.headers).toMatchObject({
      "user-agent": "Switchboard-Webhooks/1",
      host: `127.0.0.1:${v4.port}`,
      "content-type": "application/json",
      "content-length": "11",
      "x-switchboard-event-id": "evt_1",
    });

    const six = await safeFetch(`${v6.url}/`, { ...loopback, headers: { "User-Agent": "Switchboard-Import/1" } });
    expect(six).toMatchObject({ status: 200, address: "::1" });
    expect(first(v6.requests, "request at the IPv6 receiver").headers["user-agent"]).toBe("Switchboard-Import/1");
  });

  it("in production still reaches a plain-http loopback receiver under the override", async () => {
    const local = await receiver("127.0.0.1");
    await expect(safeFetch(local.url, { allowLoopback: true, requireHttps: true })).resolves.toMatchObject({ status: 200 });
  });

  it("with the override, 10.0.0.1 and the metadata address are still refused", async () => {
    for (const url of ["http://10.0.0.1/", "http://169.254.169.254/latest/meta-data"]) {
      await expect(safeFetch(url, loopback)).rejects.toMatchObject({ reason: "private_address" });
    }
  });

  it("returns a 302 to the metadata address as a response and follows nothing", async () => {
    const redirecting = await receiver("127.0.0.1", (_req, res) => res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data" }).end());
    const result = await safeFetch(redirecting.url, loopback);
    expect(result.status).toBe(302);
    expect(result.headers.location).toBe("http://169.254.169.254/latest/meta-data");
    expect(redirecting.requests).toHaveLength(1);
  });

  it("a redirect to another receiver never reaches it", async () => {
    const standIn = await receiver("127.0.0.1");
    const redirecting = await receiver("127.0.0.1", (_req, res) => res.writeHead(307, { location: `${standIn.url}/latest/meta-data` }).end());
    const result = await safeFetch(redirecting.url, { ...loopback, method: "POST", body: "{}" });
    expect(result.status).toBe(307);
    // No sleep: a control request to the stand-in, started only now. Anything the 307 set
    // off (a follow, even a detached one) started before it, on the same path, so its
    // connection would reach the stand-in's accept queue first; seeing exactly one
    // connection and one request, the control's, shows nothing else went there.
    const control = await safeFetch(`${standIn.url}/control`, loopback);
    expect(control.status).toBe(200);
    expect(standIn.requests.map((r) => r.url)).toEqual(["/control"]);
    expect(standIn.connections).toBe(1);
  });

  it("answers 4xx and 5xx as responses, not errors", async () => {
    const failing = await receiver("127.0.0.1", (req, res) => res.writeHead(req.url === "/gone" ? 410 : 503).end("down"));
    expect((await safeFetch(`${failing.url}/gone`, loopback)).status).toBe(410);
    expect((await safeFetch(`${failing.url}/`, loopback)).status).toBe(503);
  });

  it("a receiver that never answers is a timeout within timeoutMs", async () => {
    const silent = await receiver("127.0.0.1", () => {});
    const started = performance.now();
    const error = await safeFetch(silent.url, { ...loopback, timeoutMs: 300 }).catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(OutboundRefused);
    expect(error).toMatchObject({ reason: "timeout", isPolicyRefusal: false });
    expect(elapsed).toBeGreaterThanOrEqual(280);
  });

  it("a body trickling past the deadline is a timeout too", async () => {
    const trickle = await receiver("127.0.0.1", (_req, res) => {
      res.writeHead(200);
      const timer = setInterval(() => res.write("."), 50);
      res.on("close", () => clearInterval(timer));
    });
    await expect(safeFetch(trickle.url, { ...loopback, timeoutMs: 300 })).rejects.toMatchObject({ reason: "timeout" });
  });

  it("caps an endless body at maxResponseBytes, marks it truncated and hangs up", async () => {
    let hungUp = false;
    const endless = await receiver("127.0.0.1", (_req, res) => {
      res.writeHead(200, { "content-type": "application/octet-stream" });
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      const pump = () => { while (!res.destroyed && res.write(chunk)); };
      res.on("drain", pump);
      res.on("close", () => { hungUp = true; });
      pump();
    });
    const result = await safeFetch(endless.url, { ...loopback, maxResponseBytes: 4096, timeoutMs: 5000 });
    expect(result).toMatchObject({ status: 200, truncated: true });
    expect(result.body.length).toBe(4096);
    await vi.waitFor(() => expect(hungUp).toBe(true), { timeout: 2000 });
  });

  it("a body of exactly maxResponseBytes is whole; the default cap is 2 KB", async () => {
    const exact = await receiver("127.0.0.1", (req, res) => res.end(Buffer.alloc(req.url === "/big" ? 10_000 : 2048, 0x62)));
    const whole = await safeFetch(exact.url, { ...loopback, maxResponseBytes: 2048 });
    expect(whole).toMatchObject({ truncated: false });
    expect(whole.body.length).toBe(2048);
    const capped = await safeFetch(`${exact.url}/big`, loopback);
    expect(capped).toMatchObject({ truncated: true });
    expect(capped.body.length).toBe(2048);
  });

  it("with onTooLarge 'error', an oversized body is too_large, declared or streamed", async () => {
    const big = await receiver("127.0.0.1", (req, res) => {
      if (req.url === "/declared") res.end(Buffer.alloc(8192));
      else { res.writeHead(200); res.write(Buffer.alloc(8192)); setTimeout(() => res.end(), 20); }
    });
    await expect(safeFetch(`${big.url}/declared`, { ...loopback, maxResponseBytes: 1024, onTooLarge: "error" })).rejects.toMatchObject({ reason: "too_large" });
    await expect(safeFetch(`${big.url}/chunked`, { ...loopback, maxResponseBytes: 1024, onTooLarge: "error" })).rejects.toMatchObject({ reason: "too_large" });
  });

  it("refuses a cap above MAX_RESPONSE_BYTES (20 MB) or a nonsensical timeout as a programming error", async () => {
    await expect(safeFetch("http://127.0.0.1/", { ...loopback, maxResponseBytes: MAX_RESPONSE_BYTES + 1 })).rejects.toBeInstanceOf(RangeError);
    await expect(safeFetch("http://127.0.0.1/", { ...loopback, timeoutMs: 0 })).rejects.toBeInstanceOf(RangeError);
  });

  it("DNS rebinding: connects to the address that was checked; the name is looked up once", async () => {
    // The same port on 127.0.0.1 (what the check saw) and on ::1 (what a second lookup
    // would say). A client that resolved again at connect time would land on ::1.
    let checked: Receiver | undefined;
    let attacker: Receiver | undefined;
    for (let attempt = 0; attempt < 20 && !attacker; attempt++) {
      checked = await receiver("127.0.0.1", (_req, res) => res.end("checked"));
      attacker = await receiver("::1", (_req, res) => res.end("attacker"), checked.port).catch(() => undefined);
    }
    if (!checked || !attacker) throw new Error("could not bind the same port on 127.0.0.1 and ::1");
    let lookups = 0;
    const lookup = vi.fn<OutboundLookup>(async () =>
      ++lookups === 1 ? [{ address: "127.0.0.1", family: 4 }] : [{ address: "::1", family: 6 }],
    );
    const result = await safeFetch(`http://rebind.test:${checked.port}/hook`, { ...loopback, lookup });
    expect(result.body.toString()).toBe("checked");
    expect(result.address).toBe("127.0.0.1");
    expect(lookup).toHaveBeenCalledTimes(1);
    expect(attacker.connections).toBe(0);
    expect(first(checked.requests, "request at the checked receiver").headers.host).toBe(`rebind.test:${checked.port}`);
  });

  it("a connection refused is connection_failed, not a policy refusal", async () => {
    const gone = await receiver("127.0.0.1");
    await new Promise((r) => gone.server.close(r));
    const error = await safeFetch(gone.url, loopback).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: "connection_failed", isPolicyRefusal: false });
    expect((error as Error).message).toContain("refused");
  });

  it("the caller's signal cancels the request", async () => {
    const silent = await receiver("127.0.0.1", () => {});
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(safeFetch(silent.url, { ...loopback, signal: controller.signal })).rejects.toMatchObject({ reason: "aborted" });
  });
});

const hasOpenssl = ["/usr/bin/openssl", "/usr/local/bin/openssl"].some((p) => existsSync(p));

describe.skipIf(!hasOpenssl)("safeFetch over TLS", () => {
  it("verifies the certificate against the URL's host name, which it sends as SNI", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "sb-tls-"));
    const [key, cert] = [path.join(dir, "key.pem"), path.join(dir, "cert.pem")];
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=receiver.test", "-keyout", key, "-out", cert], { stdio: "ignore" });
    const serverNames: string[] = [];
    const server = https.createServer({
      key: readFileSync(key),
      cert: readFileSync(cert),
      SNICallback: (name, done) => {
        serverNames.push(name);
        done(null);
      },
    });
    let requests = 0;
    server.on("request", (_req, res) => { requests++; res.end("tls"); });
    server.on("tlsClientError", () => {});
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    open.push(server);
    const port = (server.address() as AddressInfo).port;
    const lookup = vi.fn<OutboundLookup>(async () => [{ address: "127.0.0.1", family: 4 }]);

    const error = await safeFetch(`https://receiver.test:${port}/`, { ...loopback, lookup }).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: "connection_failed" });
    expect((error as Error).message).toContain("TLS handshake failed");
    expect(serverNames).toEqual(["receiver.test"]);
    expect(requests).toBe(0);
  });
});
