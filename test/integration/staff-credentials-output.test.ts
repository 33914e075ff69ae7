import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Issue 17 item 3: `npm run staff -- add` follows npm start's rule — the temporary password
 * and the authenticator secret go to DATA_DIR/credentials.txt (0600), and output that is not
 * a terminal names the file instead of printing them. On an embedded database of its own.
 */
const script = (dataDir: string, ...args: string[]) =>
  execFileSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "--import", "./scripts/lib/server-only-hook.mjs", ...args], {
    env: { PATH: process.env.PATH ?? "", DATA_DIR: dataDir, HIBP_API_URL: "off", LOG_LEVEL: "warn" } as unknown as NodeJS.ProcessEnv,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });

describe("npm run staff without a terminal", () => {
  it("writes the password and authenticator secret to a 0600 file and prints neither", () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "sb-staff-out-"));
    script(dataDir, "scripts/migrate.ts");
    const out = script(dataDir, "scripts/staff.ts", "add", "ops@example.test");
    const file = path.join(dataDir, "credentials.txt");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, "utf8");
    const password = /Temporary password: (\S+)/.exec(text)?.[1];
    const secret = /Authenticator secret: (\S+)/.exec(text)?.[1];
    expect(password).toBeTruthy();
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    expect(out).not.toContain(password!);
    expect(out).not.toContain(secret!);
    expect(out).toContain(`Staff account ops@example.test: written to ${file} (mode 0600)`);
  }, 120_000);
});
