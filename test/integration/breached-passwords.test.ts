import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { breachCount } from "@/lib/auth/breached-passwords";
import { newPasswordProblem } from "@/lib/auth/passwords";
import { signUp } from "@/lib/auth/sign-up";
import { db } from "@/lib/db/client";
import { log } from "@/lib/log/logger";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";
import { client } from "../support/users";

const BREACHED = "breached but long passphrase 1";
const CLEAN = "violet lamp orbit quartz 9";
const sha1 = (p: string) => createHash("sha1").update(p).digest("hex").toUpperCase();

interface SeenRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * A loopback stand-in for api.pwnedpasswords.com speaking the range protocol: `GET
 * /range/{5 hex}` answers `SUFFIX:COUNT` lines, with padding lines (count 0) when asked.
 * BREACHED is in its corpus 3,000 times; CLEAN's suffix is only ever a padding line.
 */
function startStub(delayMs = 0): Promise<{ url: string; seen: SeenRequest[]; close: () => Promise<void> }> {
  const seen: SeenRequest[] = [];
  const corpus = new Map([[sha1(BREACHED), 3000]]);
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      const prefix = /^\/range\/([0-9A-F]{5})$/.exec(req.url ?? "")?.[1];
      if (req.method !== "GET" || !prefix) {
        res.writeHead(404).end();
        return;
      }
      const lines = [...corpus].filter(([h]) => h.startsWith(prefix)).map(([h, n]) => `${h.slice(5)}:${n}`);
      if (req.headers["add-padding"] === "true") {
        lines.push(`${sha1(CLEAN).slice(5)}:0`);
        for (let i = 0; i < 50; i++) lines.push(`${sha1(`pad ${i}`).slice(5)}:0`);
      }
      setTimeout(() => {
        if (!res.destroyed) res.writeHead(200, { "content-type": "text/plain" }).end(lines.join("\r\n"));
      }, delayMs);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        seen,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

let database: TestDatabase;
let stub: Awaited<ReturnType<typeof startStub>>;
beforeAll(async () => {
  stub = await startStub();
  await useTestEnv({ HIBP_API_URL: stub.url });
  database = await createTestDatabase();
});
afterAll(async () => {
  await stub.close();
  await database.close();
});
beforeEach(() => {
  stub.seen.length = 0;
});

describe("breached-password check (Have I Been Pwned range API)", () => {
  it("a breached password is refused at sign-up, saying how often it was seen", async () => {
    const signingUp = signUp({ name: "Bea", email: "bea@example.com", password: BREACHED, workspaceName: "Bea's team" }, client);
    await expect(signingUp).rejects.toMatchObject({ code: "VALIDATION_FAILED", message: expect.stringMatching(/known data breaches \(seen 3,000 times\)/) });
    expect(await db().user.findUnique({ where: { email: "bea@example.com" } })).toBeNull();
  });

  it("a clean password is accepted, even when its suffix is in the answer as padding", async () => {
    expect(await breachCount(CLEAN)).toBe(0);
    await signUp({ name: "Cal", email: "cal@example.com", password: CLEAN, workspaceName: "Cal's team" }, client);
    expect(await db().user.findUnique({ where: { email: "cal@example.com" }, select: { id: true } })).not.toBeNull();
  });

  it("the request carries only the 5-character prefix of the SHA-1, never the password or the full hash", async () => {
    expect(await breachCount(BREACHED)).toBe(3000);
    const hash = sha1(BREACHED);
    expect(stub.seen).toHaveLength(1);
    const [request] = stub.seen;
    expect(request!.method).toBe("GET");
    expect(request!.url).toBe(`/range/${hash.slice(0, 5)}`);
    expect(request!.headers["add-padding"]).toBe("true");
    const everything = `${request!.url}\n${JSON.stringify(request!.headers)}\n${request!.body}`.toUpperCase();
    expect(everything).not.toContain(hash.slice(5));
    expect(everything).not.toContain(hash.slice(5, 12));
    expect(everything).not.toContain(BREACHED.toUpperCase());
    expect(everything).not.toContain("PASSPHRASE");
  });

  it("with the service down the password is accepted and the skip is logged, without the password", async () => {
    const down = await startStub();
    await down.close();
    const warn = vi.spyOn(log(), "warn");
    expect(await breachCount(BREACHED, { baseUrl: down.url })).toBeNull();
    expect(warn).toHaveBeenCalledTimes(1);
    const logged = JSON.stringify(warn.mock.calls);
    expect(logged).toMatch(/breached-password check skipped/);
    expect(logged).toMatch(/unavailable/);
    expect(logged).not.toContain(BREACHED);
    expect(logged.toUpperCase()).not.toContain(sha1(BREACHED).slice(0, 5));
  });

  it("with the service slow the password is accepted within the 1.5 s deadline", async () => {
    const slow = await startStub(10_000);
    const warn = vi.spyOn(log(), "warn");
    try {
      const started = Date.now();
      expect(await breachCount(BREACHED, { baseUrl: slow.url })).toBeNull();
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(1_400);
      // No upper bound on the clock: had it waited for the stub (10 s), the answer would be a count, not null.
      expect(JSON.stringify(warn.mock.calls)).toMatch(/timeout/);
    } finally {
      await slow.close();
    }
  });

  it("every place a password is set asks the corpus: the shared rule refuses a breached one", async () => {
    expect(await newPasswordProblem(BREACHED, { email: "dee@example.com" })).toMatch(/known data breaches/);
    expect(await newPasswordProblem(CLEAN, { email: "dee@example.com" })).toBeNull();
  });

  it("off turns the check off: nothing is asked", async () => {
    expect(await breachCount(BREACHED, { baseUrl: "off" })).toBeNull();
    expect(stub.seen).toHaveLength(0);
  });
});
