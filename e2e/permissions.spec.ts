import { guardPage } from "./support/page-guard";
import { expect, test } from "./support/session";

// Every demo role against every workspace page: what it reaches, and what its navigation shows.
// Who holds what by default (SPEC §2), for the permissions these pages need.
const HOLDERS = {
  "calls:read": ["owner", "admin", "developer", "agent", "viewer"],
  "test_calls:run": ["owner", "admin", "developer"],
  "team:manage": ["owner", "admin"],
  "api_keys:read": ["owner", "admin", "developer", "viewer"],
  "settings:manage": ["owner", "admin"],
  "webhooks:manage": ["owner", "admin", "developer"],
  "audit:read": ["owner", "admin"],
  "numbers:manage": ["owner", "admin"],
  "config:manage": ["owner", "admin", "developer"],
  "knowledge:manage": ["owner", "admin"],
  "billing:manage": ["owner", "billing"],
} satisfies Record<string, string[]>;
const ROLES = ["owner", "admin", "developer", "billing", "agent", "viewer"];
const PAGES: { path: string; nav: string; needs: keyof typeof HOLDERS | null }[] = [
  { path: "/demo", nav: "Overview", needs: null },
  { path: "/demo/calls", nav: "Calls", needs: "calls:read" },
  { path: "/demo/test-calls", nav: "Test calls", needs: "test_calls:run" },
  { path: "/demo/numbers", nav: "Numbers", needs: "numbers:manage" },
  { path: "/demo/config", nav: "Agent", needs: "config:manage" },
  { path: "/demo/knowledge", nav: "Knowledge", needs: "knowledge:manage" },
  { path: "/demo/billing", nav: "Billing", needs: "billing:manage" },
  { path: "/demo/team", nav: "Team", needs: "team:manage" },
  { path: "/demo/groups", nav: "Groups", needs: "team:manage" },
  { path: "/demo/developers/api-keys", nav: "API keys", needs: "api_keys:read" },
  { path: "/demo/developers/logs", nav: "Logs", needs: "api_keys:read" },
  { path: "/demo/developers/webhooks", nav: "Webhooks", needs: "webhooks:manage" },
  { path: "/demo/developers/docs", nav: "API docs", needs: "api_keys:read" },
  { path: "/demo/audit", nav: "Audit log", needs: "audit:read" },
  { path: "/demo/security", nav: "Security", needs: "audit:read" },
  { path: "/demo/settings", nav: "Settings", needs: "settings:manage" },
];

for (const role of ROLES) {
  test(`${role}: pages and navigation follow its permissions`, async ({ page, context, signIn }) => {
    await signIn(`${role}@demo.test`);
    for (const { path, nav, needs } of PAGES) {
      const allowed = needs === null || HOLDERS[needs].includes(role);
      const response = await context.request.get(path, { maxRedirects: 0 });
      expect(response.status(), `${role} → ${path}`).toBe(allowed ? 200 : 403);
      await page.goto("/demo");
      const link = page.getByRole("navigation", { name: "Workspace", exact: true }).getByRole("link", { name: nav, exact: true });
      await expect(link, `${role} nav ${nav}`).toHaveCount(allowed ? 1 : 0);
    }
  });
}

test("a 403 page renders cleanly and says why", async ({ page, signIn }) => {
  await signIn("agent@demo.test");
  const guard = await guardPage(page);
  const response = await page.goto("/demo/team");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: /don't have access/ })).toBeVisible();
  guard.assertClean([/status of 403/]);
});

test("another workspace's pages and objects are 404, never 403", async ({ context, signIn }) => {
  await signIn("owner@demo.test");
  for (const path of ["/someone-elses-workspace", "/someone-elses-workspace/team", "/demo/team/00000000-0000-0000-0000-000000000000", "/demo/groups/00000000-0000-0000-0000-000000000000"]) {
    expect((await context.request.get(path)).status(), path).toBe(404);
  }
});
