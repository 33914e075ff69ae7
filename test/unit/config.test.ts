import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "@/lib/config";

const dataDir = () => mkdtempSync(path.join(tmpdir(), "sb-config-"));

function problemsOf(env: Record<string, string>): string[] {
  try {
    parseConfig({ DATA_DIR: dataDir(), ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("configuration", () => {
  it("a wrong value names the variable and what it expects", () => {
    expect(problemsOf({ PORT: "eighty" }).join()).toMatch(/^PORT: .*number/);
    expect(problemsOf({ DATABASE_URL: "mysql://x" }).join()).toMatch(/^DATABASE_URL:/);
    expect(problemsOf({ TRUST_PROXY_HOPS: "-1" }).join()).toMatch(/^TRUST_PROXY_HOPS:/);
    expect(problemsOf({ ADMIN_PATH: "/admin" }).join()).toMatch(/^ADMIN_PATH: .*random/);
    // The scanner's settings are part of the one schema, so start-up names them too.
    expect(problemsOf({ CLAMAV_HOST: "localhost" }).join()).toMatch(/^CLAMAV_HOST: host:port/);
    expect(problemsOf({ CLAMAV_HOST: "127.0.0.1:3310", CLAMAV_SOCKET: "/tmp/c.sock" }).join()).toMatch(/not both/);
    expect(problemsOf({ DEMO_STAFF_TOTP_SECRET: "not base32!" }).join()).toMatch(/^DEMO_STAFF_TOTP_SECRET: a base32 secret/);
  });

  it("embedded mode generates the secrets once into DATA_DIR, private to the owner", () => {
    const dir = dataDir();
    const first = parseConfig({ DATA_DIR: dir });
    const second = parseConfig({ DATA_DIR: dir });
    expect(first.secrets).toEqual(second.secrets);
    expect(first.ADMIN_PATH).toMatch(/^\/ops-[A-Za-z0-9]{24}$/);
    expect(first.secrets.SESSION_SIGNING_PRIVATE_KEY).toContain("BEGIN PRIVATE KEY");
    const file = path.join(dir, "secrets.json");
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(JSON.parse(readFileSync(file, "utf8")).ADMIN_PATH).toBe(first.ADMIN_PATH);
  });

  it("with DATABASE_URL every secret is required and each missing one is named", () => {
    const problems = problemsOf({ DATABASE_URL: "postgres://localhost/x" });
    for (const name of ["ADMIN_PATH", "SESSION_SIGNING_PRIVATE_KEY", "MASTER_ENCRYPTION_KEY", "IRON_SESSION_PASSWORD", "NEXTAUTH_SECRET"]) {
      expect(problems.some((p) => p.startsWith(`${name}:`))).toBe(true);
    }
  });

  it("HSTS-worthy https deployments refuse the benchmark-only gate switch", () => {
    expect(problemsOf({ APP_URL: "https://sb.example.com", BENCH_DISABLE_GATE: "true" }).join()).toMatch(
      /^BENCH_DISABLE_GATE:/,
    );
    expect(parseConfig({ DATA_DIR: dataDir(), APP_URL: "https://sb.example.com" }).isHttps).toBe(true);
  });
});
