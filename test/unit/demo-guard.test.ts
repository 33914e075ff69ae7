import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { loadGeneratedSecrets } from "@/lib/config/generated-secrets";
import { demoDecision } from "@/lib/seed/production-guard";

/** Issue 16 item 14 (ASVS V6.3.2/V6.4.1, decision 031): no demo credentials where the deployment looks real. */
const dir = () => mkdtempSync(path.join(tmpdir(), "sb-demo-"));
const cfg = (env: Record<string, string>) => parseConfig({ DATA_DIR: dir(), ...env });
// A real database: its secrets come from the environment.
const secrets = loadGeneratedSecrets(dir(), {}, { generateMissing: true, problems: [] }) as unknown as Record<string, string>;
const pg = { ...secrets, DATABASE_URL: "postgresql://u@127.0.0.1/db", ADMIN_PATH: "/ops-0123456789abcdefghij" };

describe("the demo and production", () => {
  it("npm start on a dev machine (NODE_ENV defaulted, http) keeps its embedded demo", () => {
    expect(demoDecision(cfg({}), undefined)).toEqual({ seed: true, problems: [], warnings: [] });
    expect(demoDecision(cfg({ DEMO_PASSWORD: "a demo password here" }), undefined).problems).toEqual([]);
  });

  it("refuses SEED_DEMO and every DEMO_* variable with APP_URL https or NODE_ENV=production", () => {
    const https = cfg({ ...pg, APP_URL: "https://switchboard.example", SEED_DEMO: "true", DEMO_PASSWORD: "a demo password here", DEMO_LIVE_KEY: "x" });
    // The weakness: a real deployment with these set seeded users and keys with known credentials.
    const decision = demoDecision(https, undefined);
    expect(decision.seed).toBe(false);
    expect(decision.problems.map((p) => p.split(":")[0])).toEqual(["SEED_DEMO", "DEMO_PASSWORD", "DEMO_LIVE_KEY"]);
    expect(decision.problems[0]).toMatch(/APP_URL is https.*ALLOW_DEMO_IN_PRODUCTION=true/);
    const prod = demoDecision(cfg({ ...pg, SEED_DEMO: "true" }), "production");
    expect(prod.problems).toEqual([expect.stringMatching(/^SEED_DEMO: refused because NODE_ENV=production/)]);
  });

  it("the embedded database's implicit demo is skipped (said at start), not refused", () => {
    expect(demoDecision(cfg({ APP_URL: "https://switchboard.example" }), undefined)).toMatchObject({ seed: false, problems: [], warnings: [expect.stringMatching(/not seeded/)] });
    expect(demoDecision(cfg(pg), "production")).toEqual({ seed: false, problems: [], warnings: [] });
  });

  it("ALLOW_DEMO_IN_PRODUCTION=true allows it, warned loudly", () => {
    const allowed = demoDecision(cfg({ APP_URL: "https://demo.example", ALLOW_DEMO_IN_PRODUCTION: "true", DEMO_PASSWORD: "a demo password here" }), "production");
    expect(allowed.seed).toBe(true);
    expect(allowed.problems).toEqual([]);
    expect(allowed.warnings.join()).toMatch(/ALLOW_DEMO_IN_PRODUCTION is on.*Never on a real deployment/);
  });
});
