import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { db } from "@/lib/db/client";
import { checkHealth } from "@/lib/health";
import { resetUploadConfigForTests } from "@/lib/uploads";
import { scanningMode, scanningNotice, uploadConfig } from "@/lib/uploads/config";
import { UploadRefused } from "@/lib/uploads/errors";
import { scanBytes } from "@/lib/uploads/scan";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { useTestEnv } from "../support/env";
import { freePort } from "./support/clamd";

/**
 * Issue 17 item 9: with APP_URL https, uploads need clamd unless UPLOADS_ALLOW_UNSCANNED=true
 * (warned at start, shown in /api/health); without either, start-up stops and any upload that
 * still arrives is refused, never stored unscanned.
 */
const cfg = (env: Record<string, string>) => parseConfig({ DATA_DIR: mkdtempSync(path.join(tmpdir(), "sb-scan-")), ...env });
const https = { APP_URL: "https://switchboard.example.com" };

describe("scanning is required in production", () => {
  it("https without clamd is refused at start unless UPLOADS_ALLOW_UNSCANNED=true, which is a warning", () => {
    expect(scanningMode(cfg(https))).toBe("refused");
    expect(scanningNotice(cfg(https))).toEqual({ level: "error", message: expect.stringMatching(/^CLAMAV_HOST or CLAMAV_SOCKET: required when APP_URL is https.*UPLOADS_ALLOW_UNSCANNED=true/) });
    expect(scanningNotice(cfg({ ...https, UPLOADS_ALLOW_UNSCANNED: "true" }))).toEqual({ level: "warn", message: expect.stringMatching(/NOT scanned/) });
    expect(scanningNotice(cfg({ ...https, CLAMAV_HOST: "clamav.internal:3310" }))).toEqual({ level: "info", message: expect.stringMatching(/scanned by clamd at clamav\.internal:3310/) });
    // Local development (http) keeps the two-command start: unscanned, said plainly.
    expect(scanningNotice(cfg({}))).toMatchObject({ level: "info", message: expect.stringMatching(/not scanned/) });
  });

  it("npm start with APP_URL https and no clamd stops before building, naming the variables", () => {
    const env = { PATH: process.env.PATH ?? "", DATA_DIR: mkdtempSync(path.join(tmpdir(), "sb-scan-start-")), APP_URL: https.APP_URL, PORT: "3999" } as unknown as NodeJS.ProcessEnv;
    const run = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "--import", "./scripts/lib/server-only-hook.mjs", "scripts/start.ts"], { env, encoding: "utf8", timeout: 60_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/CLAMAV_HOST or CLAMAV_SOCKET: required when APP_URL is https/);
    expect(run.stdout).not.toMatch(/building/i);
  }, 90_000);

  it("an upload that arrives where a scanner is required but missing is refused, not stored unscanned", async () => {
    const refused = await scanBytes(new TextEncoder().encode("hello"), { config: { clamdTimeoutMs: 1000, requireScanner: true } }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(UploadRefused);
    expect((refused as UploadRefused).reason).toBe("scanner_unavailable");
    expect(await scanBytes(new TextEncoder().encode("hello"), { config: { clamdTimeoutMs: 1000 } })).toEqual({ status: "not_scanned", reason: "not_configured" });
  });
});

describe("/api/health reports the scanner", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    await useTestEnv();
    database = await createTestDatabase();
  });
  afterAll(async () => database.close());

  async function healthWith(env: Record<string, string | undefined>) {
    for (const [k, v] of Object.entries(env)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetUploadConfigForTests();
    await db().$queryRaw`SELECT 1`;
    return checkHealth();
  }

  it("names the mode, and is degraded while uploads are being refused", async () => {
    expect(await healthWith({ APP_URL: undefined, UPLOADS_ALLOW_UNSCANNED: undefined, CLAMAV_HOST: undefined })).toMatchObject({ scanner: "not configured: uploads stored marked not scanned" });
    expect(await healthWith({ APP_URL: https.APP_URL, UPLOADS_ALLOW_UNSCANNED: "true" })).toMatchObject({ scanner: expect.stringMatching(/NOT scanned \(UPLOADS_ALLOW_UNSCANNED=true\)/) });
    expect(await healthWith({ UPLOADS_ALLOW_UNSCANNED: undefined })).toMatchObject({ status: "degraded", scanner: "not configured: uploads refused (APP_URL is https)" });
    const port = await freePort();
    const down = await healthWith({ CLAMAV_HOST: `127.0.0.1:${port}`, CLAMAV_TIMEOUT_MS: "1000" });
    expect(down).toMatchObject({ status: "degraded", scanner: `clamd at 127.0.0.1:${port} unreachable: uploads refused` });
    expect(uploadConfig().requireScanner).toBe(true);
    await healthWith({ APP_URL: undefined, CLAMAV_HOST: undefined, CLAMAV_TIMEOUT_MS: undefined });
  });
});
