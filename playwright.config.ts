import { defineConfig } from "@playwright/test";
import { LIMITS_URL, MAIN_URL, PASSKEYS_URL, STRICT_URL } from "./e2e/support/servers";

const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const server = (which: string, url: string) => ({
  command: `node node_modules/tsx/dist/cli.mjs e2e/support/start-server.ts ${which}`,
  // The home page, not /api/health: readiness polls must not use up the API rate limit.
  url: `${url}/`,
  timeout: 240_000,
  reuseExistingServer: false,
  stdout: "pipe" as const,
  stderr: "pipe" as const,
});

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  outputDir: "test-results",
  use: {
    baseURL: MAIN_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: chromiumArgs,
    },
  },
  webServer: [server("main", MAIN_URL), server("strict", STRICT_URL), server("limits", LIMITS_URL), server("passkeys", PASSKEYS_URL)],
});
