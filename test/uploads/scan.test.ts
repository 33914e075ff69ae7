import { createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "@/lib/config";
import { parseUploadConfig, type UploadConfig } from "@/lib/uploads/config";
import { UploadRefused } from "@/lib/uploads/errors";
import { processUpload } from "@/lib/uploads/pipeline";
import { pingScanner, scanBytes } from "@/lib/uploads/scan";
import { findClamd, freePort, startClamd, type RunningClamd } from "./support/clamd";
import { eicarBytes, makeDocx, makePdf } from "./support/files";

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseUploadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

async function refusalOf(promise: Promise<unknown>): Promise<UploadRefused> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UploadRefused);
  return error as UploadRefused;
}

describe("upload scanning configuration", () => {
  it("CLAMAV_HOST is host:port, CLAMAV_SOCKET an absolute path; neither means not configured", () => {
    expect(parseUploadConfig({}).clamd).toBeUndefined();
    expect(parseUploadConfig({ CLAMAV_HOST: "clamav.internal:3310" }).clamd).toEqual({ type: "tcp", host: "clamav.internal", port: 3310 });
    expect(parseUploadConfig({ CLAMAV_HOST: "[::1]:3310" }).clamd).toEqual({ type: "tcp", host: "::1", port: 3310 });
    expect(parseUploadConfig({ CLAMAV_SOCKET: "/run/clamav/clamd.ctl" }).clamd).toEqual({ type: "socket", path: "/run/clamav/clamd.ctl" });
  });

  it("a wrong value names the variable and what it expects", () => {
    expect(problemsOf({ CLAMAV_HOST: "localhost" }).join()).toMatch(/^CLAMAV_HOST: host:port/);
    expect(problemsOf({ CLAMAV_HOST: "localhost:99999" }).join()).toMatch(/^CLAMAV_HOST: a port from 1 to 65535/);
    expect(problemsOf({ CLAMAV_SOCKET: "clamd.sock" }).join()).toMatch(/^CLAMAV_SOCKET: an absolute path/);
    expect(problemsOf({ CLAMAV_HOST: "127.0.0.1:3310", CLAMAV_SOCKET: "/tmp/c.sock" }).join()).toMatch(/not both/);
  });
});

describe("scanBytes without clamd, or with clamd unreachable (fails closed)", () => {
  let silent: Server;
  const held: Socket[] = [];

  beforeAll(async () => {
    // Accepts connections and reads everything, but never answers: a hung clamd.
    silent = createServer((socket) => {
      held.push(socket);
      socket.resume();
    });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  });

  afterAll(async () => {
    for (const socket of held) socket.end();
    await new Promise((resolve) => silent.close(resolve));
  });

  it("not configured: not_scanned, so the file is stored marked as such", async () => {
    expect(await scanBytes(Buffer.from("hello"), { config: { clamdTimeoutMs: 1000 } })).toEqual({ status: "not_scanned", reason: "not_configured" });
  });

  it("configured but refusing connections: UploadRefused scanner_unavailable, and processUpload refuses the file", async () => {
    const config: UploadConfig = { clamd: { type: "tcp", host: "127.0.0.1", port: await freePort() }, clamdTimeoutMs: 2000 };
    const error = await refusalOf(scanBytes(Buffer.from("hello"), { config }));
    expect(error).toMatchObject({ reason: "scanner_unavailable", message: expect.stringMatching(/virus scanner is unavailable, so the file was not accepted/) });
    expect(error.detail).toMatch(/clamd at 127\.0\.0\.1:\d+: .*ECONNREFUSED/);
    expect(error.isSecurityEvent).toBe(false);
    expect(await processUpload({ filename: "notes.txt", bytes: Buffer.from("hello") }, { config })).toMatchObject({ status: "rejected", reason: "scanner_unavailable" });
    await expect(pingScanner({ config })).rejects.toMatchObject({ reason: "scanner_unavailable" });
  });

  it("configured with a missing unix socket: scanner_unavailable", async () => {
    const config: UploadConfig = { clamd: { type: "socket", path: "/nonexistent/clamd.sock" }, clamdTimeoutMs: 2000 };
    expect((await refusalOf(scanBytes(Buffer.from("hello"), { config }))).detail).toMatch(/ENOENT/);
  });

  it("a clamd that never answers: scanner_unavailable after the timeout", async () => {
    const { port } = silent.address() as { port: number };
    const config: UploadConfig = { clamd: { type: "tcp", host: "127.0.0.1", port }, clamdTimeoutMs: 300 };
    const started = performance.now();
    expect((await refusalOf(scanBytes(Buffer.from("hello"), { config }))).reason).toBe("scanner_unavailable");
    // It waited for the timeout; without one the silent clamd would hold it past the test's own.
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
  });
});

const clamdPath = findClamd();
const skipReason = clamdPath ? "" : " — skipped: clamd not installed (apt-get install -y --no-install-recommends clamav-daemon)";

describe.skipIf(!clamdPath)(`scanBytes with a real clamd (EICAR-only signatures)${skipReason}`, () => {
  let tcp: RunningClamd;
  let unix: RunningClamd;
  const viaTcp = (): { config: UploadConfig } => ({ config: { clamd: tcp.target, clamdTimeoutMs: 10_000 } });

  beforeAll(async () => {
    [tcp, unix] = await Promise.all([startClamd("tcp"), startClamd("socket")]);
  });

  afterAll(() => {
    tcp?.stop();
    unix?.stop();
  });

  it("the EICAR test file is infected, with its signature name", async () => {
    const result = await scanBytes(eicarBytes(), viaTcp());
    expect(result).toMatchObject({ status: "infected", signature: expect.stringMatching(/Eicar-Test-Signature/) });
  });

  it("a clean text file and a clean PDF are clean", async () => {
    expect(await scanBytes(Buffer.from("Opening hours: 9-5\n"), viaTcp())).toEqual({ status: "clean" });
    expect(await scanBytes(makePdf(), viaTcp())).toEqual({ status: "clean" });
  });

  it("EICAR inside a DOCX is found: clamd unpacks the archive", async () => {
    const docx = await makeDocx(["Hello"], [{ name: "word/media/readme.txt", data: eicarBytes() }]);
    expect(await scanBytes(docx, viaTcp())).toMatchObject({ status: "infected" });
  });

  it("works over a unix socket (CLAMAV_SOCKET) too, and answers PING", async () => {
    const config: UploadConfig = { clamd: unix.target, clamdTimeoutMs: 10_000 };
    expect(await scanBytes(eicarBytes(), { config })).toMatchObject({ status: "infected" });
    expect(await scanBytes(Buffer.from("clean"), { config })).toEqual({ status: "clean" });
    expect(await pingScanner({ config })).toBe(true);
  });

  it("processUpload refuses an infected file as infected and accepts a clean one as scanned clean", async () => {
    const infected = await processUpload({ filename: "eicar.txt", bytes: eicarBytes() }, viaTcp());
    expect(infected).toMatchObject({ status: "rejected", reason: "infected", message: "“eicar.txt” was flagged by the virus scanner and was not accepted." });
    if (infected.status === "rejected") expect(infected.detail).toMatch(/Eicar/);
    expect(await processUpload({ filename: "guide.docx", bytes: await makeDocx(["Welcome"]) }, viaTcp())).toMatchObject({ status: "accepted", scan: "clean", text: "Welcome" });
  });
});
